/**
 * Issue 8 §4: authentication under faults. A credential that expired while the client was away
 * triggers `onAutoReauthenticationFails` exactly once (not once per reconnect); after logout no
 * auth-only data reaches the client; one user's messages never reach another user, whether
 * pushed through `where` filters or read from the per-user route.
 */
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AsklessClient } from '../../src/core/index.js';
import { startReferenceServer, type ReferenceServer } from '../support/reference-app.js';
import { startFaultProxy, type FaultProxy } from './support/fault-proxy.js';
import { createTappedWebSocket, type TappedWebSocket } from './support/tapped-websocket.js';

interface Msg {
  id: number;
  from: number;
  to: number;
  text: string;
}

const revoked = new Set<string>();
const inbound: { connectionId: string; frame: Record<string, unknown> }[] = [];
let app: ReferenceServer;
let proxy: FaultProxy;
const clients: AsklessClient<number>[] = [];

function newClient(tap?: TappedWebSocket, extra: Partial<ConstructorParameters<typeof AsklessClient<number>>[0]> = {}): AsklessClient<number> {
  const client = new AsklessClient<number>({ serverUrl: proxy.url, WebSocket: tap?.WebSocket ?? WebSocket, reconnectBaseDelayMs: 20, reconnectMaxDelayMs: 200, ...extra });
  clients.push(client);
  client.start();
  return client;
}

const connected = (c: AsklessClient<number>): Promise<void> => vi.waitFor(() => expect(c.connection.status).toBe('connected'), { timeout: 5_000, interval: 5 });

beforeAll(async () => {
  app = await startReferenceServer({
    init: {
      intervalInMsClientPing: 100,
      reconnectClientAfterMillisecondsWithoutServerPong: 1_000,
      // A READ refused for want of a login waits this long for one before failing.
      waitForAuthenticationTimeoutInMs: 300,
      tap: (e) => {
        if (e.direction === 'in' && typeof e.frame === 'object' && e.frame !== null) inbound.push({ connectionId: e.connectionId, frame: e.frame as Record<string, unknown> });
      },
      // Like the reference app, plus revocation: a token can expire while its client is away.
      authenticate: (credential, accept, reject) => {
        const token = (credential as { accessToken?: unknown } | null)?.accessToken;
        const match = typeof token === 'string' ? /^token-(\d+)$/.exec(token) : null;
        if (!match || revoked.has(String(token))) return reject({ credentialErrorCode: 'EXPIRED_ACCESS_TOKEN' });
        accept.asAuthenticatedUser({ userId: Number(match[1]), claims: ['user'] });
      },
    },
  });
  proxy = await startFaultProxy(app.port);
});

afterAll(async () => {
  for (const c of clients) c.close();
  await proxy?.close();
  await app?.stop();
});

