/**
 * LazyCalls: the client's calls entry that loads the call service on first use. A handle made
 * before the chunk arrives must behave like the real one (state, listeners, dispose, response),
 * and a failed load must surface as a typed result, never a rejection.
 */
import { describe, expect, it } from 'vitest';
import { LazyCalls, type LoadedCalls } from '../../src/core/calls/lazy.js';
import type { CallState, ReceivingCall, RequestCallHandle, RequestCallResult } from '../../src/core/calls/types.js';

/** A hand-driven RequestCallHandle. */
function manualHandle() {
  const listeners = new Set<(s: CallState) => void>();
  let resolve!: (r: RequestCallResult) => void;
  const result = new Promise<RequestCallResult>((r) => (resolve = r));
  const handle = {
    state: 'requesting' as CallState,
    disposed: 0,
    response: () => result,
    onStateChange: (l: (s: CallState) => void) => (listeners.add(l), () => listeners.delete(l)),
    dispose() {
      this.disposed++;
      this.set('ended');
    },
    set(s: CallState) {
      this.state = s;
      for (const l of listeners) l(s);
    },
    resolve,
  };
  return handle;
}

function deferredLoad() {
  let resolve!: (s: LoadedCalls) => void;
  let reject!: (e: unknown) => void;
  let loads = 0;
  const load = () => {
    loads++;
    return new Promise<LoadedCalls>((res, rej) => ((resolve = res), (reject = rej)));
  };
  return { load, resolve: (s: LoadedCalls) => resolve(s), reject: (e: unknown) => reject(e), loads: () => loads };
}

const tick = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe('LazyCalls', () => {
  it('loads nothing until a call method is used, and loads once', async () => {
    const d = deferredLoad();
    const calls = new LazyCalls(d.load);
    expect(d.loads()).toBe(0);
    calls.requestCallToUser({ userId: 2 });
    calls.onIncomingCall(() => undefined);
    expect(d.loads()).toBe(1);
  });

  it('an early handle reports requesting, then follows the real handle: states, response', async () => {
    const d = deferredLoad();
    const real = manualHandle();
    const calls = new LazyCalls(d.load);
    const early = calls.requestCallToUser({ userId: 2 });
    const seen: CallState[] = [];
    early.onStateChange((s) => seen.push(s));
    expect(early.state).toBe('requesting');
    d.resolve({ requestCallToUser: () => real as unknown as RequestCallHandle, onIncomingCall: () => () => undefined, manager: undefined as never, dispose: () => undefined });
    await tick();
    real.set('ringing');
    expect(early.state).toBe('ringing');
    real.resolve({ callAccepted: false, additionalData: {}, endReason: 'rejected' });
    expect(await early.response()).toEqual({ callAccepted: false, additionalData: {}, endReason: 'rejected' });
    expect(seen).toEqual(['ringing']);
  });

  it('dispose() before the chunk arrives cancels the real call as soon as it exists', async () => {
    const d = deferredLoad();
    const real = manualHandle();
    const calls = new LazyCalls(d.load);
    const early = calls.requestCallToUser({ userId: 2 });
    early.dispose();
    d.resolve({ requestCallToUser: () => real as unknown as RequestCallHandle, onIncomingCall: () => () => undefined, manager: undefined as never, dispose: () => undefined });
    await tick();
    expect(real.disposed).toBe(1);
    expect(early.state).toBe('ended');
  });

  it('an incoming listener removed before the load is never subscribed; one kept is', async () => {
    const d = deferredLoad();
    const subscribed: Array<(c: ReceivingCall) => void> = [];
    const calls = new LazyCalls(d.load);
    const gone = () => undefined;
    const kept = () => undefined;
    calls.onIncomingCall(gone)();
    calls.onIncomingCall(kept);
    d.resolve({ requestCallToUser: () => manualHandle() as unknown as RequestCallHandle, onIncomingCall: (l) => (subscribed.push(l), () => undefined), manager: undefined as never, dispose: () => undefined });
    await tick();
    expect(subscribed).toEqual([kept]);
  });

  it('a failed load resolves the call with CALLS_UNAVAILABLE (never rejects) and the next call retries', async () => {
    const d = deferredLoad();
    const calls = new LazyCalls(d.load);
    const handle = calls.requestCallToUser({ userId: 2 });
    d.reject(new Error('chunk failed'));
    const result = await handle.response();
    expect(result).toMatchObject({ callAccepted: false, error: { code: 'CALLS_UNAVAILABLE' } });
    expect(handle.state).toBe('ended');
    calls.requestCallToUser({ userId: 2 });
    expect(d.loads()).toBe(2);
  });
});
