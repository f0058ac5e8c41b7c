/**
 * Reconnection for real: two wrtc clients whose media is relayed through a coturn server with
 * relay-only ICE. Killing the relay mid-call makes the call `reconnecting`; starting it again
 * brings the call back through an ICE restart relayed by the server's extension route, without
 * ending it. Kept stopped, the call ends `connection_failed` after the (shortened) timeout.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../support/reference-app.js';
import { TurnServer } from '../support/turn-server.js';
import type { Call } from '../../src/core/calls/manager-types.js';
import type { CallState } from '../../src/core/calls/types.js';
import { cleanup, flowingMedia, loggedIn } from './helpers.js';

let app: ReferenceServer;
let turn: TurnServer;
beforeAll(async () => {
  [app, turn] = await Promise.all([startReferenceServer(), TurnServer.start()]);
});
afterEach(async () => {
  cleanup();
  await turn.restart();
});
afterAll(async () => {
  await turn?.close();
  await app?.stop();
});

async function connectedPair(base: number, reconnectTimeoutMs: number, url = app.url) {
  const params = async () => ({ configuration: { iceServers: [turn.iceServer], iceTransportPolicy: 'relay' as const } });
  const options = { getWebRTCParams: params, calls: { reconnectTimeoutMs, statsIntervalMs: 300 } };
  const a = await loggedIn(url, base, options);
  const b = await loggedIn(url, base + 1, options);
  b.calls.subscribe(() => undefined);
  const caller = a.calls.call({ userId: base + 1, localStream: flowingMedia() });
  const states: CallState[] = [];
  a.calls.subscribe(() => {
    if (states.at(-1) !== caller.state) states.push(caller.state);
  });
  let id = '';
  await vi.waitFor(() => {
    id = b.calls.getSnapshot().calls[0]?.id ?? '';
    expect(b.calls.getCall(id)?.state).toBe('incoming');
  }, { timeout: 10_000 });
  await b.calls.getCall(id)!.accept({ localStream: flowingMedia() });
  await vi.waitFor(() => expect(caller.state).toBe('connected'), { timeout: 10_000 });
  return { caller, callee: () => b.calls.getCall(id)!, states, a, b };
}

/** Stop the relay mid-call, start it again: both sides reconnect, never end, and fresh bytes arrive. */
async function relayDiesAndComesBack(caller: Call, callee: () => Call, states: CallState[]): Promise<void> {
  await turn.stop();
  // libwebrtc notices the dead relay after ~7.5 s of failed consent checks (longer on a loaded machine).
  await vi.waitFor(() => expect(caller.state, `states so far: ${states.join(' → ')}`).toBe('reconnecting'), { timeout: 40_000 });
  await turn.restart();
  await vi.waitFor(() => {
    expect(caller.state).toBe('connected');
    expect(callee().state).toBe('connected');
  }, { timeout: 25_000 });
  expect(states).not.toContain('ended');
  // Media flows again: fresh bytes arrive after the restart.
  const before = callee().stats?.timestamp ?? 0;
  await vi.waitFor(() => {
    expect(callee().stats!.timestamp).toBeGreaterThan(before);
    expect(callee().stats?.inboundBitrate).toBeGreaterThan(0);
  }, { timeout: 5_000 });
}

describe('reconnection through a TURN relay (coturn, relay-only ICE)', () => {
  it('the relay dies mid-call and comes back: the call is reconnecting, then connected again, never ended', async () => {
    const { caller, callee, states } = await connectedPair(801, 30_000);
    await vi.waitFor(() => expect(callee().stats?.inboundBitrate).toBeGreaterThan(0), { timeout: 5_000 });
    await relayDiesAndComesBack(caller, callee, states);
    caller.hangUp();
  }, 90_000);

  it('on a server without the ICE-restart route (as 2.0.3), the peers re-establish the call with a tagged request: same call, no ringing, fresh media', async () => {
    const plain = await startReferenceServer({ init: { iceRestartRelay: false, advertiseResumeExtension: false } });
    try {
      const { caller, callee, states, b } = await connectedPair(821, 30_000, plain.url);
      const calleeId = callee().id;
      await vi.waitFor(() => expect(caller.peerCapabilities).toBeDefined(), { timeout: 5_000 });
      // What user 822's call/receive streams get from now on (an own LISTEN, beside the call service's).
      const received: Array<{ hasCallRequest?: boolean }> = [];
      b.readStream<{ hasCallRequest?: boolean }>({ route: 'askless-internal/call/receive', params: {}, shared: false }).subscribe((v) => received.push(v));
      await vi.waitFor(() => expect(received).toHaveLength(1));
      await relayDiesAndComesBack(caller, callee, states);
      await vi.waitFor(() => expect(caller.stats?.inboundBitrate).toBeGreaterThan(0), { timeout: 5_000 });
      // It came back through requests tagged for askless-react, answered without ringing. Two
      // when the first went out before the relay was back (the caller retries; seen in CI when
      // coturn restarted slowly): every one tagged, none a plain request that would ring.
      const requests = received.filter((v) => v.hasCallRequest);
      expect(requests.length).toBeGreaterThanOrEqual(1);
      for (const request of requests) expect(request).toMatchObject({ hasCallRequest: true, remoteUserId: 821, additionalData: { asklessReactReconnect: { v: 1 } } });
      expect(b.calls.getSnapshot().calls.map((c) => [c.id, c.state])).toEqual([[calleeId, 'connected']]);
      expect(b.calls.getSnapshot().missedCalls).toEqual([]);
      caller.hangUp();
      await vi.waitFor(() => expect(callee().state).toBe('ended'), { timeout: 5_000 });
      expect(callee().endReason).toBe('remote_hangup');
    } finally {
      cleanup();
      await plain.stop();
    }
  }, 90_000);

  it('the relay stays dead: the call ends connection_failed only after reconnectTimeoutMs', async () => {
    const { caller, states } = await connectedPair(811, 2_000);
    await turn.stop();
    await vi.waitFor(() => expect(caller.state).toBe('reconnecting'), { timeout: 40_000 });
    const since = Date.now();
    await vi.waitFor(() => expect(caller.state).toBe('ended'), { timeout: 10_000 });
    expect(caller.endReason).toBe('connection_failed');
    expect(Date.now() - since).toBeGreaterThanOrEqual(1_500);
    expect(states.slice(states.indexOf('connected'))).toEqual(['connected', 'reconnecting', 'ended']);
  }, 90_000);
});
