import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AsklessClient } from '../../src/core/index.js';
import type { AsklessError } from '../../src/core/index.js';
import { FakeSocketFactory } from './support/fake-socket.js';
import { RESUME, authResponseFrame, confirmFrame, handshake, lastSent, pushFrame, responseFrame, stopFrame } from './support/script.js';

const LISTEN = '_class_type_listen';
const PING = '_class_type_pingpong';
const AUTH = '_class_type_authenticaterequest';

let factory: FakeSocketFactory;
let client: AsklessClient<number>;

beforeEach(() => {
  vi.useFakeTimers();
  factory = new FakeSocketFactory();
  client = new AsklessClient<number>({ serverUrl: 'ws://127.0.0.1:1', WebSocket: factory.WebSocket, streamRetryDelayMs: 1000 });
  client.start();
  handshake(factory.last);
});
afterEach(() => {
  client.close();
  vi.useRealTimers();
});

/** Answer the last LISTEN like 2.0.3: Response(listenId) then the initial push. */
function answerListen(value: unknown): string {
  const listen = lastSent(factory.last, LISTEN);
  factory.last.deliver(responseFrame(listen.clientRequestId as string, listen.listenId));
  factory.last.deliver(pushFrame(listen.listenId as string, value));
  return listen.listenId as string;
}

const pingRoutes = () => (lastSent(factory.last, PING).listeningToRoutes as { route: string; listenId: string; clientRequestId: string }[]);

describe('sharing (§7.3)', () => {
  it('is lazy: nothing is sent before the first subscriber', () => {
    const stream = client.readStream({ route: 'products' });
    expect(factory.last.sentWith(LISTEN)).toHaveLength(0);
    expect(stream.getSnapshot()).toEqual({ status: 'pending', data: undefined, hasData: false });
  });

  it('identical route + params (any key order) share one LISTEN', () => {
    const a: unknown[] = [];
    const b: unknown[] = [];
    client.readStream({ route: 'products', params: { x: 1, y: 2 } }).subscribe((v) => a.push(v));
    client.readStream({ route: 'products', params: { y: 2, x: 1 } }).subscribe((v) => b.push(v));
    client.readStream({ route: 'products', params: { x: 2 } }).subscribe(() => undefined);
    expect(factory.last.sentWith(LISTEN)).toHaveLength(2);
    const first = factory.last.sentWith(LISTEN)[0] as Record<string, unknown>;
    factory.last.deliver(responseFrame(first.clientRequestId as string, first.listenId));
    factory.last.deliver(pushFrame(first.listenId as string, 'v1'));
    expect(a).toEqual(['v1']);
    expect(b).toEqual(['v1']);
  });

  it('keeps the LISTEN through the release grace and drops it from the ping after', () => {
    const off = client.readStream({ route: 'products' }).subscribe(() => undefined);
    answerListen([]);
    off();
    vi.advanceTimersByTime(999);
    factory.last.deliver('pong');
    const again = client.readStream({ route: 'products' }).subscribe(() => undefined);
    expect(factory.last.sentWith(LISTEN)).toHaveLength(1); // re-used within the grace
    again();
    vi.advanceTimersByTime(1000);
    factory.last.deliver('pong');
    vi.advanceTimersByTime(1000);
    expect(pingRoutes()).toEqual([]);
  });
});

