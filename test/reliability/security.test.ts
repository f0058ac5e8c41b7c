/**
 * Issue 8 §5 (transport and logs): with debug logs on at both ends, no credential, token or SDP
 * body reaches a log line, whatever path it took (login, failed login, re-login after a cut,
 * logout, call signalling, malformed frames); the server binds 127.0.0.1 unless told otherwise;
 * a frame over the size limit closes only its own socket, with 1009, and nothing else notices.
 */
import { networkInterfaces } from 'node:os';
import { connect } from 'node:net';
import WebSocket from 'ws';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AsklessClient } from '../../src/core/index.js';
import { AsklessServer } from '../../src/server/index.js';
import { startReferenceServer, type ReferenceServer } from '../support/reference-app.js';
import { startFaultProxy, type FaultProxy } from './support/fault-proxy.js';
import { connectProbe } from './support/probe-client.js';
import { encodeFrame, Opcode, openRawWebSocket } from './support/raw-socket.js';

let app: ReferenceServer | undefined;
let proxy: FaultProxy | undefined;
const clients: AsklessClient<number>[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await proxy?.close();
  await app?.stop();
  app = undefined;
  proxy = undefined;
});

describe('secrets never reach debug logs', () => {
  it('keeps tokens, credentials and SDP out of client and server logs on every path', async () => {
    const SECRETS = ['token-31', 'token-32', 'REFRESH-s3cr3t-a1', 'PASSWORD-s3cr3t-b2', 'a=fingerprint:SDP-s3cr3t-c3', 'token-MALFORMED-d4', 'token-NOREQID-e5'];
    const serverLog: string[] = [];
    const clientLog: string[] = [];
    app = await startReferenceServer({
      init: { debugLogs: true, intervalInMsClientPing: 100, logger: (level, message, meta) => void serverLog.push(`${level} ${meta?.connectionId ?? '-'} ${message}`) },
    });
    proxy = await startFaultProxy(app.port);
    const make = (): AsklessClient<number> => {
      const c = new AsklessClient<number>({ serverUrl: proxy!.url, WebSocket, debugLogs: true, logger: (line) => void clientLog.push(line), reconnectBaseDelayMs: 20 });
      clients.push(c);
      c.start();
      return c;
    };
    const [a, b, c] = [make(), make(), make()];
    expect((await a.authenticate({ credential: { accessToken: 'token-31', refreshToken: 'REFRESH-s3cr3t-a1' } })).success).toBe(true);
    expect((await b.authenticate({ credential: { accessToken: 'token-32' } })).success).toBe(true);
    expect((await c.authenticate({ credential: { accessToken: 'PASSWORD-s3cr3t-b2' } })).success).toBe(false);
    const offer = { type: 'offer', sdp: 'v=0\r\na=fingerprint:SDP-s3cr3t-c3\r\n' };
    expect((await a.create({ route: 'askless-internal/call/request', body: { remoteUserId: 32, sdp: offer, additionalData: {} } })).success).toBe(true);

    // Re-login after a cut replays the stored credential: a classic place to log it.
    proxy.cutAll();
    await vi.waitFor(() => expect([a, b].every((x) => x.connection.status === 'connected' && x.authentication.status === 'authenticated')).toBe(true), { timeout: 5_000 });
    await a.clearAuthentication();

    // Malformed frames carrying a credential: a parser error message must not echo them.
    const raw = await openRawWebSocket(app.port);
    const frames = [
      '{"_class_type_authenticaterequest":"_","clientRequestId":"REQ-_x","credential":{"accessToken":"token-MALFORMED-d4"',
      '{"_class_type_authenticaterequest":"_","credential":{"accessToken":"token-NOREQID-e5"}}',
    ];
    for (const text of frames) await raw.write(encodeFrame({ opcode: Opcode.text, payload: Buffer.from(text) }));
    const probe = await connectProbe(`ws://127.0.0.1:${app.port}`);
    expect((await probe.read('products')).error ?? undefined).toBeUndefined(); // frames above processed by now (one event loop)
    await probe.close();
    raw.destroy();

    // The logs are verbose enough to matter: they trace the very frames that carried secrets.
    expect(serverLog.some((l) => l.includes('askless-internal/call/request'))).toBe(true);
    expect(clientLog.some((l) => /auth|login/i.test(l))).toBe(true);
    console.info(`[security] ${serverLog.length} server and ${clientLog.length} client log lines searched for ${SECRETS.length} secrets`);
    const leaks = [...serverLog.map((l) => `server: ${l}`), ...clientLog.map((l) => `client: ${l}`)].filter((line) => SECRETS.some((s) => line.includes(s)));
    expect(leaks).toEqual([]);
  });
});

describe('binding', () => {
  it('listens on 127.0.0.1 only when no host is given', async () => {
    const server = new AsklessServer<number>();
    server.init({ wsOptions: { port: 0 }, logger: () => undefined });
    await server.start();
    try {
      expect(server.localUrl).toBe(`ws://127.0.0.1:${server.port}`);
      const external = Object.values(networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal);
      if (external) {
        // Reachable on loopback, refused on the machine's other address.
        const error = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
          const s = connect({ host: external.address, port: server.port });
          s.once('connect', () => (s.destroy(), resolve(undefined)));
          s.once('error', (e) => resolve(e as NodeJS.ErrnoException));
        });
        expect(error?.code).toBe('ECONNREFUSED');
      }
    } finally {
      await server.stop();
    }
  });
});

describe('frame size limit', () => {
  it('closes only the offending socket with 1009 and keeps serving everyone else', async () => {
    app = await startReferenceServer({ init: { maxPayloadBytes: 8_192 } });
    const probe = await connectProbe(app.url);
    const near = await connectProbe(app.url);
    // Just under the limit: a normal answer (the route just ignores the padding param).
    const padded = await near.read('products', { padding: 'x'.repeat(7_900) });
    expect(padded.error ?? undefined).toBeUndefined();

    const big = new WebSocket(app.url);
    await new Promise<void>((resolve, reject) => big.once('open', () => resolve()).once('error', reject));
    const closed = new Promise<number>((resolve) => big.once('close', (code) => resolve(code)));
    big.send(JSON.stringify({ _class_type_read: '_', clientRequestId: 'REQ-_big', route: 'products', params: { padding: 'x'.repeat(9_000) } }));
    expect(await closed).toBe(1009);

    expect((await probe.read('products')).error ?? undefined).toBeUndefined();
    expect((await near.read('products')).error ?? undefined).toBeUndefined();
    expect(app.server.connectionCount).toBe(2);
    await probe.close();
    await near.close();
  });
});
