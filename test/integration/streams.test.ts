import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AsklessError } from '../../src/core/index.js';
import { startReferenceServer } from '../support/reference-app.js';
import type { Message, Product, ReferenceServer } from '../support/reference-app.js';
import { connected, startClient } from './support/clients.js';

let app: ReferenceServer;
const hooks = { starts: 0, stops: 0 };
const outFrames: string[] = [];
let inboundPings = 0;
let answerSlowStart: (() => void) | undefined;

beforeAll(async () => {
  app = await startReferenceServer({
    counterIntervalMs: 50,
    init: { intervalInMsClientPing: 50, tap: (e) => {
        if (e.direction === 'out') outFrames.push(JSON.stringify(e.frame));
        else if ((e.frame as Record<string, unknown>)._class_type_pingpong) inboundPings += 1;
      },
    },
    beforeStart: (server) => {
      server.addRoute.forAllUsers.read({
        route: 'slow-start',
        // Answered by the test once several pings went by: a ping omitting the stream would stop it (Q13).
        handleRead: (ctx) => void (answerSlowStart = () => ctx.successCallback('ready')),
        onClientStartsListening: () => void (hooks.starts += 1),
        onClientStopsListening: () => void (hooks.stops += 1),
      });
    },
  });
});
afterAll(() => app.stop());

