/**
 * Calls between our client and a Flutter-shaped peer (test/support/flutter-peer.ts: raw Flutter
 * 3.1.0 frames, a wrtc RTCPeerConnection with audio + video and no data channel) through the
 * project's server, in both directions.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CallEndReason, LiveCall, ReceivingCall } from '../../src/core/calls/types.js';
import { FlutterPeer } from '../support/flutter-peer.js';
import { startReferenceServer, type ReferenceServer } from '../support/reference-app.js';
import { cleanup, localMedia, loggedIn } from './helpers.js';

let app: ReferenceServer;
const flutters: FlutterPeer[] = [];
beforeAll(async () => {
  app = await startReferenceServer();
});
afterEach(async () => {
  await Promise.all(flutters.splice(0).map((f) => f.close()));
  cleanup();
});
afterAll(async () => {
  await app.stop();
});

async function flutter(userId: number): Promise<FlutterPeer> {
  const peer = await FlutterPeer.connect(app.url, { userId });
  flutters.push(peer);
  return peer;
}

const media = () => localMedia({ video: true, audio: true });

describe('web caller → Flutter-shaped callee', () => {
  it('connects with remote tracks on both sides, and the Flutter side hanging up ends both', async () => {
    const callee = await flutter(502);
    const web = await loggedIn(app.url, 501);
    callee.onIncoming(() => void callee.accept({ from: 'flutter' }));

    const handle = web.requestCallToUser({ userId: 502, localStream: media(), additionalData: { from: 'web' } });
    const result = await handle.response();
    expect(result.callAccepted).toBe(true);
    expect(result.additionalData).toEqual({ from: 'flutter' });
    expect(callee.remoteAdditionalData).toEqual({ from: 'web' });
    const live = result.liveCall!;
    await vi.waitFor(() => expect(live.state).toBe('connected'), { timeout: 10_000 });
    await callee.waitForState('connected');
    await callee.waitForIceConnected();
    await vi.waitFor(() => expect([live.remoteStream?.getVideoTracks().length, live.remoteStream?.getAudioTracks().length]).toEqual([1, 1]));
    await callee.waitForRemoteTracks(2);
    expect(callee.remoteTracks.map((t) => t.kind).sort()).toEqual(['audio', 'video']);
    // Flutter's callee never sends candidates, and its answer carries none.
    expect(callee.sent.some((f) => f['route'] === 'askless-internal/call/ice-candidate-list' && f['_class_type_modify'])).toBe(false);
    const answer = callee.sent.find((f) => f['route'] === 'askless-internal/call/response');
    expect(answer?.['body'].sdp.sdp).not.toContain('a=candidate:');

    const closed = new Promise<CallEndReason>((resolve) => live.onClose(resolve));
    await callee.hangUp();
    expect(await closed).toBe('remote_hangup');
    expect(callee.state).toBe('ended');
  });
});

describe('Flutter-shaped caller → web callee', () => {
  it('connects with remote tracks on both sides (no data channel), and the web side hanging up ends both', async () => {
    const caller = await flutter(511);
    const web = await loggedIn(app.url, 512);
    const incoming = new Promise<ReceivingCall>((resolve) => web.onIncomingCall(resolve));

    const outcome = caller.call(512, { from: 'flutter' });
    const call = await incoming;
    expect(call.remoteUserId).toBe(511);
    expect(call.additionalData).toEqual({ from: 'flutter' });
    const accepted = await call.acceptCall({ localStream: media(), additionalData: { from: 'web' } });
    expect(accepted.success).toBe(true);
    expect(await outcome).toBe('accepted');
    const live = accepted.liveCall!;
    await vi.waitFor(() => expect(live.state).toBe('connected'), { timeout: 10_000 });
    await caller.waitForState('connected');
    await caller.waitForIceConnected();
    await vi.waitFor(() => expect([live.remoteStream?.getVideoTracks().length, live.remoteStream?.getAudioTracks().length]).toEqual([1, 1]));
    await caller.waitForRemoteTracks(2);
    expect(caller.remoteTracks.map((t) => t.kind).sort()).toEqual(['audio', 'video']);
    // Flutter's bare offer and its single ICE batch after the answer.
    const request = caller.sent.find((f) => f['route'] === 'askless-internal/call/request');
    expect(request?.['body'].sdp.sdp).not.toContain('a=candidate:');
    expect(request?.['body'].sdp.sdp).not.toContain('m=application');
    const icePosts = () => caller.sent.filter((f) => f['route'] === 'askless-internal/call/ice-candidate-list' && f['_class_type_modify']);
    await vi.waitFor(() => expect(icePosts()).toHaveLength(1));
    expect(icePosts()[0]!['body'].iceCandidateList.length).toBeGreaterThan(0);
    expect(caller.sent.some((f) => f['route'] === 'askless-internal/call/ice-candidate-list' && f['_class_type_listen'])).toBe(false);

    live.closeCall();
    await caller.waitForState('ended');
    expect(caller.endReason).toBe('remote_closed');
    expect(live.state).toBe('ended');
  });
});
