/**
 * Interop with a Flutter-style peer through the project's server: the other side is a raw wire
 * client plus a trickling simple-peer whose SDP carries no candidates, the way Flutter 3.1.0
 * takes its offer/answer before gathering. Our callee must connect with the caller's one
 * candidate batch; our caller must connect to a callee that sends no candidates at all.
 */
import wrtc from '@roamhq/wrtc';
import Peer from 'simple-peer/simplepeer.min.js';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CallEndReason, LiveCall } from '../../src/core/calls/types.js';
import { startReferenceServer, type ReferenceServer } from '../support/reference-app.js';
import { WireClient } from '../support/wire-client.js';
import { cleanup, localMedia, loggedIn } from './helpers.js';

const R = {
  receive: 'askless-internal/call/receive',
  request: 'askless-internal/call/request',
  lfac: 'askless-internal/call/listen-for-a-call',
  response: 'askless-internal/call/response',
  ice: 'askless-internal/call/ice-candidate-list',
  close: 'askless-internal/call/close',
};

let app: ReferenceServer;
const raws: WireClient[] = [];
const peers: Peer.Instance[] = [];
beforeAll(async () => {
  app = await startReferenceServer();
});
afterEach(async () => {
  // Destroy the raw peers and wait for their close, so wrtc tears down before the next test.
  await Promise.all(peers.splice(0).map((p) => new Promise<void>((resolve) => (p.destroyed ? resolve() : (p.once('close', () => resolve()), p.destroy())))));
  await Promise.all(raws.splice(0).map((c) => c.close()));
  cleanup();
});
afterAll(async () => {
  await app.stop();
});

async function flutterUser(n: number): Promise<WireClient> {
  const c = await WireClient.connect(app.url);
  raws.push(c);
  await c.configure();
  await c.authenticate({ accessToken: `token-${n}` });
  return c;
}

function tricklingPeer(initiator: boolean) {
  const peer = new Peer({ initiator, trickle: true, wrtc: wrtc as never, stream: localMedia() as never, config: { iceServers: [] } });
  peers.push(peer);
  const state = { sdp: undefined as { type: string; sdp: string } | undefined, candidates: [] as RTCIceCandidateInit[], connected: false, stream: undefined as unknown };
  peer.on('signal', (data: any) => {
    // Flutter takes its SDP before gathering: keep the description, drop any candidate lines.
    if (data.type === 'offer' || data.type === 'answer') state.sdp ??= { type: data.type, sdp: String(data.sdp).replace(/a=candidate:[^\r\n]*\r\n/g, '') };
    else if (data.candidate) state.candidates.push(data.candidate);
  });
  peer.on('connect', () => (state.connected = true));
  peer.on('stream', (s: unknown) => (state.stream = s));
  return { peer, state };
}

describe('interop with a Flutter-style peer (wrtc, real server)', () => {
  it('our callee connects to a caller whose offer has no candidates and who posts one batch after the answer', async () => {
    const flutter = await flutterUser(401);
    const ours = await loggedIn(app.url, 402);
    const ourLive = new Promise<LiveCall>((resolve) => ours.onIncomingCall(async (call) => resolve((await call.acceptCall({ localStream: localMedia() })).liveCall!)));

    const lf = await flutter.listen(R.lfac, { remoteUserId: 402 });
    await flutter.push(lf.listenId);
    const { peer, state } = tricklingPeer(true);
    await vi.waitFor(() => expect(state.sdp?.type).toBe('offer'));
    expect(state.sdp!.sdp).not.toContain('a=candidate:');
    await flutter.modify('CREATE', R.request, { remoteUserId: 402, sdp: state.sdp, additionalData: {} });

    const answer = await flutter.next((f) => typeof f === 'object' && f['listenId'] === lf.listenId && f['output']?.callAccepted === true);
    peer.signal((answer as Record<string, any>)['output'].sdp);
    await vi.waitFor(() => expect(state.candidates.length).toBeGreaterThan(0));
    const batch = state.candidates.map((c) => ({ candidate: c.candidate, id: c.sdpMid, label: c.sdpMLineIndex }));
    expect((await flutter.modify('CREATE', R.ice, { remoteUserId: 402, iceCandidateList: batch })).output).toEqual({});

    const live = await ourLive;
    await vi.waitFor(() => expect([live.state, state.connected]).toEqual(['connected', true]), { timeout: 10_000 });
    await vi.waitFor(() => expect(live.remoteStream?.getVideoTracks()).toHaveLength(1));
    expect(state.stream).toBeDefined();

    const closed = new Promise<CallEndReason>((resolve) => live.onClose(resolve));
    await flutter.modify('CREATE', R.close, { remoteUserId: 402, callClosed: true });
    expect(await closed).toBe('remote_hangup');
  });

  it('our caller connects to a callee whose answer has no candidates and who never sends any', async () => {
    const flutter = await flutterUser(412);
    const ours = await loggedIn(app.url, 411);
    const receive = await flutter.listen(R.receive);
    await flutter.push(receive.listenId);

    const handle = ours.requestCallToUser({ userId: 412, localStream: localMedia(), additionalData: { from: 'web' } });
    const request = (await flutter.next((f) => typeof f === 'object' && f['listenId'] === receive.listenId && f['output']?.hasCallRequest === true)) as Record<string, any>;
    expect(request['output']).toMatchObject({ remoteUserId: 411, additionalData: { from: 'web' }, sdp: { type: 'offer' } });
    const lf = await flutter.listen(R.lfac, { remoteUserId: 411 });
    await flutter.listen(R.ice, { remoteUserId: 411 });

    const { peer, state } = tricklingPeer(false);
    peer.signal(request['output'].sdp);
    await vi.waitFor(() => expect(state.sdp?.type).toBe('answer'));
    expect(state.sdp!.sdp).not.toContain('a=candidate:');
    await flutter.modify('CREATE', R.response, { callAccepted: true, remoteUserId: 411, sdp: state.sdp, additionalData: {} });

    const result = await handle.response();
    expect(result.callAccepted).toBe(true);
    const live = result.liveCall!;
    await vi.waitFor(() => expect([live.state, state.connected]).toEqual(['connected', true]), { timeout: 10_000 });
    await vi.waitFor(() => expect(live.remoteStream?.getVideoTracks()).toHaveLength(1));

    live.closeCall();
    const closedPush = (await flutter.next((f) => typeof f === 'object' && f['listenId'] === lf.listenId && f['output']?.callClosed === true)) as Record<string, any>;
    expect(closedPush['output']).toEqual({ callClosed: true });
  });
});