describe('against the real server: streams', () => {
  it('delivers the initial value and every change', async () => {
    const client = startClient(app.url);
    const seen: Product[][] = [];
    const off = client.readStream<Product[]>({ route: 'products', params: { nameContains: 'lamp' } }).subscribe((v) => seen.push(v));
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    expect(seen[0]).toEqual([]);
    const writer = startClient(app.url);
    await writer.create({ route: 'product', body: { name: 'Desk lamp', price: 10 } });
    await vi.waitFor(() => expect(seen.at(-1)?.map((p) => p.name)).toEqual(['Desk lamp']));
    off();
  });

  it('shares one server LISTEN between identical streams and releases it after the grace', async () => {
    const client = startClient(app.url, { streamReleaseGraceMs: 200 });
    await connected(client);
    const a: unknown[] = [];
    const b: unknown[] = [];
    const offA = client.readStream({ route: 'counter', params: { x: 1, y: 2 } }).subscribe((v) => a.push(v));
    const offB = client.readStream({ route: 'counter', params: { y: 2, x: 1 } }).subscribe((v) => b.push(v));
    await vi.waitFor(() => expect(b.length).toBeGreaterThan(3));
    expect(app.server.listenerCount('counter')).toBe(1);
    offA();
    offB();
    expect(app.server.listenerCount('counter')).toBe(1); // within the grace
    await vi.waitFor(() => expect(app.server.listenerCount('counter')).toBe(0));
  });

  it('cacheAndRemote gives a late subscriber the current value at once', async () => {
    const client = startClient(app.url);
    const first: unknown[] = [];
    const off = client.readStream({ route: 'products' }).subscribe((v) => first.push(v));
    await vi.waitFor(() => expect(first.length).toBe(1));
    const late: unknown[] = [];
    const off2 = client.readStream({ route: 'products', source: 'cacheAndRemote' }).subscribe((v) => late.push(v));
    expect(late).toEqual([first[0]]);
    expect(first).toHaveLength(1);
    off();
    off2();
  });

  it('an auth-only stream waits for a login, then delivers the user data', async () => {
    const client = startClient(app.url);
    const inbox: Message[][] = [];
    const stream = client.readStream<Message[]>({ route: 'my-messages' });
    const off = stream.subscribe((v) => inbox.push(v));
    await connected(client);
    const sender = startClient(app.url);
    await sender.authenticate({ credential: { accessToken: 'token-20' } });
    await sender.create({ route: 'message', body: { to: 21, text: 'before login' } });
    await client.authenticate({ credential: { accessToken: 'token-21' } });
    await vi.waitFor(() => expect(inbox.at(-1)?.map((m) => m.text)).toEqual(['before login']));
    await sender.create({ route: 'message', body: { to: 21, text: 'after login' } });
    await vi.waitFor(() => expect(inbox.at(-1)?.map((m) => m.text)).toEqual(['before login', 'after login']));
    expect(stream.getSnapshot().status).toBe('live');
    off();
  });

  it('a stream error reaches subscribers, and the stream recovers when the route heals', async () => {
    let healthy = false;
    const healing = await startReferenceServer({
      beforeStart: (server) => {
        server.addRoute.forAllUsers.read({
          route: 'flaky',
          handleRead: (ctx) => (healthy ? ctx.successCallback({ ok: true }) : ctx.errorCallback({ code: 'DB_DOWN', description: 'try later' })),
        });
      },
    });
    try {
      const client = startClient(healing.url, { streamRetryDelayMs: 100 });
      const errors: AsklessError[] = [];
      const values: unknown[] = [];
      const stream = client.readStream({ route: 'flaky' });
      const off = stream.subscribe((v) => values.push(v), (e) => errors.push(e));
      await vi.waitFor(() => expect(errors.map((e) => e.code)).toContain('DB_DOWN'));
      expect(stream.getSnapshot().status).toBe('error');
      healthy = true;
      await vi.waitFor(() => expect(values).toEqual([{ ok: true }]));
      expect(stream.getSnapshot()).toEqual({ status: 'live', data: { ok: true }, hasData: true });
      off();
    } finally {
      await healing.stop();
    }
  });

  it('a server-side stopListening ends the stream and the server forgets it', async () => {
    const client = startClient(app.url);
    await client.authenticate({ credential: { accessToken: 'token-30' } });
    const errors: string[] = [];
    const values: unknown[] = [];
    const stream = client.readStream({ route: 'my-messages' });
    stream.subscribe((v) => values.push(v), (e) => errors.push(e.code));
    await vi.waitFor(() => expect(values).toHaveLength(1));
    app.routes.myMessages.stopListening(30);
    await vi.waitFor(() => expect(errors).toEqual(['STREAM_STOPPED']));
    expect(stream.getSnapshot().status).toBe('error');
    await vi.waitFor(() => expect(app.routes.myMessages.listeners({ userId: 30 })).toHaveLength(0));
  });

  it('a ping never stops a stream whose LISTEN is still unanswered (Q13)', async () => {
    const client = startClient(app.url);
    const values: unknown[] = [];
    const off = client.readStream({ route: 'slow-start' }).subscribe((v) => values.push(v));
    await vi.waitFor(() => expect(answerSlowStart).toBeDefined());
    const pingsSoFar = inboundPings;
    await vi.waitFor(() => expect(inboundPings).toBeGreaterThanOrEqual(pingsSoFar + 3));
    answerSlowStart!();
    await vi.waitFor(() => expect(values).toEqual(['ready']));
    expect(hooks).toEqual({ starts: 1, stops: 0 });
    off();
  });

  it('an auth-only stream is not re-listed in pings while logged out (Q14)', async () => {
    const client = startClient(app.url);
    await connected(client);
    const pendingCount = () => outFrames.filter((f) => f.includes('PENDING_AUTHENTICATION')).length;
    const before = pendingCount();
    const stream = client.readStream({ route: 'my-messages' });
    const off = stream.subscribe(() => undefined);
    await vi.waitFor(() => expect(pendingCount()).toBe(before + 1));
    const after = pendingCount();
    const pingsSoFar = inboundPings;
    await vi.waitFor(() => expect(inboundPings).toBeGreaterThanOrEqual(pingsSoFar + 10));
    expect(pendingCount()).toBe(after);
    expect(stream.getSnapshot().status).toBe('pending');
    off();
  });

  it('works with for await', async () => {
    const client = startClient(app.url);
    const seen: number[] = [];
    for await (const v of client.readStream<{ value: number }>({ route: 'counter' })) {
      seen.push(v.value);
      if (seen.length === 3) break;
    }
    expect(seen[1]).toBeGreaterThan(seen[0] as number);
  });
});
