/**
 * The CallManager's own rules with the fake transport and peers (the real server and wrtc are in
 * manager-calls.test.ts): immutable snapshots, limits and busy → missed call, missed calls on
 * cancel, the ringing delegate, ended calls leaving the snapshot, media acquired and stopped,
 * and the 1:1 API keeping its one-call rule until the manager is used.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CallService } from '../../src/core/calls/call-service.js';
import { CallManagerEngine, type CallManagerEngineOptions } from '../../src/core/calls/manager.js';
import type { Call } from '../../src/core/calls/manager-types.js';
import { FakeTransport, fakePeers, fakeStream, flush } from './fakes.js';

const OFFER = { type: 'offer', sdp: 'v=0\r\noffer\r\n' };
const ANSWER = { type: 'answer', sdp: 'v=0\r\nanswer\r\n' };

let transport: FakeTransport;
let peers: ReturnType<typeof fakePeers>;
let service: CallService;
let manager: CallManagerEngine;
function setUp(options: CallManagerEngineOptions = {}): void {
  transport = new FakeTransport(2);
  peers = fakePeers();
  // As create.ts does: the service runs each call's timers, the manager the rest.
  service = new CallService({ transport, createPeer: peers.factory, reconnectTimeoutMs: options.reconnectTimeoutMs });
  manager = new CallManagerEngine(service, { statsIntervalMs: 0, levelUpdatesPerSecond: 0, endedCallLingerMs: 100, ...options });
}
beforeEach(() => setUp());
afterEach(() => {
  service.dispose();
  manager.dispose();
  vi.useRealTimers();
});

function ring(from: number, additionalData: Record<string, unknown> = {}): void {
  transport.push('call/receive', { hasCallRequest: true, remoteUserId: from, sdp: OFFER, additionalData });
}
const busyAnswers = () => transport.createdOn('call/response').filter((b) => b.additionalData?.reason === 'busy');

describe('CallManagerEngine (fake transport)', () => {
  it('getSnapshot() returns the same object while nothing changes, and a new Call object on a change', async () => {
    manager.subscribe(() => undefined);
    const empty = manager.getSnapshot();
    expect(manager.getSnapshot()).toBe(empty);
    expect(empty).toEqual({ calls: [], missedCalls: [] });
    ring(5, { name: 'Eve' });
    const ringing = manager.getSnapshot();
    expect(ringing).not.toBe(empty);
    expect(manager.getSnapshot()).toBe(ringing);
    const call = ringing.calls[0]!;
    expect(call).toMatchObject({ remoteUserId: 5, direction: 'incoming', state: 'incoming', additionalData: { name: 'Eve' } });
    expect(Object.isFrozen(call)).toBe(true);
    await call.accept({ localStream: fakeStream() });
    const accepted = manager.getSnapshot().calls[0]!;
    expect(accepted).not.toBe(call);
    expect(call.state).toBe('incoming'); // the old snapshot did not change
    expect(accepted.state).toBe('connecting');
    accepted.setMicrophoneEnabled(false);
    const muted = manager.getSnapshot().calls[0]!;
    expect(muted.audioMuted).toBe(true);
    expect(accepted.audioMuted).toBe(false);
    // Unchanged streams keep their identity across snapshots (no video element reload).
    expect(muted.streams).toBe(accepted.streams);
  });

  it('refuses a caller as busy beyond maxConcurrentCalls or when canHandleNewCall says no, and records a missed call', () => {
    setUp({ maxConcurrentCalls: 1, canHandleNewCall: (id) => id !== 9 });
    manager.subscribe(() => undefined);
    ring(9);
    expect(busyAnswers()).toEqual([{ callAccepted: false, remoteUserId: 9, additionalData: { reason: 'busy' } }]);
    ring(5);
    ring(6);
    expect(busyAnswers().map((b) => b.remoteUserId)).toEqual([9, 6]);
    const { calls, missedCalls } = manager.getSnapshot();
    expect(calls.map((c) => c.remoteUserId)).toEqual([5]);
    expect(missedCalls.map((m) => [m.remoteUserId, m.reason])).toEqual([
      [9, 'busy'],
      [6, 'busy'],
    ]);
    manager.clearMissedCalls();
    expect(manager.getSnapshot().missedCalls).toEqual([]);
  });

  it('a second caller rings as call waiting once the manager is used; the 1:1 API alone keeps answering busy', async () => {
    // 1:1 API only: one call at a time.
    const received: unknown[] = [];
    service.onIncomingCall((c) => received.push(c));
    ring(5);
    ring(6);
    expect(received).toHaveLength(1);
    expect(busyAnswers().map((b) => b.remoteUserId)).toEqual([6]);
    // The manager in use: call waiting.
    manager.subscribe(() => undefined);
    ring(7);
    expect(manager.getSnapshot().calls.map((c) => [c.remoteUserId, c.state])).toEqual([
      [5, 'incoming'],
      [7, 'incoming'],
    ]);
  });

  it('a call canceled while ringing becomes a missed call; onRing and onRingStop bracket the ringing', () => {
    const rang: string[] = [];
    setUp({ onRing: (c) => rang.push(`ring ${String(c.remoteUserId)}`), onRingStop: (c) => rang.push(`stop ${String(c.remoteUserId)} ${c.state}`) });
    manager.subscribe(() => undefined);
    ring(5, { name: 'Eve' });
    expect(rang).toEqual(['ring 5']);
    transport.push('listen-for-a-call', { callClosed: true, callAccepted: false }, 5);
    expect(rang).toEqual(['ring 5', 'stop 5 ended']);
    const [missed] = manager.getSnapshot().missedCalls;
    expect(missed).toMatchObject({ remoteUserId: 5, reason: 'missed', additionalData: { name: 'Eve' } });
    expect(manager.getSnapshot().calls[0]!.endReason).toBe('canceled');
  });

  it('an ended call leaves the snapshot after endedCallLingerMs; the handle call() returned keeps its endReason', async () => {
    vi.useFakeTimers();
    manager.subscribe(() => undefined);
    const stream = fakeStream();
    const call = manager.call({ userId: 5, localStream: stream });
    await flush();
    expect(call.state).toBe('ringing');
    call.hangUp();
    expect(call.state).toBe('ended');
    expect(manager.getSnapshot().calls).toHaveLength(1);
    vi.advanceTimersByTime(100);
    expect(manager.getSnapshot().calls).toEqual([]);
    expect(call.endReason).toBe('hangup');
    expect(manager.getCall(call.id)?.endReason).toBe('hangup');
    expect(transport.createdOn('call/close')).toEqual([{ remoteUserId: 5, callClosed: true }]); // a cancel to the callee
    expect(stream.stopped()).toBe(0); // the app's stream stays the app's
  });

  it('without localStream, call() acquires media through navigator.mediaDevices at that moment and stops it when the call ends', async () => {
    const acquired = fakeStream();
    const getUserMedia = vi.fn(async () => acquired);
    const original = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
    Object.defineProperty(globalThis, 'navigator', { configurable: true, value: { mediaDevices: { getUserMedia } } });
    try {
      const call = manager.call({ userId: 5, media: { audio: true, video: false } });
      await flush();
      expect(getUserMedia).toHaveBeenCalledWith({ audio: true, video: false });
      expect(call.permission).toBe('granted');
      expect(call.streams.localUserMedia).toBe(acquired);
      call.hangUp();
      expect(acquired.stopped()).toBe(2);
    } finally {
      if (original) Object.defineProperty(globalThis, 'navigator', original);
      else Reflect.deleteProperty(globalThis, 'navigator');
    }
  });

  it('accepting a waiting call holds the active one; resume swaps; hold flags are per side', async () => {
    manager.subscribe(() => undefined);
    const first = manager.call({ userId: 5, localStream: fakeStream() });
    await flush();
    transport.push('listen-for-a-call', {}, 5);
    transport.push('listen-for-a-call', { callAccepted: true, sdp: ANSWER, additionalData: {} }, 5);
    expect(first.state).toBe('connecting');
    expect(manager.getSnapshot().activeCallId).toBe(first.id);
    ring(6);
    const waiting = manager.getSnapshot().calls.find((c) => c.remoteUserId === 6)!;
    expect(waiting.state).toBe('incoming');
    await waiting.accept({ localStream: fakeStream() });
    const second: Call = manager.getCall(waiting.id)!;
    expect(first.isLocalOnHold).toBe(true);
    expect(second.isLocalOnHold).toBe(false);
    expect(manager.getSnapshot().activeCallId).toBe(second.id);
    first.resume();
    expect(first.isLocalOnHold).toBe(false);
    expect(manager.getCall(second.id)!.isLocalOnHold).toBe(true);
    expect(manager.getSnapshot().activeCallId).toBe(first.id);
  });

  it('ICE disconnected makes a live call reconnecting; it comes back, or ends connection_failed after reconnectTimeoutMs', async () => {
    vi.useFakeTimers();
    setUp({ reconnectTimeoutMs: 5_000 });
    const call = manager.call({ userId: 5, localStream: fakeStream() });
    await flush();
    transport.push('listen-for-a-call', {}, 5);
    transport.push('listen-for-a-call', { callAccepted: true, sdp: ANSWER, additionalData: {} }, 5);
    const peer = peers.peers[0]!;
    peer.emit('connect');
    expect(call.state).toBe('connected');
    peer.emit('iceStateChange', 'disconnected', 'complete');
    expect(call.state).toBe('reconnecting');
    vi.advanceTimersByTime(4_000);
    peer.emit('iceStateChange', 'connected', 'complete');
    expect(call.state).toBe('connected');
    vi.advanceTimersByTime(5_000);
    expect(call.state).toBe('connected');
    peer.emit('iceStateChange', 'failed', 'complete'); // failed too is worth an ICE restart
    vi.advanceTimersByTime(4_999);
    expect(call.state).toBe('reconnecting');
    vi.advanceTimersByTime(1);
    expect(call).toMatchObject({ state: 'ended', endReason: 'connection_failed' });
    expect(transport.createdOn('call/close')).toEqual([{ remoteUserId: 5, callClosed: true, endReason: 'connection_failed' }]);
  });

  it('call() refuses a self-call and a missing userId with an ended call carrying the error; the same user twice is one call', async () => {
    const self = manager.call({ userId: 2 });
    expect(self).toMatchObject({ state: 'ended', error: { code: 'INVALID_ARGUMENT' } });
    const none = manager.call({ userId: undefined as unknown as number });
    expect(none.error?.code).toBe('INVALID_ARGUMENT');
    const a = manager.call({ userId: 5, localStream: fakeStream() });
    const b = manager.call({ userId: 5, localStream: fakeStream() });
    expect(b.id).toBe(a.id);
    await flush();
    expect(transport.createdOn('call/request')).toHaveLength(1);
  });
});
