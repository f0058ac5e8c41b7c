/**
 * Issue 14, connections: hostile clients over real sockets against the real server, each with
 * small limits so the test is fast. Every test checks that the limit acted (closed, refused:
 * read from `server.stats()`) and that a well-behaved client connected at the same time kept
 * getting every answer within 5 s.
 */
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { encodeConfigure, encodePing } from '../../src/core/protocol/encode.js';
import { CloseCode } from '../../src/server/index.js';
import { startReferenceServer, type ReferenceServer, type ReferenceServerOptions } from '../support/reference-app.js';
import { startGoodReader, type GoodReaderReport } from './support/good-reader.js';
import { addBlobRoute, listenAs, openHostile, pingForever, type Hostile } from './support/hostile.js';
import { connectProbe } from './support/probe-client.js';
import { encodeFrame, Opcode, openRawWebSocket } from './support/raw-socket.js';

let app: ReferenceServer | undefined;
let stopPushing: (() => void) | undefined;
const cleanups: Array<() => void> = [];
afterEach(async () => {
  stopPushing?.();
  stopPushing = undefined;
  for (const cleanup of cleanups.splice(0)) cleanup();
  await app?.stop();
  app = undefined;
});

async function start(options: ReferenceServerOptions & { blob?: { bytes: number; everyMs: number } }): Promise<ReferenceServer> {
  const { blob, ...rest } = options;
  app = await startReferenceServer({
    ...rest,
    beforeStart: (server) => {
      if (blob) stopPushing = addBlobRoute(server, blob.bytes, blob.everyMs);
    },
  });
  return app;
}

function expectGoodReader(report: GoodReaderReport): void {
  expect(report.reads).toBeGreaterThan(0);
  expect(report.unanswered).toBe(0);
  expect(report.maxMs).toBeLessThan(5_000);
}

describe('outbound limits', () => {
  it('closes a client that stopped reading (4008, logged with its client id, never its credential); its stream re-delivers on return', async () => {
    const logs: string[] = [];
    const server = await start({
      init: { logger: (level, message) => logs.push(`${level} ${message}`), limits: { maxBufferedBytesPerConnection: 256 * 1024, maxUnconfirmedBytesPerConnection: 256 * 1024 * 1024 } },
      blob: { bytes: 64 * 1024, everyMs: 10 },
    });
    const reader = await startGoodReader(server.url);
    const raw = await openRawWebSocket(server.port);
    cleanups.push(() => raw.destroy());
    const clientId = 'paused0reader0client0id00000';
    const frames = [
      encodeConfigure('REQ-_c', clientId),
      { clientRequestId: 'REQ-_a', requestType: 'AUTHENTICATE', _class_type_authenticaterequest: '_', clientIdInternalApp: clientId, clientType: 'flutter', credential: { accessToken: 'token-7' } },
      { clientRequestId: 'LIS-_b', requestType: 'LISTEN', _class_type_listen: '_', route: 'blob', params: null, listenId: 'LIS-b' },
    ];
    for (const frame of frames) await raw.write(encodeFrame({ opcode: Opcode.text, payload: Buffer.from(JSON.stringify(frame)) }));
    await vi.waitFor(() => expect(server.server.listenerCount('blob')).toBe(1));
    raw.socket.pause(); // stop reading: the kernel buffers fill, then the server's would
    await vi.waitFor(() => expect(server.server.stats().closes.slowConsumer).toBe(1), { timeout: 15_000, interval: 50 });
    raw.destroy(); // a paused socket never reads up to the server's FIN
    expect(server.server.stats().connections.total).toBe(1); // only the good reader
    expect(server.server.stats().bufferedBytes).toBeLessThan(1024 * 1024);
    const line = logs.find((l) => l.includes('slowConsumer'));
    expect(line).toContain(clientId);
    expect(logs.join('\n')).not.toContain('token-7');
    // The client comes back: its stream starts again with the current value.
    const back = await connectProbe(server.url);
    let value: unknown;
    await back.listen('blob', null, (output) => (value = output));
    await vi.waitFor(() => expect(value).toMatchObject({ n: expect.any(Number) }));
    await back.close();
    expectGoodReader(await reader.stop());
  }, 30_000);

  it('closes readers that never confirm once their unconfirmed bytes pass the limit (4009)', async () => {
    const server = await start({ init: { limits: { maxUnconfirmedBytesPerConnection: 512 * 1024 } }, blob: { bytes: 64 * 1024, everyMs: 20 } });
    const reader = await startGoodReader(server.url);
    const hostiles = await Promise.all([0, 1, 2].map(() => openHostile(server.url)));
    for (const h of hostiles) listenAs(h, 'blob');
    const closes = await Promise.all(hostiles.map((h) => h.closed));
    expect(closes.map((c) => c.code)).toEqual([CloseCode.unconfirmed, CloseCode.unconfirmed, CloseCode.unconfirmed]);
    expect(closes[0]!.reason).toContain('unconfirmedBytes');
    const stats = server.server.stats();
    expect(stats.closes.unconfirmedBytes).toBe(3);
    expect(stats.unconfirmedBytes).toBeLessThan(512 * 1024);
    expectGoodReader(await reader.stop());
  });

  it('never closes a client that confirms for one answer larger than both limits', async () => {
    const server = await start({ init: { limits: { maxUnconfirmedBytesPerConnection: 256 * 1024, maxBufferedBytesPerConnection: 256 * 1024 } }, blob: { bytes: 600 * 1024, everyMs: 60_000 } });
    const probe = await connectProbe(server.url);
    for (let i = 0; i < 3; i++) {
      expect(((await probe.read('blob')).output as { body: string }).body).toHaveLength(600 * 1024);
      expect((await probe.read('products')).error ?? undefined).toBeUndefined();
    }
    expect(probe.ws.readyState).toBe(probe.ws.OPEN);
    expect(server.server.stats().closes).toEqual({});
    await probe.close();
  });

  it('keeps the server-wide unconfirmed bytes bounded by closing the connection holding the most', async () => {
    const server = await start({ init: { limits: { maxUnconfirmedBytesTotal: 1024 * 1024 } }, blob: { bytes: 64 * 1024, everyMs: 20 } });
    const reader = await startGoodReader(server.url);
    const hostiles: Hostile[] = await Promise.all([0, 1, 2].map(() => openHostile(server.url)));
    let peak = 0;
    const sample = setInterval(() => (peak = Math.max(peak, server.server.stats().unconfirmedBytes)), 5);
    cleanups.push(() => clearInterval(sample));
    for (const h of hostiles) listenAs(h, 'blob');
    await Promise.all(hostiles.map((h) => h.closed));
    expect(server.server.stats().closes.unconfirmedBytesTotal).toBe(3);
    expect(peak).toBeLessThan(1024 * 1024 + 2 * 70 * 1024); // the limit, plus at most the message that crossed it
    expectGoodReader(await reader.stop());
  });
});

