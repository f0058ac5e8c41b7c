/**
 * The hard cases, through the project's server with `@roamhq/wrtc`: both users calling each
 * other at once (glare) must give exactly one call, and a remote user whose connection drops
 * mid-call shows as `reconnecting` until it returns.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../support/reference-app.js';
import type { CallEndReason, LiveCall } from '../../src/core/calls/types.js';
import { startFaultProxy } from '../reliability/support/fault-proxy.js';
import { cleanup, localMedia, loggedIn, recordStates } from './helpers.js';

let app: ReferenceServer;
beforeAll(async () => {
  app = await startReferenceServer();
});
const proxies: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  cleanup();
  await Promise.all(proxies.splice(0).map((p) => p.close()));
});
afterAll(async () => {
  await app.stop();
});

describe('glare and reconnection (wrtc, real server)', () => {
  it('glare: both call each other at once → one call, the lower id as caller, no incoming ring on either side', async () => {
    const low = await loggedIn(app.url, 301);
    const high = await loggedIn(app.url, 302);
    let rings = 0;
    low.onIncomingCall(() => rings++);
    high.onIncomingCall(() => rings++);

    const fromLow = low.requestCallToUser({ userId: 302, localStream: localMedia(), additionalData: { from: 'low' } });
    const fromHigh = high.requestCallToUser({ userId: 301, localStream: localMedia(), additionalData: { from: 'high' } });
    const highStates = recordStates(fromHigh);
    const [lowResult, highResult] = await Promise.all([fromLow.response(), fromHigh.response()]);
    expect(lowResult.callAccepted).toBe(true);
    expect(highResult.callAccepted).toBe(true);
    // The higher id answered the lower id's call with its own request's additionalData.
    expect(lowResult.additionalData).toEqual({ from: 'high' });
    const lowLive = lowResult.liveCall!;
    const highLive = highResult.liveCall!;
    await vi.waitFor(() => expect([lowLive.state, highLive.state]).toEqual(['connected', 'connected']), { timeout: 10_000 });
    await vi.waitFor(() => {
      expect(lowLive.remoteStream?.getVideoTracks()).toHaveLength(1);
      expect(highLive.remoteStream?.getVideoTracks()).toHaveLength(1);
    });
    expect(rings).toBe(0);
    expect(highStates).toContain('accepting');
    expect(highStates).not.toContain('ended');

    const lowClosed = new Promise<CallEndReason>((resolve) => lowLive.onClose(resolve));
    highLive.closeCall();
    expect(await lowClosed).toBe('remote_hangup');
    expect(highLive.endReason).toBe('hangup');
  });

  it('calling back someone who is ringing you answers their call instead of starting a second one', async () => {
    const a = await loggedIn(app.url, 311);
    const b = await loggedIn(app.url, 312);
    const ringing = new Promise<void>((resolve) => b.onIncomingCall(() => resolve()));
    const fromA = a.requestCallToUser({ userId: 312, localStream: localMedia() });
    await ringing;
    const fromB = b.requestCallToUser({ userId: 311, localStream: localMedia() });
    const [ra, rb] = await Promise.all([fromA.response(), fromB.response()]);
    expect([ra.callAccepted, rb.callAccepted]).toEqual([true, true]);
    await vi.waitFor(() => expect([ra.liveCall!.state, rb.liveCall!.state]).toEqual(['connected', 'connected']), { timeout: 10_000 });
    ra.liveCall!.closeCall();
    await vi.waitFor(() => expect(rb.liveCall!.endReason).toBe('remote_hangup'));
  });

  it('remote disconnect and return: both sides are `reconnecting`, then `connected` again; the media connection survives', async () => {
    const proxy = await startFaultProxy(app.port);
    proxies.push(proxy);
    const caller = await loggedIn(app.url, 321);
    const callee = await loggedIn(proxy.url, 322, { reconnectBaseDelayMs: 50 });
    const calleeLive = new Promise<LiveCall>((resolve) =>
      callee.onIncomingCall(async (call) => resolve((await call.acceptCall({ localStream: localMedia() })).liveCall!)),
    );
    const result = await caller.requestCallToUser({ userId: 322, localStream: localMedia() }).response();
    const live = result.liveCall!;
    const other = await calleeLive;
    await vi.waitFor(() => expect([live.state, other.state]).toEqual(['connected', 'connected']), { timeout: 10_000 });
    const connectivity: boolean[] = [];
    live.onRemoteUserConnectionChange((connected) => connectivity.push(connected));
    const states = recordStates(live);

    const otherStates = recordStates(other);
    // The callee's network drops (connections reset, reconnects refused)...
    proxy.refuseNew();
    proxy.cutAll();
    await vi.waitFor(() => expect(live.state).toBe('reconnecting'), { timeout: 5_000 });
    await vi.waitFor(() => expect(other.state).toBe('reconnecting')); // its own signaling is gone too
    expect(connectivity).toEqual([false]);
    proxy.resume(); // ...and comes back: reconnect, re-login and stream restore are automatic
    await vi.waitFor(() => expect([live.state, other.state]).toEqual(['connected', 'connected']), { timeout: 10_000 });
    expect(connectivity).toEqual([false, true]);
    expect(states).toEqual(['connected', 'reconnecting', 'connected']);
    expect(otherStates).toEqual(['connected', 'reconnecting', 'connected']);

    const closed = new Promise<CallEndReason>((resolve) => live.onClose(resolve));
    other.closeCall();
    expect(await closed).toBe('remote_hangup');
  });

  it('a caller whose connection drops while ringing cancels the call on the callee side', async () => {
    const caller = await loggedIn(app.url, 331);
    const callee = await loggedIn(app.url, 332);
    const canceled = new Promise<void>((resolve) => callee.onIncomingCall((call) => call.onCanceled(resolve)));
    const handle = caller.requestCallToUser({ userId: 332, localStream: localMedia() });
    await vi.waitFor(() => expect(handle.state).toBe('ringing'));
    caller.close();
    await canceled;
    handle.dispose();
  });
});
