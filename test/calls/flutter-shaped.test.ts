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
/** The same server posing as a plain 2.0.3 (no resume extension): our client then pings as for 2.0.3. */
let plain: ReferenceServer;
const flutters: FlutterPeer[] = [];
beforeAll(async () => {
  app = await startReferenceServer();
  plain = await startReferenceServer({ init: { advertiseResumeExtension: false } });
});
afterEach(async () => {
  await Promise.all(flutters.splice(0).map((f) => f.close()));
  cleanup();
});
afterAll(async () => {
  await app.stop();
  await plain.stop();
});

async function flutter(userId: number, url = app.url): Promise<FlutterPeer> {
  const peer = await FlutterPeer.connect(url, { userId });
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

describe('hang-up from the other side, reject and cancel', () => {
  it('web caller → Flutter callee: the web side hanging up ends the Flutter side', async () => {
    const callee = await flutter(521);
    const web = await loggedIn(app.url, 522);
    callee.onIncoming(() => void callee.accept());
    const result = await web.requestCallToUser({ userId: 521, localStream: media() }).response();
    const live = result.liveCall!;
    await vi.waitFor(() => expect(live.state).toBe('connected'), { timeout: 10_000 });
    await callee.waitForState('connected');
    live.closeCall();
    await callee.waitForState('ended');
    expect(callee.endReason).toBe('remote_closed');
  });

  it('Flutter caller → web callee: the Flutter side hanging up ends the web side', async () => {
    const caller = await flutter(523);
    const web = await loggedIn(app.url, 524);
    web.onIncomingCall((call) => void call.acceptCall({ localStream: media() }).then((r) => liveCalls.push(r.liveCall!)));
    const liveCalls: LiveCall[] = [];
    expect(await caller.call(524)).toBe('accepted');
    await caller.waitForState('connected');
    await vi.waitFor(() => expect(liveCalls[0]?.state).toBe('connected'), { timeout: 10_000 });
    const closed = new Promise<CallEndReason>((resolve) => liveCalls[0]!.onClose(resolve));
    await caller.hangUp();
    expect(await closed).toBe('remote_hangup');
  });

  it('a Flutter callee rejecting ends the web call as rejected, with its data', async () => {
    const callee = await flutter(531);
    const web = await loggedIn(app.url, 532);
    callee.onIncoming(() => void callee.reject({ reason: 'busy-here' }));
    const result = await web.requestCallToUser({ userId: 531, localStream: media() }).response();
    expect(result.callAccepted).toBe(false);
    expect(result.endReason).toBe('rejected');
    expect(result.additionalData).toEqual({ reason: 'busy-here' });
  });

  it('a web callee rejecting ends the Flutter call as rejected', async () => {
    const caller = await flutter(533);
    const web = await loggedIn(app.url, 534);
    web.onIncomingCall((call) => call.rejectCall({ why: 'later' }));
    expect(await caller.call(534)).toBe('rejected');
    expect(caller.endReason).toBe('rejected_by_remote');
    expect(caller.remoteAdditionalData).toEqual({ why: 'later' });
  });

  it('a web caller canceling before the answer ends the Flutter incoming call', async () => {
    const callee = await flutter(541);
    const web = await loggedIn(app.url, 542);
    const ringing = new Promise<void>((resolve) => callee.onIncoming(() => resolve()));
    const handle = web.requestCallToUser({ userId: 541, localStream: media() });
    await ringing;
    await vi.waitFor(() => expect(handle.state).toBe('ringing'));
    // A cancel that reaches the server before the callee's listen-for-a-call is never told to a
    // Flutter callee (Q22): cancel once it listens.
    await callee.waitForCallStream();
    handle.dispose();
    await callee.waitForState('ended');
    expect(callee.endReason).toBe('remote_canceled');
  });

  it('a Flutter caller canceling (dropping its stream, sending nothing) ends the web incoming call as canceled', async () => {
    const caller = await flutter(543);
    const web = await loggedIn(app.url, 544);
    const incoming = new Promise<ReceivingCall>((resolve) => web.onIncomingCall(resolve));
    void caller.call(544);
    const call = await incoming;
    const canceled = new Promise<void>((resolve) => call.onCanceled(resolve));
    caller.cancel();
    await canceled;
    expect(call.state).toBe('ended');
    expect(call.endReason).toBe('canceled');
    // Flutter sends nothing explicit: no call/close, no call/response.
    expect(caller.sent.some((f) => f['route'] === 'askless-internal/call/close')).toBe(false);
  });
});

describe('call-backs right after a hang-up', () => {
  // The default 1 s stream release grace, where the previous call's listen-for-a-call lingers.
  const defaultGrace = { streamReleaseGraceMs: 1000 };

  it.each([['ours', 551], ['posing as plain 2.0.3', 571]] as const)('six call-backs in a row between web and Flutter, each placed right after the hang-up by the side hanging up, all connect (server: %s)', async (mode, fId) => {
    const url = mode === 'ours' ? app.url : plain.url;
    const webId = fId + 1;
    const f = await flutter(fId, url);
    const web = await loggedIn(url, webId, defaultGrace);
    const webLive: LiveCall[] = [];
    web.onIncomingCall((call) => void call.acceptCall({ localStream: media() }).then((r) => r.liveCall && webLive.push(r.liveCall)));
    f.onIncoming(() => void f.accept());
    for (let round = 0; round < 6; round++) {
      if (round % 2 === 0) {
        // The web calls (right after hanging up on the previous call); Flutter hangs up.
        const result = await web.requestCallToUser({ userId: fId, localStream: media() }).response();
        expect(result.callAccepted, `round ${round}: ${result.endReason} ${result.error?.code}`).toBe(true);
        await vi.waitFor(() => expect(result.liveCall!.state).toBe('connected'), { timeout: 10_000 });
        await f.waitForState('connected');
        await f.hangUp();
      } else {
        // Flutter calls back as soon as its call/close was answered; the web hangs up.
        expect(await f.call(webId), `round ${round}: ${f.endReason}`).toBe('accepted');
        await f.waitForState('connected');
        await vi.waitFor(() => expect(webLive.at(-1)?.state).toBe('connected'), { timeout: 10_000 });
        webLive.at(-1)!.closeCall();
      }
    }
    await f.waitForState('ended');
    expect(webLive).toHaveLength(3);
  });

  it.each([['ours', 561], ['posing as plain 2.0.3', 581]] as const)('six call-backs in a row between two web clients, each placed in the same tick as the hang-up by the side hanging up, all connect (server: %s)', async (mode, aId) => {
    const url = mode === 'ours' ? app.url : plain.url;
    const bId = aId + 1;
    const a = await loggedIn(url, aId, defaultGrace);
    const b = await loggedIn(url, bId, defaultGrace);
    const live: LiveCall[] = [];
    for (const c of [a, b]) c.onIncomingCall((call) => void call.acceptCall({ localStream: media() }).then((r) => r.liveCall && live.push(r.liveCall)));
    let [caller, callee] = [a, b];
    for (let round = 0; round < 6; round++) {
      const calleeId = callee === a ? aId : bId;
      const result = await caller.requestCallToUser({ userId: calleeId, localStream: media() }).response();
      expect(result.callAccepted, `round ${round}: ${result.endReason} ${result.error?.code}`).toBe(true);
      await vi.waitFor(() => expect([result.liveCall!.state, live.at(-1)?.state]).toEqual(['connected', 'connected']), { timeout: 10_000 });
      expect(live).toHaveLength(round + 1);
      // The callee hangs up and, in the same tick, calls the caller back.
      const closed = new Promise<CallEndReason>((resolve) => result.liveCall!.onClose(resolve));
      live.at(-1)!.closeCall();
      [caller, callee] = [callee, caller];
      if (round < 5) continue;
      expect(await closed).toBe('remote_hangup');
    }
  });
});