describe('authentication under faults', () => {
  it('calls onAutoReauthenticationFails exactly once when the credential expired during an outage', async () => {
    const calls: string[] = [];
    const client = newClient(undefined, { onAutoReauthenticationFails: (code) => void calls.push(code) });
    await connected(client);
    expect((await client.authenticate({ credential: { accessToken: 'token-41' } })).success).toBe(true);
    revoked.add('token-41');

    const authFramesBefore = inbound.filter((e) => e.frame._class_type_authenticaterequest !== undefined).length;
    proxy.cutAll();
    await vi.waitFor(() => expect(calls).toEqual(['EXPIRED_ACCESS_TOKEN']), { timeout: 5_000, interval: 5 });
    expect(client.authentication.status).toBe('unauthenticated');

    // Two more outages: the rejected credential is not replayed, so no second call.
    for (let i = 0; i < 2; i++) {
      const pingsBefore = inbound.filter((e) => e.frame._class_type_pingpong !== undefined).length;
      proxy.cutAll();
      await vi.waitFor(() => expect(client.connection.status).not.toBe('connected'), { timeout: 5_000, interval: 2 });
      await connected(client);
      // Several pings on the new connection prove it is past the point where a re-login would go.
      await vi.waitFor(() => expect(inbound.filter((e) => e.frame._class_type_pingpong !== undefined).length).toBeGreaterThan(pingsBefore + 3 * clients.length));
    }
    expect(calls).toEqual(['EXPIRED_ACCESS_TOKEN']);
    expect(inbound.filter((e) => e.frame._class_type_authenticaterequest !== undefined).length - authFramesBefore).toBe(1);
  });

  it('delivers no auth-only data after logout, even when it is pushed to the same user elsewhere', async () => {
    const tap = createTappedWebSocket({ record: true });
    const loggingOut = newClient(tap);
    const stays = newClient();
    const sender = newClient();
    await Promise.all([loggingOut, stays, sender].map(connected));
    for (const [c, token] of [[loggingOut, 'token-7'], [stays, 'token-7'], [sender, 'token-8']] as const) {
      expect((await c.authenticate({ credential: { accessToken: token } })).success).toBe(true);
    }
    const outSeen: Msg[][] = [];
    const staysSeen: Msg[][] = [];
    loggingOut.readStream<Msg[]>({ route: 'my-messages' }).subscribe((v) => void outSeen.push(v));
    stays.readStream<Msg[]>({ route: 'my-messages' }).subscribe((v) => void staysSeen.push(v));
    await vi.waitFor(() => expect(outSeen.length > 0 && staysSeen.length > 0).toBe(true));
    expect((await sender.create({ route: 'message', body: { to: 7, text: 'before logout' } })).success).toBe(true);
    await vi.waitFor(() => expect(outSeen.flat().some((m) => m.text === 'before logout')).toBe(true));

    await loggingOut.clearAuthentication();
    const framesAtLogout = tap.inbound.length;
    const valuesAtLogout = outSeen.length;
    expect((await sender.create({ route: 'message', body: { to: 7, text: 'secret after logout' } })).success).toBe(true);
    // The push did happen: user 7's other device got it.
    await vi.waitFor(() => expect(staysSeen.flat().some((m) => m.text === 'secret after logout')).toBe(true));
    const read = await loggingOut.read<Msg[]>({ route: 'my-messages' });
    expect(read.success).toBe(false);
    expect(JSON.stringify(tap.inbound.slice(framesAtLogout))).not.toContain('secret after logout');
    expect(outSeen.length).toBe(valuesAtLogout);
  });

  it("never shows one user's messages to another, through pushes or reads", async () => {
    const users = [21, 22, 23];
    const taps = users.map(() => createTappedWebSocket({ record: true }));
    const cs = users.map((_, i) => newClient(taps[i]));
    await Promise.all(cs.map(connected));
    for (const [i, c] of cs.entries()) expect((await c.authenticate({ credential: { accessToken: `token-${users[i]}` } })).success).toBe(true);
    const seen = users.map(() => [] as Msg[]);
    cs.forEach((c, i) => c.readStream<Msg[]>({ route: 'my-messages' }).subscribe((v) => void seen[i]!.push(...v)));
    await vi.waitFor(() => expect(cs.every((_, i) => taps[i]!.inbound.some((f) => f._class_type_newDataForListener !== undefined))).toBe(true));

    let sent = 0;
    for (let round = 0; round < 10; round++) {
      for (const [i, c] of cs.entries()) {
        const to = users[(i + 1 + (round % 2)) % users.length]!;
        expect((await c.create({ route: 'message', body: { to, text: `r${round} ${users[i]}→${to}` } })).success).toBe(true);
        sent++;
      }
      if (round === 4) proxy.cutAll(); // the isolation must hold across reconnects and re-logins too
    }
    await vi.waitFor(() => expect(users.map((u, i) => new Set(seen[i]!.map((m) => m.id)).size).reduce((a, b) => a + b, 0)).toBe(sent), { timeout: 10_000 });
    for (const [i, u] of users.entries()) {
      expect(seen[i]!.every((m) => m.to === u)).toBe(true);
      const everything = taps[i]!.inbound.flatMap((f) => (Array.isArray(f.output) ? (f.output as Partial<Msg>[]) : []));
      expect(everything.filter((m) => typeof m?.to === 'number' && m.to !== u && m.from !== u)).toEqual([]);
      const read = await cs[i]!.read<Msg[]>({ route: 'my-messages' });
      expect(read.success && read.output!.every((m) => m.to === u)).toBe(true);
    }
  });
});
