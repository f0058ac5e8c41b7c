/**
 * Calls that do not happen, through the project's server with `@roamhq/wrtc`: reject, cancel,
 * busy and missed, each checked on both sides (states, end reasons, additionalData).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../support/reference-app.js';
import type { CallEndReason, LiveCall, ReceivingCall } from '../../src/core/calls/types.js';
import { cleanup, localMedia, loggedIn, recordStates } from './helpers.js';

let app: ReferenceServer;
beforeAll(async () => {
  app = await startReferenceServer();
});
afterEach(() => cleanup());
afterAll(async () => {
  await app.stop();
});

const nextIncoming = (client: Awaited<ReturnType<typeof loggedIn>>) => new Promise<ReceivingCall>((resolve) => client.onIncomingCall(resolve));

describe('calls that end before they start (wrtc, real server)', () => {
  it('reject: the caller ends `rejected` with the callee additionalData; the callee ends `rejected`', async () => {
    const caller = await loggedIn(app.url, 201);
    const callee = await loggedIn(app.url, 202);
    const incoming = nextIncoming(callee);
    const handle = caller.requestCallToUser({ userId: 202, localStream: localMedia() });
    const states = recordStates(handle);
    const call = await incoming;
    call.rejectCall({ note: 'not now' });
    const result = await handle.response();
    expect(result).toMatchObject({ callAccepted: false, endReason: 'rejected', additionalData: { note: 'not now' } });
    expect(result.liveCall).toBeUndefined();
    expect(states).toEqual(['requesting', 'ringing', 'ended']);
    expect(call.state).toBe('ended');
    // Accepting afterwards is refused, not a crash.
    const late = await call.acceptCall({ localStream: localMedia() });
    expect(late.success).toBe(false);
    expect(late.error?.code).toBe('CALL_NOT_AVAILABLE_ANYMORE');
  });

  it('cancel: dispose() while ringing ends the caller `canceled` and fires the callee onCanceled once', async () => {
    const caller = await loggedIn(app.url, 211);
    const callee = await loggedIn(app.url, 212);
    const incoming = nextIncoming(callee);
    const handle = caller.requestCallToUser({ userId: 212, localStream: localMedia() });
    const call = await incoming;
    let canceled = 0;
    const canceledOnce = new Promise<void>((resolve) =>
      call.onCanceled(() => {
        canceled++;
        resolve();
      }),
    );
    await vi.waitFor(() => expect(handle.state).toBe('ringing'));
    handle.dispose();
    handle.dispose();
    expect(await handle.response()).toMatchObject({ callAccepted: false, endReason: 'canceled' });
    await canceledOnce;
    expect(call.state).toBe('ended');
    expect(canceled).toBe(1);
    const late = await call.acceptCall({ localStream: localMedia() });
    expect(late.success).toBe(false);
  });

  it('busy: a third user calling someone in a call is rejected with reason busy; the live call goes on', async () => {
    const a = await loggedIn(app.url, 221);
    const b = await loggedIn(app.url, 222);
    const c = await loggedIn(app.url, 223);
    let bIncoming = 0;
    const bLive = new Promise<LiveCall>((resolve) =>
      b.onIncomingCall(async (call) => {
        bIncoming++;
        resolve((await call.acceptCall({ localStream: localMedia() })).liveCall!);
      }),
    );
    const ab = await a.requestCallToUser({ userId: 222, localStream: localMedia() }).response();
    expect(ab.callAccepted).toBe(true);
    const live = await bLive;
    await vi.waitFor(() => expect(live.state).toBe('connected'), { timeout: 10_000 });

    const busy = await c.requestCallToUser({ userId: 222, localStream: localMedia() }).response();
    expect(busy).toMatchObject({ callAccepted: false, endReason: 'busy', additionalData: { reason: 'busy' } });
    expect(bIncoming).toBe(1); // B was never rung for C's call
    expect(live.state).toBe('connected');
    expect(ab.liveCall!.state).toBe('connected');
    const closed = new Promise<CallEndReason>((resolve) => live.onClose(resolve));
    ab.liveCall!.closeCall();
    expect(await closed).toBe('remote_hangup');
  });

  it('missed: the ring timeout ends the caller `missed` and the callee `missed` (canceled listeners fire)', async () => {
    const caller = await loggedIn(app.url, 231);
    const callee = await loggedIn(app.url, 232);
    const incoming = nextIncoming(callee);
    const handle = caller.requestCallToUser({ userId: 232, localStream: localMedia(), ringTimeoutMs: 300 });
    const call = await incoming;
    const calleeEnded = new Promise<void>((resolve) => call.onCanceled(resolve));
    const calleeStates = recordStates(call);
    expect(await handle.response()).toMatchObject({ callAccepted: false, endReason: 'missed' });
    await calleeEnded;
    expect(calleeStates).toEqual(['incoming', 'ended']);
    const late = await call.acceptCall({ localStream: localMedia() });
    expect(late.success).toBe(false);
  });

  it('a self-call or a missing userId fails at once with INVALID_ARGUMENT; a second call while in one is a CONFLICT', async () => {
    const a = await loggedIn(app.url, 241);
    const self = await a.requestCallToUser({ userId: 241 }).response();
    expect(self.error?.code).toBe('INVALID_ARGUMENT');
    const none = await a.requestCallToUser({ userId: undefined as unknown as number }).response();
    expect(none.error?.code).toBe('INVALID_ARGUMENT');
    const b = await loggedIn(app.url, 242);
    const first = a.requestCallToUser({ userId: 242, localStream: localMedia() });
    const again = a.requestCallToUser({ userId: 242, localStream: localMedia() });
    expect(again.state).toBe(first.state); // the same call, merged
    const other = await a.requestCallToUser({ userId: 243 }).response();
    expect(other.error?.code).toBe('CONFLICT');
    first.dispose();
    expect((await again.response()).endReason).toBe('canceled');
    void b;
  });
});
