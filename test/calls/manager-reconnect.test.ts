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

async function connectedPair(base: number, reconnectTimeoutMs: number): Promise<{ caller: Call; callee: () => Call; states: CallState[] }> {
  const params = async () => ({ configuration: { iceServers: [turn.iceServer], iceTransportPolicy: 'relay' as const } });
  const options = { getWebRTCParams: params, calls: { reconnectTimeoutMs, statsIntervalMs: 300 } };
  const a = await loggedIn(app.url, base, options);
  const b = await loggedIn(app.url, base + 1, options);
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
  return { caller, callee: () => b.calls.getCall(id)!, states };
}

describe('reconnection through a TURN relay (coturn, relay-only ICE)', () => {
  it('the relay dies mid-call and comes back: the call is reconnecting, then connected again, never ended', async () => {
    const { caller, callee, states } = await connectedPair(801, 30_000);
    await vi.waitFor(() => expect(callee().stats?.inboundBitrate).toBeGreaterThan(0), { timeout: 5_000 });
    await turn.stop();
    // libwebrtc notices the dead relay after ~7.5 s of failed consent checks (longer on a loaded machine).
    await vi.waitFor(() => expect(caller.state, `states so far: ${states.join(' → ')}`).toBe('reconnecting'), { timeout: 40_000 });
    await turn.restart();
    await vi.waitFor(() => {
      expect(caller.state).toBe('connected');
      expect(callee().state).toBe('connected');
    }, { timeout: 20_000 });
    expect(states).not.toContain('ended');
    // Media flows again: fresh bytes arrive after the restart.
    const before = callee().stats?.timestamp ?? 0;
    await vi.waitFor(() => {
      expect(callee().stats!.timestamp).toBeGreaterThan(before);
      expect(callee().stats?.inboundBitrate).toBeGreaterThan(0);
    }, { timeout: 5_000 });
    caller.hangUp();
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