describe('ping listing (Q13, Q14)', () => {
  it('lists a stream from the moment its LISTEN is sent, before any answer (route known to work)', () => {
    client.readStream({ route: 'products', params: { page: 1 } }).subscribe(() => undefined);
    answerListen([]); // the route is now known to be a read route
    client.readStream({ route: 'products', params: { page: 2 } }).subscribe(() => undefined);
    const listen = lastSent(factory.last, LISTEN);
    vi.advanceTimersByTime(1000);
    expect(pingRoutes()).toContainEqual(
      expect.objectContaining({ listenId: listen.listenId, route: 'products', params: { page: 2 }, clientRequestId: listen.clientRequestId }),
    );
    expect(pingRoutes()).toHaveLength(2);
  });

  it('never names a route not yet answered in a ping to a plain 2.0.3 server (Q1: it would crash)', () => {
    client.readStream({ route: 'typo-route' }).subscribe(() => undefined);
    vi.advanceTimersByTime(1000);
    expect(pingRoutes()).toEqual([]);
    const listen = lastSent(factory.last, LISTEN);
    factory.last.deliver(responseFrame(listen.clientRequestId as string, null, { code: 'INVALID_ROUTE', description: 'x' }));
    vi.advanceTimersByTime(1000);
    expect(pingRoutes()).toEqual([]);
  });

  it('holds pings back while a first LISTEN on an unknown route is unanswered, then lists it (Q1 + Q13)', () => {
    vi.advanceTimersByTime(1000);
    factory.last.deliver('pong');
    const pingsBefore = factory.last.sentWith(PING).length;
    client.readStream({ route: 'first-time' }).subscribe(() => undefined);
    vi.advanceTimersByTime(2000); // two ping periods, well under the 3 s cap (half the watchdog)
    factory.last.deliver('pong');
    expect(factory.last.sentWith(PING)).toHaveLength(pingsBefore); // not omitted: not sent at all
    answerListen('v');
    vi.advanceTimersByTime(1000);
    expect(pingRoutes()).toEqual([expect.objectContaining({ route: 'first-time' })]);
  });

  it('holds back even the first ping of a connection while a LISTEN sent at start() is unanswered (Q13)', () => {
    client.close();
    client = new AsklessClient<number>({ serverUrl: 'ws://127.0.0.1:1', WebSocket: factory.WebSocket });
    client.readStream({ route: 'subscribed-at-start' }).subscribe(() => undefined);
    client.start();
    handshake(factory.last);
    const sent = factory.last.sent;
    const listenAt = sent.findIndex((f) => f[LISTEN] !== undefined);
    expect(listenAt).toBeGreaterThanOrEqual(0);
    vi.advanceTimersByTime(1500);
    factory.last.deliver('pong');
    // Every ping after the LISTEN lists it; here none may go out at all until it is answered.
    expect(sent.slice(listenAt).filter((f) => f[PING] !== undefined)).toEqual([]);
    answerListen('v');
    vi.advanceTimersByTime(1000);
    for (const ping of sent.slice(listenAt).filter((f) => f[PING] !== undefined)) {
      expect(ping['listeningToRoutes']).toEqual([expect.objectContaining({ route: 'subscribed-at-start' })]);
    }
    expect(sent.slice(listenAt).filter((f) => f[PING] !== undefined).length).toBeGreaterThan(0);
  });

  it('names a route whose LISTEN was confirmed 1 s ago without INVALID_ROUTE, while its handler still runs', () => {
    client.readStream({ route: 'slow-handler' }).subscribe(() => undefined);
    const listen = lastSent(factory.last, LISTEN);
    factory.last.deliver(confirmFrame(listen.clientRequestId as string));
    const pingsBefore = factory.last.sentWith(PING).length;
    vi.advanceTimersByTime(900);
    expect(factory.last.sentWith(PING)).toHaveLength(pingsBefore);
    factory.last.deliver('pong');
    vi.advanceTimersByTime(1100);
    expect(pingRoutes()).toEqual([expect.objectContaining({ listenId: listen.listenId, route: 'slow-handler' })]);
  });

  it('never holds pings back longer than half the watchdog period', () => {
    client.readStream({ route: 'slow-first-time' }).subscribe(() => undefined);
    const pingsBefore = factory.last.sentWith(PING).length;
    vi.advanceTimersByTime(3000);
    factory.last.deliver('pong');
    vi.advanceTimersByTime(1000);
    expect(factory.last.sentWith(PING).length).toBeGreaterThan(pingsBefore);
    expect(pingRoutes()).toEqual([]);
    expect(client.connection.status).toBe('connected');
  });

  it('lists the built-in call routes at once: every Askless server has them', () => {
    client.readStream({ route: 'askless-internal/call/receive' }).subscribe(() => undefined);
    vi.advanceTimersByTime(1000);
    expect(pingRoutes()).toEqual([expect.objectContaining({ route: 'askless-internal/call/receive' })]);
  });

  it('lists any stream at once when the server advertises the resume extension', () => {
    factory.last.drop();
    vi.advanceTimersByTime(250);
    handshake(factory.last, { asklessReact: RESUME });
    client.readStream({ route: 'fresh' }).subscribe(() => undefined);
    vi.advanceTimersByTime(1000);
    expect(pingRoutes()).toEqual([expect.objectContaining({ route: 'fresh' })]);
  });

  it('stops listing a stream answered PENDING_AUTHENTICATION and LISTENs again after a login', async () => {
    const values: unknown[] = [];
    client.readStream({ route: 'my-messages' }).subscribe((v) => values.push(v));
    const listen = lastSent(factory.last, LISTEN);
    factory.last.deliver(responseFrame(listen.clientRequestId as string, null, { code: 'PENDING_AUTHENTICATION', description: 'x' }));
    vi.advanceTimersByTime(1000);
    expect(pingRoutes()).toEqual([]);
    const login = client.authenticate({ credential: { accessToken: 'token-1' } });
    factory.last.deliver(authResponseFrame(lastSent(factory.last, AUTH).clientRequestId as string, { userId: 1, claims: [] }));
    await login;
    const relisten = lastSent(factory.last, LISTEN);
    expect(relisten.listenId).toBe(listen.listenId);
    expect(relisten.clientRequestId).not.toBe(listen.clientRequestId);
    answerListen(['hello']);
    expect(values).toEqual([['hello']]);
  });
});