describe('connection lifetimes', () => {
  it('destroys TCP connections that never finish the WebSocket handshake; a new client connects meanwhile', async () => {
    const server = await start({ init: { limits: { handshakeTimeoutMs: 400 } } });
    const sockets: Socket[] = [];
    const closed = Array.from({ length: 50 }, () => {
      const socket = connect({ host: '127.0.0.1', port: server.port });
      sockets.push(socket);
      socket.on('error', () => undefined);
      return new Promise<void>((resolve) => socket.once('close', () => resolve()));
    });
    cleanups.push(() => sockets.forEach((s) => s.destroy()));
    await vi.waitFor(() => expect(server.server.stats().connections.handshaking).toBe(50));
    const reader = await startGoodReader(server.url);
    await Promise.all(closed);
    const stats = server.server.stats();
    expect(stats.connections.handshaking).toBe(0);
    expect(stats.closes.handshakeTimeout).toBe(50);
    expectGoodReader(await reader.stop());
  });

  it('closes a WebSocket that pings but never configures (4010)', async () => {
    const server = await start({ init: { limits: { configureTimeoutMs: 400 } } });
    const reader = await startGoodReader(server.url);
    const hostiles = await Promise.all([0, 1, 2, 3, 4].map(() => openHostile(server.url)));
    for (const h of hostiles) pingForever(h, 50);
    const closes = await Promise.all(hostiles.map((h) => h.closed));
    expect(closes.every((c) => c.code === CloseCode.configureTimeout)).toBe(true);
    expect(server.server.stats().closes.configureTimeout).toBe(5);
    expect(server.server.stats().connections.unconfigured).toBe(0);
    expectGoodReader(await reader.stop());
  });
});

