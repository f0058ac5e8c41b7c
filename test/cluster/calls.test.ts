/**
 * 1:1 calls between users on different processes of a cluster (three real server processes, a
 * real redis-server, `@roamhq/wrtc` clients): the call state of §8.2 lives in Redis and the
 * signalling pushes reach each user's connections wherever they are.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CallEndReason, LiveCall, ReceivingCall } from '../../src/core/calls/types.js';
import { startChildServer, type ChildServer } from '../reliability/support/child-server.js';
import { cleanup, localMedia, loggedIn } from '../calls/helpers.js';
import { startRedis, type RedisProcess } from './support/redis-server.js';

const ENTRY = new URL('./support/cluster-child-entry.ts', import.meta.url).pathname;

let redis: RedisProcess;
let a: ChildServer;
let b: ChildServer;
let c: ChildServer;
const url = (p: ChildServer): string => `ws://127.0.0.1:${p.port}`;

beforeAll(async () => {
  redis = await startRedis();
  const started = await Promise.all([0, 1, 2].map(() => startChildServer({ entry: ENTRY, redisUrl: redis.url, prefix: 'calls' })));
  [a, b, c] = started as [ChildServer, ChildServer, ChildServer];
});
afterEach(() => cleanup());
afterAll(async () => {
  await Promise.all([a, b, c].map((p) => p?.kill('SIGTERM')));
  await redis?.stop();
});

describe('calls across processes (wrtc)', () => {
  it('a caller on A and a callee on B connect, media flows, and a hang-up reaches the other process', async () => {
    const caller = await loggedIn(url(a), 401);
    const callee = await loggedIn(url(b), 402);
    const incoming = new Promise<ReceivingCall>((resolve) => callee.onIncomingCall(resolve));
    const handle = caller.requestCallToUser({ userId: 402, localStream: localMedia(), additionalData: { from: 'A' } });
    const call = await incoming;
    expect(call).toMatchObject({ remoteUserId: 401, additionalData: { from: 'A' } });
    const accepted = await call.acceptCall({ localStream: localMedia() });
    const result = await handle.response();
    expect(result.callAccepted).toBe(true);
    const [callerLive, calleeLive] = [result.liveCall!, accepted.liveCall!];
    await vi.waitFor(() => expect([callerLive.state, calleeLive.state]).toEqual(['connected', 'connected']), { timeout: 10_000 });
    await vi.waitFor(() => expect(calleeLive.remoteStream?.getVideoTracks()).toHaveLength(1));
    const closed = new Promise<CallEndReason>((resolve) => calleeLive.onClose(resolve));
    callerLive.closeCall();
    expect(await closed).toBe('remote_hangup');
  });

  it('a user signed in on B and on C rings on both; accepting on C stops the ringing on B', async () => {
    const caller = await loggedIn(url(a), 411);
    const onB = await loggedIn(url(b), 412);
    const onC = await loggedIn(url(c), 412);
    const ringB = new Promise<ReceivingCall>((resolve) => onB.onIncomingCall(resolve));
    const ringC = new Promise<ReceivingCall>((resolve) => onC.onIncomingCall(resolve));
    const handle = caller.requestCallToUser({ userId: 412, localStream: localMedia() });
    const [callB, callC] = await Promise.all([ringB, ringC]);
    const canceledOnB = new Promise<void>((resolve) => callB.onCanceled(resolve));
    const accepted = await callC.acceptCall({ localStream: localMedia() });
    expect(accepted.success).toBe(true);
    await canceledOnB;
    const result = await handle.response();
    await vi.waitFor(() => expect([result.liveCall!.state, accepted.liveCall!.state]).toEqual(['connected', 'connected']), { timeout: 10_000 });
    result.liveCall!.closeCall();
  });

  it('glare across processes: both call each other at once → exactly one call, no ring', async () => {
    const low = await loggedIn(url(a), 421);
    const high = await loggedIn(url(c), 422);
    let rings = 0;
    low.onIncomingCall(() => rings++);
    high.onIncomingCall(() => rings++);
    const [lowResult, highResult] = await Promise.all([
      low.requestCallToUser({ userId: 422, localStream: localMedia() }).response(),
      high.requestCallToUser({ userId: 421, localStream: localMedia() }).response(),
    ]);
    expect([lowResult.callAccepted, highResult.callAccepted]).toEqual([true, true]);
    await vi.waitFor(() => expect([lowResult.liveCall!.state, highResult.liveCall!.state]).toEqual(['connected', 'connected']), { timeout: 10_000 });
    expect(rings).toBe(0);
    lowResult.liveCall!.closeCall();
  });

  it('busy across processes, and remoteUserIsConnected when the other side drops', async () => {
    const x = await loggedIn(url(a), 431);
    const y = await loggedIn(url(b), 432);
    const z = await loggedIn(url(c), 433);
    const yLive = new Promise<LiveCall>((resolve) => y.onIncomingCall(async (call) => resolve((await call.acceptCall({ localStream: localMedia() })).liveCall!)));
    const xy = await x.requestCallToUser({ userId: 432, localStream: localMedia() }).response();
    const live = await yLive;
    await vi.waitFor(() => expect([xy.liveCall!.state, live.state]).toEqual(['connected', 'connected']), { timeout: 10_000 });
    // A third user, on a third process, calls the busy one.
    const busy = await z.requestCallToUser({ userId: 432, localStream: localMedia() }).response();
    expect(busy).toMatchObject({ callAccepted: false, endReason: 'busy' });
    // The callee's connection goes away: the caller, on another process, learns it.
    const connectivity: boolean[] = [];
    xy.liveCall!.onRemoteUserConnectionChange((connected) => connectivity.push(connected));
    y.close();
    await vi.waitFor(() => expect(connectivity).toEqual([false]), { timeout: 5_000 });
    xy.liveCall!.closeCall();
  });

  it('a caller whose connection drops while ringing cancels the call on the callee, on another process', async () => {
    const caller = await loggedIn(url(b), 441);
    const callee = await loggedIn(url(c), 442);
    const canceled = new Promise<void>((resolve) => callee.onIncomingCall((call) => call.onCanceled(resolve)));
    const handle = caller.requestCallToUser({ userId: 442, localStream: localMedia() });
    await vi.waitFor(() => expect(handle.state).toBe('ringing'));
    caller.close();
    await canceled;
    handle.dispose();
  });
});