describe('persevere (§5.5)', () => {
  it('a non-persevere stream waiting for a login fails on clearAuthentication; a persevere one keeps waiting', async () => {
    const plainErrors: string[] = [];
    const patientErrors: string[] = [];
    client.readStream({ route: 'a', persevere: false }).subscribe(() => undefined, (e) => plainErrors.push(e.code));
    const a = lastSent(factory.last, LISTEN);
    client.readStream({ route: 'b' }).subscribe(() => undefined, (e) => patientErrors.push(e.code));
    const b = lastSent(factory.last, LISTEN);
    for (const l of [a, b]) factory.last.deliver(responseFrame(l.clientRequestId as string, null, { code: 'PENDING_AUTHENTICATION' }));
    await client.clearAuthentication();
    expect(plainErrors).toEqual(['PENDING_AUTHENTICATION']);
    expect(patientErrors).toEqual([]);
    const login = client.authenticate({ credential: { accessToken: 'token-1' } });
    factory.last.deliver(authResponseFrame(lastSent(factory.last, AUTH).clientRequestId as string, { userId: 1, claims: [] }));
    await login;
    expect(lastSent(factory.last, LISTEN).route).toBe('b');
  });
});

describe('values', () => {
  it('cacheAndRemote hands a late subscriber the last value at once, and only that subscriber', () => {
    const early: unknown[] = [];
    client.readStream({ route: 'counter' }).subscribe((v) => early.push(v));
    answerListen(1);
    const late: unknown[] = [];
    client.readStream({ route: 'counter', source: 'cacheAndRemote' }).subscribe((v) => late.push(v));
    const remoteOnly: unknown[] = [];
    client.readStream({ route: 'counter' }).subscribe((v) => remoteOnly.push(v));
    expect(late).toEqual([1]);
    expect(early).toEqual([1]);
    expect(remoteOnly).toEqual([]);
  });

  it('snapshots keep the same object until something changes', () => {
    const stream = client.readStream<number>({ route: 'counter' });
    const listener = vi.fn();
    stream.subscribeSnapshot(listener);
    const pending = stream.getSnapshot();
    expect(stream.getSnapshot()).toBe(pending);
    answerListen(5);
    const live = stream.getSnapshot();
    expect(live).toEqual({ status: 'live', data: 5, hasData: true });
    expect(stream.getSnapshot()).toBe(live);
    expect(listener).toHaveBeenCalled();
  });

  it('ignores pushes for unknown listenIds but still confirms them (§4.2)', () => {
    // A client of our own that logs: handling the push must not throw (the guard drops it).
    client.close();
    const lines: string[] = [];
    client = new AsklessClient<number>({ serverUrl: 'ws://127.0.0.1:1', WebSocket: factory.WebSocket, debugLogs: true, logger: (l) => lines.push(l) });
    client.start();
    handshake(factory.last);
    const values: unknown[] = [];
    client.readStream({ route: 'products' }).subscribe((v) => values.push(v));
    answerListen(['known']);
    const push = pushFrame('LIS-unknown', ['stranger']);
    factory.last.deliver(push);
    const confirms = factory.last.sentWith('_class_type_clientconfirmreceipt').filter((c) => c.serverId === push.serverId);
    expect(confirms).toHaveLength(1);
    expect(confirms[0]).toMatchObject({ requestType: 'CONFIRM_RECEIPT', clientRequestId: expect.stringMatching(/^REQ-_/) });
    expect(values).toEqual([['known']]);
    expect(lines.filter((l) => l.includes('error while handling'))).toEqual([]);
  });
});

