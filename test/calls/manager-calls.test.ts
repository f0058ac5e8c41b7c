/**
 * Calls v2 through the real server with `@roamhq/wrtc`: `client.calls` with two and three
 * clients — call waiting and hold both ways, swap, remote mute in-band, screen share with a given
 * stream, quality while media flows, and nothing left after hang-up.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../support/reference-app.js';
import type { Call, CallManager } from '../../src/core/calls/manager-types.js';
import { cleanup, flowingMedia, localMedia, loggedIn } from './helpers.js';
import { startFaultProxy } from '../reliability/support/fault-proxy.js';

let app: ReferenceServer;
beforeAll(async () => {
  app = await startReferenceServer();
});
afterEach(() => cleanup());
afterAll(async () => {
  await app.stop();
});

const fast = { calls: { statsIntervalMs: 300, endedCallLingerMs: 200 } };

/** The first call of `manager` in `state`, once it exists. */
async function waitForCall(manager: CallManager, predicate: (call: Call) => boolean, timeout = 10_000): Promise<Call> {
  let found: Call | undefined;
  await vi.waitFor(() => {
    found = manager.getSnapshot().calls.find(predicate);
    expect(found).toBeDefined();
  }, { timeout });
  return found!;
}

function latest(manager: CallManager, id: string): Call {
  return manager.getCall(id)!;
}

describe('client.calls (wrtc, real server)', () => {
  it('connects a call, shows a mute and camera-off remotely within a second, and frees everything after hang-up', async () => {
    const a = await loggedIn(app.url, 301, fast);
    const b = await loggedIn(app.url, 302, fast);
    const offB = b.calls.subscribe(() => undefined);
    const aStream = flowingMedia({ audio: true, video: true, loud: true });
    const outgoing = a.calls.call({ userId: 302, localStream: aStream, additionalData: { name: 'A' } });
    const ringing = await waitForCall(b.calls, (c) => c.state === 'incoming');
    expect(ringing).toMatchObject({ remoteUserId: 301, direction: 'incoming', additionalData: { name: 'A' } });
    const bStream = flowingMedia({ audio: true, video: true });
    expect((await ringing.accept({ localStream: bStream })).ok).toBe(true);
    await vi.waitFor(() => {
      expect(outgoing.state).toBe('connected');
      expect(latest(b.calls, ringing.id).state).toBe('connected');
      expect(outgoing.peerCapabilities?.features).toContain('hold');
    }, { timeout: 10_000 });
    expect(a.calls.getSnapshot().activeCallId).toBe(outgoing.id);
    expect(outgoing.streams.remoteUserMedia?.getVideoTracks()).toHaveLength(1);
    expect(outgoing.primaryRemoteStream).toBe(outgoing.streams.remoteUserMedia);

    const before = Date.now();
    outgoing.setMicrophoneEnabled(false);
    outgoing.setCameraEnabled(false);
    await vi.waitFor(() => expect(latest(b.calls, ringing.id)).toMatchObject({ remoteAudioMuted: true, remoteVideoMuted: true }), { timeout: 1_000, interval: 10 });
    expect(Date.now() - before).toBeLessThan(1_000);
    expect(outgoing.audioMuted).toBe(true);
    expect(aStream.getAudioTracks()[0]!.enabled).toBe(false);
    outgoing.setMicrophoneEnabled(true);
    await vi.waitFor(() => expect(latest(b.calls, ringing.id).remoteAudioMuted).toBe(false), { timeout: 1_000, interval: 10 });

    // A sends a loud tone: B hears it, and the level updates stay within 10 a second.
    let updates = 0;
    const offCount = b.calls.subscribe(() => updates++);
    const since = Date.now();
    await vi.waitFor(() => {
      const seen = latest(b.calls, ringing.id);
      expect(seen.remoteAudioLevel).toBeGreaterThan(0.04);
      expect(seen.isRemoteSpeaking).toBe(true);
    }, { timeout: 5_000 });
    offCount();
    expect(updates).toBeLessThanOrEqual(Math.ceil(((Date.now() - since) / 1000) * 10) + 4); // + stats samples

    await vi.waitFor(() => {
      expect(outgoing.stats?.inboundBitrate).toBeGreaterThan(0);
      expect(outgoing.quality).toBeDefined();
      expect(outgoing.quality).not.toBe('lost');
    }, { timeout: 5_000 });

    outgoing.hangUp();
    expect(outgoing.state).toBe('ended');
    expect(outgoing.endReason).toBe('hangup');
    await vi.waitFor(() => expect(latest(b.calls, ringing.id)?.endReason).toBe('remote_hangup'), { timeout: 5_000 });
    await vi.waitFor(() => {
      expect(a.calls.getSnapshot().calls).toEqual([]);
      expect(b.calls.getSnapshot().calls).toEqual([]);
    }, { timeout: 3_000 });
    // The handle the app holds keeps the outcome.
    expect(outgoing.endReason).toBe('hangup');
    offB();
  });

  it('call waiting: a second call rings during a call, accepting holds the first on both sides, resume swaps back', async () => {
    const a = await loggedIn(app.url, 311, fast);
    const b = await loggedIn(app.url, 312, fast);
    const c = await loggedIn(app.url, 313, fast);
    const offA = a.calls.subscribe(() => undefined);
    const offB = b.calls.subscribe(() => undefined);
    const offC = c.calls.subscribe(() => undefined);
    const ab = a.calls.call({ userId: 312, localStream: flowingMedia() });
    const bIncoming = await waitForCall(b.calls, (x) => x.state === 'incoming');
    await bIncoming.accept({ localStream: flowingMedia() });
    await vi.waitFor(() => expect(ab.state).toBe('connected'), { timeout: 10_000 });

    const ca = c.calls.call({ userId: 311, localStream: flowingMedia() });
    const waiting = await waitForCall(a.calls, (x) => x.remoteUserId === 313 && x.state === 'incoming');
    expect(a.calls.getSnapshot().activeCallId).toBe(ab.id); // still on the first call while it rings
    expect((await waiting.accept({ localStream: flowingMedia() })).ok).toBe(true);
    await vi.waitFor(() => {
      expect(ca.state).toBe('connected');
      expect(ab.isLocalOnHold).toBe(true);
      expect(latest(b.calls, bIncoming.id).isRemoteOnHold).toBe(true);
      expect(a.calls.getSnapshot().activeCallId).toBe(waiting.id);
    }, { timeout: 10_000 });
    expect(a.calls.getSnapshot().calls).toHaveLength(2);
    expect(ab.streams.localUserMedia!.getTracks().every((t) => !t.enabled)).toBe(true);

    ab.resume();
    await vi.waitFor(() => {
      expect(ab.isLocalOnHold).toBe(false);
      expect(latest(a.calls, waiting.id).isLocalOnHold).toBe(true);
      expect(ca.isRemoteOnHold).toBe(true);
      expect(latest(b.calls, bIncoming.id).isRemoteOnHold).toBe(false);
      expect(a.calls.getSnapshot().activeCallId).toBe(ab.id);
    }, { timeout: 5_000 });

    ab.hangUp();
    ca.hangUp();
    await vi.waitFor(() => {
      for (const m of [a.calls, b.calls, c.calls]) expect(m.getSnapshot().calls).toEqual([]);
    }, { timeout: 5_000 });
    offA();
    offB();
    offC();
  });

  it('screen share with a given stream: the remote sees remoteScreen as primaryRemoteStream, and the camera again after stop', async () => {
    const a = await loggedIn(app.url, 321, fast);
    const b = await loggedIn(app.url, 322, fast);
    const offB = b.calls.subscribe(() => undefined);
    const ab = a.calls.call({ userId: 322, localStream: flowingMedia() });
    const incoming = await waitForCall(b.calls, (x) => x.state === 'incoming');
    await incoming.accept({ localStream: flowingMedia() });
    await vi.waitFor(() => expect(latest(b.calls, incoming.id).peerCapabilities).toBeDefined(), { timeout: 10_000 });
    const camera = latest(b.calls, incoming.id).streams.remoteUserMedia;
    expect(camera).toBeDefined();

    const screen = localMedia({ video: true });
    expect(await ab.startScreenShare({ stream: screen })).toEqual({ ok: true });
    expect(ab.streams.localScreen).toBe(screen);
    await vi.waitFor(() => {
      const seen = latest(b.calls, incoming.id);
      expect(seen.streams.remoteScreen?.id).toBe(screen.id);
      expect(seen.primaryRemoteStream).toBe(seen.streams.remoteScreen);
    }, { timeout: 10_000 });

    ab.stopScreenShare();
    await vi.waitFor(() => {
      const seen = latest(b.calls, incoming.id);
      expect(seen.streams.remoteScreen).toBeUndefined();
      expect(seen.primaryRemoteStream).toBe(camera);
    }, { timeout: 10_000 });
    // The app's screen stream stays the app's.
    expect(screen.getVideoTracks()[0]!.readyState).toBe('live');
    ab.hangUp();
    offB();
  });
});

