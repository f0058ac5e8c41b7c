/**
 * Issue 15 §5 on a server without the ICE-restart relay (2.0.3), with the fake transport and
 * peers (the real thing, through coturn, is in manager-reconnect.test.ts): who sends the tagged
 * `call/request`, who answers it by itself, and who never sees it as a call.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AsklessError } from '../../src/core/errors.js';
import { CallService } from '../../src/core/calls/call-service.js';
import { CallManagerEngine } from '../../src/core/calls/manager.js';
import { ICE_RESTART_ROUTE } from '../../src/core/calls/relay-wire.js';
import { FakeTransport, fakePeers, fakeStream, flush } from './fakes.js';

const OFFER = { type: 'offer', sdp: 'v=0\r\noffer\r\na=candidate:1 1 udp 1 192.0.2.1 1 typ host\r\n' };
const ANSWER = { type: 'answer', sdp: 'v=0\r\nanswer\r\n' };
const TAG = { asklessReactReconnect: { v: 1, id: 'attempt-1' } };

let transport: FakeTransport;
let peers: ReturnType<typeof fakePeers>;
let service: CallService;
let manager: CallManagerEngine;
beforeEach(() => {
  transport = new FakeTransport(2);
  peers = fakePeers();
  // reconnectTimeoutMs 2 s: the restart loop runs every 500 ms.
  service = new CallService({ transport, createPeer: peers.factory, reconnectTimeoutMs: 2_000 });
  manager = new CallManagerEngine(service, { statsIntervalMs: 0, levelUpdatesPerSecond: 0, endedCallLingerMs: 100 });
  manager.subscribe(() => undefined);
});
afterEach(() => {
  service.dispose();
  manager.dispose();
});

/** This server has no relay route: it answers INVALID_ROUTE (as 2.0.3) to its LISTEN. */
function relayMissing(): void {
  for (const l of transport.listening.filter((l) => l.route === ICE_RESTART_ROUTE && l.open)) {
    l.open = false;
    l.handlers.onStop(new AsklessError('INVALID_ROUTE', 'route not found: READ askless-react/call/ice-restart'));
  }
}

/** User 7 calls us; we answer; media flows. */
async function answeredCall() {
  transport.push('call/receive', { hasCallRequest: true, remoteUserId: 7, sdp: OFFER, additionalData: {} });
  const ringing = manager.getSnapshot().calls[0]!;
  await ringing.accept({ localStream: fakeStream() });
  const first = peers.peers[0]!;
  first.emit('stream', fakeStream());
  expect(manager.getCall(ringing.id)!.state).toBe('connected');
  return { ringing, first };
}

/** User 2 calls user 5; the call connects; then its ICE drops. */
async function callThatDrops(inBandPeer: boolean) {
  const call = manager.call({ userId: 5, localStream: fakeStream() });
  await vi.waitFor(() => expect(transport.createdOn('call/request')).toHaveLength(1));
  transport.push('listen-for-a-call', {}, 5); // the stream's initial value, from before the request
  transport.push('listen-for-a-call', { callAccepted: true, sdp: ANSWER, additionalData: {}, remoteUserId: 5 }, 5);
  const first = peers.peers[0]!;
  first.emit('stream', fakeStream());
  expect(call.state).toBe('connected');
  service.activeCallWith(5)!.inBandPeer = inBandPeer;
  first.emit('iceStateChange', 'disconnected');
  expect(call.state).toBe('reconnecting');
  relayMissing();
  return { call, first };
}