describe('unshared streams (shared: false, a call\'s own streams)', () => {
  it('gives every subscription its own LISTEN, which a shared handle of the same key never joins', () => {
    client.readStream({ route: 'askless-internal/call/listen-for-a-call', params: { remoteUserId: 2 }, shared: false }).subscribe(() => undefined);
    client.readStream({ route: 'askless-internal/call/listen-for-a-call', params: { remoteUserId: 2 }, shared: false }).subscribe(() => undefined);
    client.readStream({ route: 'askless-internal/call/listen-for-a-call', params: { remoteUserId: 2 } }).subscribe(() => undefined);
    const ids = factory.last.sentWith(LISTEN).map((f) => f.listenId);
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(3);
  });

  it('is released at once, and a ping without it goes out right away', () => {
    const off = client.readStream({ route: 'askless-internal/call/listen-for-a-call', params: { remoteUserId: 2 }, shared: false }).subscribe(() => undefined);
    const listenId = answerListen({ remoteUserId: 2 });
    vi.advanceTimersByTime(1000);
    expect(pingRoutes().map((e) => e.listenId)).toEqual([listenId]);
    const pings = factory.last.sentWith(PING).length;
    off();
    expect(factory.last.sentWith(PING)).toHaveLength(pings + 1);
    expect(pingRoutes()).toEqual([]);
  });

  it('a StopListening sends a ping without the stream right away (Q19: 2.0.3 forgets it only then)', () => {
    client.readStream({ route: 'products' }).subscribe(() => undefined);
    const listenId = answerListen([]);
    const pings = factory.last.sentWith(PING).length;
    factory.last.deliver(stopFrame(listenId));
    expect(factory.last.sentWith(PING)).toHaveLength(pings + 1);
    expect(pingRoutes()).toEqual([]);
  });
});

describe('reconnect (§7.4)', () => {
  it('keeps data while reconnecting and restores the stream through the ping, without a new LISTEN', () => {
    const values: unknown[] = [];
    const stream = client.readStream({ route: 'products' });
    stream.subscribe((v) => values.push(v));
    const listenId = answerListen(['a']);
    const listen = lastSent(factory.last, LISTEN);
    factory.last.drop();
    expect(stream.getSnapshot()).toMatchObject({ status: 'reconnecting', data: ['a'] });
    vi.advanceTimersByTime(250);
    handshake(factory.last);
    expect(factory.last.sentWith(LISTEN)).toHaveLength(0);
    expect(pingRoutes()).toEqual([expect.objectContaining({ listenId, clientRequestId: listen.clientRequestId })]);
    // the 2.0.3 ping restart: Response with the original id, then a fresh initial value
    factory.last.deliver(responseFrame(listen.clientRequestId as string, listenId));
    factory.last.deliver(pushFrame(listenId, ['a', 'b']));
    expect(values).toEqual([['a'], ['a', 'b']]);
    expect(stream.getSnapshot()).toMatchObject({ status: 'live', data: ['a', 'b'] });
  });

  it('LISTENs a stream subscribed while offline once connected', () => {
    factory.last.drop();
    client.readStream({ route: 'products' }).subscribe(() => undefined);
    vi.advanceTimersByTime(250);
    handshake(factory.last);
    expect(factory.last.sentWith(LISTEN)).toHaveLength(1);
  });
});