describe('unavailable (wrtc, real server)', () => {
  it('a callee that closes its client while ringing gives the caller `unavailable`, not `rejected`', async () => {
    const a = await loggedIn(app.url, 331, fast);
    const b = await loggedIn(app.url, 332, fast);
    b.calls.subscribe(() => undefined);
    const call = a.calls.call({ userId: 332, localStream: localMedia() });
    await waitForCall(b.calls, (x) => x.state === 'incoming');
    b.close();
    await vi.waitFor(() => expect(call.state).toBe('ended'), { timeout: 5_000 });
    expect(call.endReason).toBe('unavailable');
  });

  it('a callee whose connection drops while ringing gives the caller `unavailable`', async () => {
    const proxy = await startFaultProxy(app.port);
    const a = await loggedIn(app.url, 341, { calls: { unavailableGraceMs: 300 } });
    const b = await loggedIn(proxy.url, 342, fast);
    b.calls.subscribe(() => undefined);
    const call = a.calls.call({ userId: 342, localStream: localMedia() });
    await waitForCall(b.calls, (x) => x.state === 'incoming');
    await vi.waitFor(() => expect(call.state).toBe('ringing'));
    // The socket goes away without a word (a crashed tab): only the server notices.
    proxy.refuseNew();
    proxy.cutAll();
    await vi.waitFor(() => expect(call.state).toBe('ended'), { timeout: 10_000 });
    expect(call.endReason).toBe('unavailable');
    await proxy.close();
  });
});
