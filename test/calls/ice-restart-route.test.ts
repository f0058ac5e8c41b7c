/**
 * The server's ICE-restart relay route (`askless-react/call/ice-restart`) is authorized: only the
 * two parties of a live call may relay to each other; malformed bodies are refused.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../support/reference-app.js';
import { ICE_RESTART_ROUTE } from '../../src/core/calls/relay-wire.js';
import { cleanup, loggedIn, localMedia } from './helpers.js';

let app: ReferenceServer;
beforeAll(async () => {
  app = await startReferenceServer();
});
afterEach(() => cleanup());
afterAll(async () => {
  await app.stop();
});

const offer = { type: 'offer', sdp: 'v=0\r\na=candidate:1 1 udp 1 127.0.0.1 9 typ relay\r\n' };

describe('askless-react/call/ice-restart', () => {
  it('relays between the parties of a live call only, and refuses outsiders and malformed bodies', async () => {
    const a = await loggedIn(app.url, 901);
    const b = await loggedIn(app.url, 902);
    const c = await loggedIn(app.url, 903);
    const received: unknown[] = [];
    const off = b.readStream({ route: ICE_RESTART_ROUTE }).subscribe((value) => received.push(value));

    // No call yet: refused.
    const early = await a.create({ route: ICE_RESTART_ROUTE, body: { remoteUserId: 902, sdp: offer } });
    expect(early.error?.code).toBe('PERMISSION_DENIED');

    b.calls.subscribe(() => undefined);
    const call = a.calls.call({ userId: 902, localStream: localMedia() });
    await vi.waitFor(() => expect(b.calls.getSnapshot().calls[0]?.state).toBe('incoming'), { timeout: 10_000 });
    await b.calls.getSnapshot().calls[0]!.accept({ localStream: localMedia() });
    await vi.waitFor(() => expect(call.state).toBe('connected'), { timeout: 10_000 });

    const relayed = await a.create({ route: ICE_RESTART_ROUTE, body: { remoteUserId: 902, sdp: offer } });
    expect(relayed.success).toBe(true);
    await vi.waitFor(() => expect(received).toContainEqual({ remoteUserId: 901, sdp: offer }));

    const outsider = await c.create({ route: ICE_RESTART_ROUTE, body: { remoteUserId: 902, sdp: offer } });
    expect(outsider.error?.code).toBe('PERMISSION_DENIED');
    const self = await a.create({ route: ICE_RESTART_ROUTE, body: { remoteUserId: 901, sdp: offer } });
    expect(self.error?.code).toBe('PERMISSION_DENIED');
    for (const body of [{}, { remoteUserId: 902 }, { remoteUserId: 902, sdp: { type: 'offer', sdp: 'x'.repeat(70_000) } }, { remoteUserId: 902, sdp: { type: 'bogus', sdp: '' } }]) {
      expect((await a.create({ route: ICE_RESTART_ROUTE, body })).error?.code).toBe('BAD_REQUEST');
    }
    expect(received.filter((v) => (v as { sdp?: unknown }).sdp !== undefined)).toHaveLength(1);
    off();
    call.hangUp();
  });
});