describe('re-establishing a call without the ICE-restart relay', () => {
  it('the first offerer sends a tagged request; the answer on the call stream swaps in the new peer; the call comes back', async () => {
    const { call, first } = await callThatDrops(true);
    await vi.waitFor(() => expect(transport.createdOn('call/request')).toHaveLength(2), { timeout: 3_000 });
    const request = transport.createdOn('call/request')[1];
    expect(request).toMatchObject({ remoteUserId: 5, additionalData: { asklessReactReconnect: { v: 1, id: expect.any(String) } }, sdp: { type: 'offer' } });
    const second = peers.peers.at(-1)!;
    expect(second.options.initiator).toBe(true);
    // An answer that does not repeat this request's tag (a late one to an earlier try) is not it.
    transport.push('listen-for-a-call', { callAccepted: true, sdp: { type: 'answer', sdp: 'v=0\r\nstale\r\n' }, additionalData: { asklessReactReconnect: { v: 1, id: 'other' } }, remoteUserId: 5 }, 5);
    expect(second.signals).toEqual([]);
    transport.push('listen-for-a-call', { callAccepted: true, sdp: ANSWER, additionalData: { ...request.additionalData }, remoteUserId: 5 }, 5);
    await vi.waitFor(() => expect(first.destroyed).toBe(true));
    expect(second.signals).toContainEqual(ANSWER);
    second.emit('iceStateChange', 'connected');
    expect(call.state).toBe('connected');
    expect(manager.getSnapshot().calls.map((c) => c.id)).toEqual([call.id]);
  });

  it('hanging up while the tagged request waits for its answer destroys the new peer at once', async () => {
    const { call } = await callThatDrops(true);
    await vi.waitFor(() => expect(transport.createdOn('call/request')).toHaveLength(2), { timeout: 3_000 });
    const waiting = peers.peers.at(-1)!;
    call.hangUp();
    await vi.waitFor(() => expect(waiting.destroyed).toBe(true), { timeout: 200, interval: 5 });
  });

  it('a Flutter peer (no in-band hello) is never sent one: the call waits, then ends connection_failed', async () => {
    const { call } = await callThatDrops(false);
    await vi.waitFor(() => expect(call.state).toBe('ended'), { timeout: 4_000 });
    expect(call.endReason).toBe('connection_failed');
    expect(transport.createdOn('call/request')).toHaveLength(1);
  });

  it('the other side answers a tagged request for its dropped call by itself: no ringing, one call, the old peer replaced', async () => {
    const { ringing, first } = await answeredCall();
    // A healthy call is never torn down by such a request (a peer could otherwise reset our media at will).
    transport.push('call/receive', { hasCallRequest: true, remoteUserId: 7, sdp: OFFER, additionalData: { ...TAG } });
    await flush();
    expect(transport.createdOn('call/response')).toHaveLength(1);
    expect(peers.peers).toHaveLength(1);
    first.emit('iceStateChange', 'disconnected');
    expect(manager.getCall(ringing.id)!.state).toBe('reconnecting');
    transport.push('call/receive', { hasCallRequest: true, remoteUserId: 7, sdp: OFFER, additionalData: { ...TAG } });
    await vi.waitFor(() => expect(transport.createdOn('call/response')).toHaveLength(2));
    expect(transport.createdOn('call/response')[1]).toMatchObject({ callAccepted: true, remoteUserId: 7, sdp: ANSWER, additionalData: TAG });
    expect(first.destroyed).toBe(true);
    expect(peers.peers.at(-1)!.options.initiator).toBe(false);
    expect(manager.getSnapshot().calls.map((c) => [c.id, c.state])).toEqual([[ringing.id, 'reconnecting']]);
    peers.peers.at(-1)!.emit('iceStateChange', 'connected');
    expect(manager.getCall(ringing.id)!.state).toBe('connected');
  });

  it('a tagged request without a live call (another device of the user) neither rings nor answers', () => {
    transport.push('call/receive', { hasCallRequest: true, remoteUserId: 7, sdp: OFFER, additionalData: { ...TAG } });
    expect(manager.getSnapshot().calls).toEqual([]);
    expect(manager.getSnapshot().missedCalls).toEqual([]);
    expect(transport.createdOn('call/response')).toEqual([]);
    expect(peers.peers).toEqual([]);
  });
});