describe('errors', () => {
  it('reaches subscribers, stops the listing, ignores pushes meanwhile and recovers by retrying', () => {
    const errors: AsklessError[] = [];
    const values: unknown[] = [];
    const stream = client.readStream({ route: 'flaky' });
    stream.subscribe((v) => values.push(v), (e) => errors.push(e));
    const listen = lastSent(factory.last, LISTEN);
    factory.last.deliver(responseFrame(listen.clientRequestId as string, null, { code: 'DB_DOWN', description: 'x' }));
    expect(errors.map((e) => e.code)).toEqual(['DB_DOWN']);
    expect(stream.getSnapshot()).toMatchObject({ status: 'error', error: { code: 'DB_DOWN' } });
    factory.last.deliver(pushFrame(listen.listenId as string, 'stale')); // Q17
    expect(values).toEqual([]);
    factory.last.deliver('pong');
    expect(pingRoutes()).toEqual([]);
    vi.advanceTimersByTime(1000);
    const retry = lastSent(factory.last, LISTEN);
    expect(retry.clientRequestId).not.toBe(listen.clientRequestId);
    answerListen('ok');
    expect(values).toEqual(['ok']);
    expect(stream.getSnapshot()).toEqual({ status: 'live', data: 'ok', hasData: true });
  });

  it('StopListening ends the stream for its subscribers and drops it from the ping (Q19)', async () => {
    const errors: string[] = [];
    const stream = client.readStream({ route: 'products' });
    stream.subscribe(() => undefined, (e) => errors.push(e.code));
    const listenId = answerListen([]);
    factory.last.deliver(stopFrame(listenId));
    expect(errors).toEqual(['STREAM_STOPPED']);
    expect(stream.getSnapshot()).toMatchObject({ status: 'error', error: { code: 'STREAM_STOPPED' } });
    vi.advanceTimersByTime(1000);
    expect(pingRoutes()).toEqual([]);
  });
});

describe('async iteration', () => {
  it('yields the latest value to a loop that is behind (2 is superseded by 3, issue 14) and unsubscribes on break', async () => {
    const stream = client.readStream<number>({ route: 'counter' });
    const seen: number[] = [];
    const loop = (async () => {
      for await (const v of stream) {
        seen.push(v);
        if (v === 3) break;
      }
    })();
    const listenId = answerListen(1);
    factory.last.deliver(pushFrame(listenId, 2));
    factory.last.deliver(pushFrame(listenId, 3));
    await loop;
    // A stream is state: the loop was still on 1 when 2 and 3 arrived, so it gets only 3.
    expect(seen).toEqual([1, 3]);
    vi.advanceTimersByTime(1000);
    factory.last.deliver('pong');
    vi.advanceTimersByTime(1000);
    expect(pingRoutes()).toEqual([]);
  });

  it('ends when the server stops the stream and throws stream errors', async () => {
    const stopped = client.readStream({ route: 'a' });
    const it1 = stopped[Symbol.asyncIterator]();
    const listenId = answerListen('x');
    await expect(it1.next()).resolves.toEqual({ value: 'x', done: false });
    factory.last.deliver(stopFrame(listenId));
    await expect(it1.next()).resolves.toMatchObject({ done: true });

    const failing = client.readStream({ route: 'b' });
    const it2 = failing[Symbol.asyncIterator]();
    const next = it2.next();
    factory.last.deliver(responseFrame(lastSent(factory.last, LISTEN).clientRequestId as string, null, { code: 'NOPE' }));
    await expect(next).rejects.toMatchObject({ code: 'NOPE' });
  });
});

describe('retry()', () => {
  it('LISTENs an errored stream again at once, keeping its listenId', () => {
    const stream = client.readStream({ route: 'flaky' });
    stream.subscribe(() => undefined);
    const first = lastSent(factory.last, LISTEN);
    factory.last.deliver(responseFrame(first.clientRequestId as string, null, { code: 'DB_DOWN' }));
    stream.retry?.();
    const again = lastSent(factory.last, LISTEN);
    expect(again.clientRequestId).not.toBe(first.clientRequestId);
    expect(again.listenId).toBe(first.listenId);
  });
});

describe('re-login after a reconnect', () => {
  it('LISTENs a failed stream exactly once when the gate opens (no duplicate LISTEN, Q18)', () => {
    const login = client.authenticate({ credential: { accessToken: 'token-1' } });
    factory.last.deliver(authResponseFrame(lastSent(factory.last, AUTH).clientRequestId as string, { userId: 1, claims: [] }));
    void login;
    client.readStream({ route: 'flaky' }).subscribe(() => undefined);
    factory.last.deliver(responseFrame(lastSent(factory.last, LISTEN).clientRequestId as string, null, { code: 'DB_DOWN' }));
    factory.last.drop();
    vi.advanceTimersByTime(250);
    handshake(factory.last);
    expect(factory.last.sentWith(LISTEN)).toHaveLength(0); // the re-login goes first
    factory.last.deliver(authResponseFrame(lastSent(factory.last, AUTH).clientRequestId as string, { userId: 1, claims: [] }));
    expect(factory.last.sentWith(LISTEN)).toHaveLength(1);
  });
});