describe('connection caps', () => {
  it('refuses upgrades past maxConnectionsPerAddress with HTTP 503', async () => {
    const server = await start({ init: { limits: { maxConnectionsPerAddress: 3 } } });
    const reader = await startGoodReader(server.url);
    const two = await Promise.all([0, 1].map(() => openHostile(server.url)));
    await expect(openHostile(server.url)).rejects.toThrow('HTTP 503');
    expect(server.server.stats().closes.refused).toBe(1);
    expect(server.server.stats().connections.total).toBe(3);
    two.forEach((h) => h.ws.close());
    expectGoodReader(await reader.stop());
  });

  it('refuses upgrades past maxConnections with HTTP 503, and lets one in again once a socket closes', async () => {
    const server = await start({ init: { limits: { maxConnections: 2 } } });
    const reader = await startGoodReader(server.url);
    const other = await openHostile(server.url);
    await expect(openHostile(server.url)).rejects.toThrow('HTTP 503');
    other.ws.close();
    await vi.waitFor(() => expect(server.server.stats().connections.total).toBe(1));
    const again = await openHostile(server.url);
    again.ws.close();
    expect(server.server.stats().closes.refused).toBe(1);
    expectGoodReader(await reader.stop());
  });

  it('counts X-Forwarded-For addresses only with trustProxy', async () => {
    const server = await start({ init: { limits: { maxConnectionsPerAddress: 2, trustProxy: true } } });
    const reader = await startGoodReader(server.url); // counted as 127.0.0.1
    const a1 = await openHostile(server.url, { 'X-Forwarded-For': '203.0.113.1' });
    const a2 = await openHostile(server.url, { 'X-Forwarded-For': '203.0.113.1, 10.0.0.1' });
    await expect(openHostile(server.url, { 'X-Forwarded-For': '203.0.113.1' })).rejects.toThrow('HTTP 503');
    const b = await openHostile(server.url, { 'X-Forwarded-For': '203.0.113.2' });
    [a1, a2, b].forEach((h) => h.ws.close());
    expectGoodReader(await reader.stop());
  });

  it('answers login attempts past the per-connection and per-address windows with RATE_LIMITED', async () => {
    const server = await start({ init: { limits: { maxAuthAttemptsPerConnection: 3, maxAuthAttemptsPerAddress: 5 } } });
    const reader = await startGoodReader(server.url);
    const first = await connectProbe(server.url);
    const codes: Array<string | undefined> = [];
    for (let i = 0; i < 4; i++) codes.push((await first.authenticate({ accessToken: 'wrong' })).error?.code);
    expect(codes).toEqual(['INVALID_CREDENTIAL', 'INVALID_CREDENTIAL', 'INVALID_CREDENTIAL', 'RATE_LIMITED']);
    const second = await connectProbe(server.url);
    const more: Array<string | undefined> = [];
    for (let i = 0; i < 3; i++) more.push((await second.authenticate({ accessToken: 'token-1' })).error?.code ?? 'ok');
    expect(more).toEqual(['ok', 'ok', 'RATE_LIMITED']);
    await first.close();
    await second.close();
    expectGoodReader(await reader.stop());
  });
});

describe('frames', () => {
  it('answers a 100,000-deep frame whose request id comes first with an error within 2 s, without parsing it', async () => {
    const server = await start({});
    const reader = await startGoodReader(server.url);
    const h = await openHostile(server.url);
    h.send(encodeConfigure('REQ-_cfg', h.clientId));
    await vi.waitFor(() => expect(h.received.length).toBeGreaterThan(1));
    const depth = 100_000;
    const started = performance.now();
    h.send(`{"clientRequestId":"REQ-_deep","_class_type_read":"_","route":"products","params":{"a":${'['.repeat(depth)}${']'.repeat(depth)}}}`);
    const isAnswer = (f: unknown) => typeof f === 'object' && f !== null && (f as Record<string, unknown>).clientRequestId === 'REQ-_deep' && (f as Record<string, unknown>).error;
    await vi.waitFor(() => expect(h.received.find(isAnswer)).toBeDefined(), { timeout: 2_000, interval: 10 });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect((h.received.find(isAnswer) as { error: { code: string } }).error.code).toBe('BAD_REQUEST');
    expect(h.ws.readyState).toBe(h.ws.OPEN);
    h.ws.close();
    expectGoodReader(await reader.stop());
  });

  it('closes a too-deep frame without a readable request id (1008) and an oversized one (1009)', async () => {
    const server = await start({ init: { maxPayloadBytes: 64 * 1024 } });
    const reader = await startGoodReader(server.url);
    const deep = await openHostile(server.url);
    deep.send(`${'['.repeat(10_000)}${']'.repeat(10_000)}`);
    expect((await deep.closed).code).toBe(CloseCode.policy);
    const big = await openHostile(server.url);
    big.send(JSON.stringify({ clientRequestId: 'REQ-_big', pad: 'x'.repeat(100 * 1024) }));
    expect((await big.closed).code).toBe(CloseCode.tooBig);
    expect(server.server.stats().closes.frameDepth).toBe(1);
    expectGoodReader(await reader.stop());
  });
});

describe('stats', () => {
  it('reports connections by state', async () => {
    const server = await start({});
    const configured = await connectProbe(server.url);
    const authed = await connectProbe(server.url);
    await authed.authenticate({ accessToken: 'token-3' });
    const bare = await openHostile(server.url);
    bare.send(encodePing([]));
    expect(server.server.stats().connections).toEqual({ total: 3, handshaking: 0, unconfigured: 1, configured: 1, authenticated: 1 });
    await configured.close();
    await authed.close();
    bare.ws.close();
  });
});
