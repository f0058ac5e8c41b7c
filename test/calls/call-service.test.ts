/**
 * The call service's own rules, with a fake transport and peer (the real server and wrtc are in
 * the calls-*.test.ts files): 2.0.3 event orders, duplicate requests, ring timers, media
 * ownership, lost media, repeated answers.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AsklessError } from '../../src/core/errors.js';
import { CallService, compareUserIds } from '../../src/core/calls/call-service.js';
import type { ReceivingCall } from '../../src/core/calls/types.js';
import { FakeTransport, fakePeers, fakeStream, flush } from './fakes.js';

const OFFER = { type: 'offer', sdp: 'v=0\r\noffer\r\n' };
const ANSWER = { type: 'answer', sdp: 'v=0\r\nanswer\r\n' };

let transport: FakeTransport;
let peers: ReturnType<typeof fakePeers>;
let service: CallService;
beforeEach(() => {
  transport = new FakeTransport(2);
  peers = fakePeers();
  service = new CallService({ transport, createPeer: peers.factory, peerCloseGraceMs: 1_000 });
});
afterEach(() => {
  service.dispose();
  vi.useRealTimers();
});

function ring(from: number, offer = OFFER, additionalData = {}): void {
  transport.push('call/receive', { hasCallRequest: true, remoteUserId: from, sdp: offer, additionalData });
}

describe('CallService (fake transport)', () => {
  it('2.0.3 cancel order: StopListening before the cancel push still ends the callee `canceled`, onCanceled once', () => {
    const calls: ReceivingCall[] = [];
    service.onIncomingCall((c) => calls.push(c));
    ring(1);
    const [call] = calls;
    let canceled = 0;
    call!.onCanceled(() => canceled++);
    transport.push('listen-for-a-call', { sdp: OFFER, additionalData: {}, remoteUserId: 1 }, 1); // initial value
    transport.stopListening('listen-for-a-call', 1);
    expect(call!.state).toBe('ended');
    expect(canceled).toBe(1);
    expect(transport.createdOn('call/response')).toEqual([]); // nothing to tell a caller that left
  });

  it('a callee whose listen-for-a-call starts without the offer knows the caller already canceled (Q22)', () => {
    const calls: ReceivingCall[] = [];
    service.onIncomingCall((c) => calls.push(c));
    ring(1);
    transport.push('listen-for-a-call', { remoteUserId: 1 }, 1);
    expect(calls[0]!.state).toBe('ended');
  });

  it('the same caller twice rings once; the newer offer is the one answered', async () => {
    const calls: ReceivingCall[] = [];
    service.onIncomingCall((c) => calls.push(c));
    ring(1);
    ring(1, { type: 'offer', sdp: 'v=0\r\nnewer\r\n' });
    ring(1, { type: 'offer', sdp: 'v=0\r\nnewer\r\n' });
    expect(calls).toHaveLength(1);
    const accepted = await calls[0]!.acceptCall({ localStream: fakeStream() });
    expect(accepted.success).toBe(true);
    expect(peers.peers[0]!.signals[0]).toEqual({ type: 'offer', sdp: 'v=0\r\nnewer\r\n' });
    expect(transport.createdOn('call/response')[0]).toMatchObject({ callAccepted: true, remoteUserId: 1, sdp: ANSWER, additionalData: {} });
  });

  it("the callee adds the caller's posted candidates once each, after the offer, skipping those its offer carried", async () => {
    const calls: ReceivingCall[] = [];
    service.onIncomingCall((c) => calls.push(c));
    ring(1, { type: 'offer', sdp: 'v=0\r\nm=audio 9 x\r\na=candidate:1 1 udp 1 192.0.2.1 1 typ host\r\na=mid:0\r\n' });
    const accepting = calls[0]!.acceptCall({ localStream: fakeStream() });
    await flush();
    const batch = {
      remoteUserId: 1,
      iceCandidateList: [
        { candidate: 'candidate:1 1 udp 1 192.0.2.1 1 typ host', id: '0', label: 0 }, // already in the offer
        { candidate: 'candidate:2 1 udp 1 198.51.100.7 2 typ srflx', id: '0', label: 0 },
        { candidate: '', id: null, label: null },
      ],
    };
    transport.push('ice-candidate-list', batch, 1);
    transport.push('ice-candidate-list', batch, 1); // a restarted stream repeats it
    expect((await accepting).success).toBe(true);
    expect(peers.peers[0]!.signals).toEqual([
      { type: 'offer', sdp: 'v=0\r\nm=audio 9 x\r\na=candidate:1 1 udp 1 192.0.2.1 1 typ host\r\na=mid:0\r\n' },
      { type: 'candidate', candidate: { candidate: 'candidate:2 1 udp 1 198.51.100.7 2 typ srflx', sdpMid: '0', sdpMLineIndex: 0 } },
    ]);
  });

  it('ring timeout: the caller ends `missed` at 45 s and tells the callee with call/close endReason missed', async () => {
    vi.useFakeTimers();
    const handle = service.requestCallToUser({ userId: 3, localStream: fakeStream() });
    await vi.advanceTimersByTimeAsync(0);
    expect(handle.state).toBe('ringing');
    await vi.advanceTimersByTimeAsync(44_999);
    expect(handle.state).toBe('ringing');
    await vi.advanceTimersByTimeAsync(1);
    expect(await handle.response()).toMatchObject({ callAccepted: false, endReason: 'missed' });
    expect(transport.createdOn('call/close')).toEqual([{ remoteUserId: 3, callClosed: true, endReason: 'missed' }]);
  });

  it("the callee's own ring timer (5 s after the caller's) ends `missed` and declines with reason missed", async () => {
    vi.useFakeTimers();
    const calls: ReceivingCall[] = [];
    service.onIncomingCall((c) => calls.push(c));
    ring(1);
    await vi.advanceTimersByTimeAsync(50_000);
    expect(calls[0]!.state).toBe('ended');
    expect(transport.createdOn('call/response')).toEqual([{ callAccepted: false, remoteUserId: 1, additionalData: { reason: 'missed' } }]);
  });

  it('stops the tracks it acquired when the call ends, never those the app passed in', async () => {
    const acquired = fakeStream();
    const owned = new CallService({ transport, createPeer: peers.factory, acquireLocalMedia: async () => ({ stream: acquired }) });
    const handle = owned.requestCallToUser({ userId: 3 });
    await flush();
    expect(peers.peers[0]!.options.stream).toBe(acquired);
    handle.dispose();
    expect(acquired.stopped()).toBe(2);

    const appStream = fakeStream();
    const other = owned.requestCallToUser({ userId: 4, localStream: appStream });
    await flush();
    other.dispose();
    expect(appStream.stopped()).toBe(0);
  });

  it('a media failure ends the call `media_error` with its code and sends nothing', async () => {
    const failing = new CallService({
      transport,
      createPeer: peers.factory,
      acquireLocalMedia: async () => ({ error: new AsklessError('PERMISSION_BLOCKED', 'denied') }),
    });
    const result = await failing.requestCallToUser({ userId: 3 }).response();
    expect(result).toMatchObject({ callAccepted: false, endReason: 'media_error' });
    expect(result.error?.code).toBe('PERMISSION_BLOCKED');
    expect(transport.createdOn('call/request')).toEqual([]);
    expect(peers.peers).toHaveLength(0);
  });

  it('a throwing acquireLocalMedia ends the call `connection_failed` on both sides instead of rejecting', async () => {
    const throwing = new CallService({
      transport,
      createPeer: peers.factory,
      acquireLocalMedia: async () => {
        throw new Error('camera driver crashed');
      },
    });
    const calls: ReceivingCall[] = [];
    throwing.onIncomingCall((c) => calls.push(c));
    const outgoing = await throwing.requestCallToUser({ userId: 3 }).response();
    expect(outgoing).toMatchObject({ callAccepted: false, endReason: 'connection_failed' });
    ring(1);
    const accepted = await calls[0]!.acceptCall({});
    expect(accepted.success).toBe(false);
    expect(accepted.error?.code).toBe('CONNECTION_FAILED');
    expect(transport.createdOn('call/response')).toEqual([{ callAccepted: false, remoteUserId: 1, additionalData: { reason: 'connection_failed' } }]);
    throwing.dispose();
  });

  it('a re-sent answer (stream restarted after a reconnect) is applied once; candidates follow in {candidate,id,label}', async () => {
    const handle = service.requestCallToUser({ userId: 3, localStream: fakeStream() });
    await flush();
    transport.push('listen-for-a-call', { remoteUserId: 3 }, 3); // initial value: ignored
    const accepted = { callAccepted: true, sdp: ANSWER, additionalData: { x: 1 }, remoteUserId: 3 };
    transport.push('listen-for-a-call', accepted, 3);
    transport.push('listen-for-a-call', accepted, 3);
    const result = await handle.response();
    expect(result).toMatchObject({ callAccepted: true, additionalData: { x: 1 } });
    expect(peers.peers[0]!.signals).toEqual([ANSWER]);
    expect(transport.createdOn('ice-candidate-list')).toEqual([
      { remoteUserId: 3, iceCandidateList: [{ candidate: 'candidate:1 1 udp 1 192.0.2.1 1 typ host', id: '0', label: 0 }] },
    ]);
  });

  it('lost media: the remote hang-up push within the grace wins (`remote_hangup`), else `connection_failed`', async () => {
    vi.useFakeTimers();
    const first = service.requestCallToUser({ userId: 3, localStream: fakeStream() });
    await vi.advanceTimersByTimeAsync(0);
    transport.push('listen-for-a-call', { remoteUserId: 3 }, 3);
    transport.push('listen-for-a-call', { callAccepted: true, sdp: ANSWER, additionalData: {}, remoteUserId: 3 }, 3);
    const live = (await first.response()).liveCall!;
    peers.peers[0]!.emit('connect');
    expect(live.state).toBe('connected');
    peers.peers[0]!.emit('close');
    await vi.advanceTimersByTimeAsync(500);
    transport.push('listen-for-a-call', { callClosed: true }, 3);
    expect(live.endReason).toBe('remote_hangup');

    const second = service.requestCallToUser({ userId: 4, localStream: fakeStream() });
    await vi.advanceTimersByTimeAsync(0);
    transport.push('listen-for-a-call', { remoteUserId: 4 }, 4);
    transport.push('listen-for-a-call', { callAccepted: true, sdp: ANSWER, additionalData: {}, remoteUserId: 4 }, 4);
    const live2 = (await second.response()).liveCall!;
    peers.peers[1]!.emit('connect');
    peers.peers[1]!.emit('error', Object.assign(new Error('ice failed'), { code: 'ERR_ICE_CONNECTION_FAILURE' }));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(live2.endReason).toBe('connection_failed');
    expect(transport.createdOn('call/close').at(-1)).toEqual({ remoteUserId: 4, callClosed: true, endReason: 'connection_failed' });
  });

  it('a StopListening during a live call re-listens: the call goes on if the server still stores it (2.0.3 busy clean-up), else remote_hangup', async () => {
    const handle = service.requestCallToUser({ userId: 3, localStream: fakeStream() });
    await flush();
    transport.push('listen-for-a-call', { remoteUserId: 3 }, 3);
    transport.push('listen-for-a-call', { callAccepted: true, sdp: ANSWER, additionalData: {}, remoteUserId: 3 }, 3);
    const live = (await handle.response()).liveCall!;
    peers.peers[0]!.emit('connect');
    const listensBefore = transport.listening.filter((l) => l.route.endsWith('listen-for-a-call')).length;

    transport.stopListening('listen-for-a-call', 3); // 2.0.3 cleaned some other call of ours
    expect(transport.listening.filter((l) => l.route.endsWith('listen-for-a-call'))).toHaveLength(listensBefore + 1);
    transport.push('listen-for-a-call', { callAccepted: true, sdp: ANSWER, additionalData: {}, remoteUserId: 3 }, 3); // still stored
    expect(live.state).toBe('connected');
    expect(peers.peers[0]!.signals).toEqual([ANSWER]); // not applied twice

    transport.stopListening('listen-for-a-call', 3); // 2.0.3's real close: StopListening first...
    transport.push('listen-for-a-call', { remoteUserId: 3 }, 3); // ...and the call is gone
    expect(live.endReason).toBe('remote_hangup');
  });

  it('while in a call, a new caller is declined as busy without ringing', async () => {
    const rings: ReceivingCall[] = [];
    service.onIncomingCall((c) => rings.push(c));
    service.requestCallToUser({ userId: 3, localStream: fakeStream() });
    await flush();
    ring(5);
    expect(rings).toHaveLength(0);
    expect(transport.createdOn('call/response')).toEqual([{ callAccepted: false, remoteUserId: 5, additionalData: { reason: 'busy' } }]);
  });

  it('glare tie-break is the same total order on both sides (numbers, numeric strings, strings)', () => {
    expect(compareUserIds(1, 2)).toBe(-1);
    expect(compareUserIds(2, 1)).toBe(1);
    expect(compareUserIds('9', '10')).toBe(-1);
    expect(compareUserIds('10', '9')).toBe(1);
    expect(compareUserIds('alice', 'bob')).toBe(-1);
    expect(compareUserIds('bob', 'alice')).toBe(1);
  });
});
