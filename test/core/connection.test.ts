import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AsklessClient } from '../../src/core/index.js';
import { FAST_RECONNECT_ATTEMPTS } from '../../src/core/internal/backoff.js';
import type { ConnectionState } from '../../src/core/index.js';
import { FakeSocketFactory } from './support/fake-socket.js';
import { CONFIG, RESUME, confirmFrame, handshake, lastSent, responseFrame, work } from './support/script.js';

const CONFIGURE = '_class_type_configureconnectionrequest';
const PING = '_class_type_pingpong';

let factory: FakeSocketFactory;
let client: AsklessClient<number>;

beforeEach(() => {
  vi.useFakeTimers();
  factory = new FakeSocketFactory();
  client = new AsklessClient<number>({ serverUrl: 'ws://127.0.0.1:1', WebSocket: factory.WebSocket });
});
afterEach(() => {
  client.close();
  vi.useRealTimers();
});

describe('handshake (§2.1)', () => {
  it('does no I/O before start()', () => {
    void client.read({ route: 'products' });
    expect(factory.sockets).toHaveLength(0);
    expect(client.connection).toEqual({ status: 'disconnected', disconnectionReason: 'notStarted' });
  });

  it('sends CONFIGURE_CONNECTION first, after the first frame, then held requests', () => {
    void client.read({ route: 'products' });
    client.start();
    const socket = factory.last;
    socket.open();
    expect(socket.sent).toHaveLength(0); // waits for `welcome`
    socket.deliver('welcome');
    expect(socket.sent).toHaveLength(1);
    expect(socket.sent[0]).toMatchObject({ [CONFIGURE]: '_', requestType: 'CONFIGURE_CONNECTION', clientType: 'flutter' });
    expect(socket.sent[0]?.clientIdInternalApp).toMatch(/^[A-Za-z0-9]{28}$/);
    expect(client.connection.status).toBe('inProgress');
    const id = socket.sent[0]?.clientRequestId as string;
    socket.deliver(confirmFrame(id));
    expect(work(socket)).toHaveLength(1); // still nothing but CONFIGURE
    socket.deliver({ ...responseFrame(id, { connectionConfiguration: CONFIG }), _class_type_configureconnection: '_' });
    const kinds = work(socket).map((f) => f.requestType);
    expect(kinds).toEqual(['CONFIGURE_CONNECTION', 'READ']);
    expect(client.connection).toEqual({ status: 'connected' });
  });

  it('confirms the configuration response and nothing for the server confirm', () => {
    client.start();
    handshake(factory.last);
    const confirms = factory.last.sentWith('_class_type_clientconfirmreceipt');
    expect(confirms).toHaveLength(1);
  });

  it('stays disconnected for good when the server refuses our version code', () => {
    client.start();
    const pending = client.read({ route: 'x' });
    handshake(factory.last, { clientVersionCodeSupported: { lessThanOrEqual: 3, moreThanOrEqual: null } });
    expect(client.connection).toEqual({ status: 'disconnected', disconnectionReason: 'unsupportedVersionCode' });
    vi.advanceTimersByTime(60_000);
    expect(factory.sockets).toHaveLength(1);
    return expect(pending).resolves.toMatchObject({ success: false, error: { code: 'UNSUPPORTED_VERSION' } });
  });

  it('reconnects after a configure error', () => {
    client.start();
    const socket = factory.last;
    socket.open();
    socket.deliver('welcome');
    const id = lastSent(socket, CONFIGURE).clientRequestId as string;
    socket.deliver(responseFrame(id, null, { code: 'INTERNAL_ERROR', description: 'x' }));
    expect(client.connection).toEqual({ status: 'disconnected', disconnectionReason: 'configureFailed' });
    vi.advanceTimersByTime(250);
    expect(factory.sockets).toHaveLength(2);
  });
});

describe('ping', () => {
  it('pings every intervalInMsClientPing once configured, with an empty list when idle', () => {
    client.start();
    handshake(factory.last, { intervalInMsClientPing: 300 });
    const before = factory.last.sentWith(PING).length;
    vi.advanceTimersByTime(900);
    const pings = factory.last.sentWith(PING);
    expect(pings.length - before).toBe(3);
    expect(pings.at(-1)).toEqual({ [PING]: '_', listeningToRoutes: [] });
  });

  it('sends no ping before the connection is configured (2.0.3 ignores them)', () => {
    client.start();
    factory.last.open();
    factory.last.deliver('welcome');
    vi.advanceTimersByTime(3000);
    expect(factory.last.sentWith(PING)).toHaveLength(0);
  });
});

describe('pong watchdog and backoff', () => {
  it('reconnects when the server stays silent for one watchdog period', () => {
    client.start();
    handshake(factory.last, { reconnectClientAfterMillisecondsWithoutServerPong: 2000 });
    vi.advanceTimersByTime(1999);
    expect(client.connection.status).toBe('connected');
    vi.advanceTimersByTime(2);
    expect(client.connection).toEqual({ status: 'disconnected', disconnectionReason: 'pongTimeout' });
    expect(factory.sockets[0]?.closedByClient).toBe(true);
  });

  it('any inbound frame (pong) keeps the connection alive', () => {
    client.start();
    handshake(factory.last, { reconnectClientAfterMillisecondsWithoutServerPong: 2000 });
    for (let i = 0; i < 10; i++) {
      vi.advanceTimersByTime(1000);
      factory.last.deliver('pong');
    }
    expect(client.connection.status).toBe('connected');
    expect(factory.sockets).toHaveLength(1);
  });

  it('retries within 250 ms through the fast phase, then backs off exponentially up to the cap', () => {
    const c = new AsklessClient({ serverUrl: 'ws://127.0.0.1:1', WebSocket: factory.WebSocket, reconnectMaxDelayMs: 4000 });
    c.start();
    const delays: number[] = [];
    for (let attempt = 0; attempt < FAST_RECONNECT_ATTEMPTS + 6; attempt++) {
      const n = factory.sockets.length;
      factory.last.drop();
      let waited = 0;
      while (factory.sockets.length === n) {
        vi.advanceTimersByTime(10);
        waited += 10;
      }
      delays.push(waited);
    }
    c.close();
    const fast = delays.slice(0, FAST_RECONNECT_ATTEMPTS);
    expect(Math.max(...fast)).toBeLessThanOrEqual(250);
    expect(Math.min(...fast)).toBeGreaterThanOrEqual(120);
    expect(delays[FAST_RECONNECT_ATTEMPTS + 2]).toBeGreaterThanOrEqual(1000); // 2000 * [0.5, 1]
    for (const d of delays) expect(d).toBeLessThanOrEqual(4010);
    expect(delays.slice(FAST_RECONNECT_ATTEMPTS + 3).every((d) => d >= 2000)).toBe(true); // capped at 4000, jitter ≥ 50 %
  });

  it('resets the backoff after a successful connection', () => {
    client.start();
    for (let i = 0; i < 5; i++) {
      factory.last.drop();
      vi.advanceTimersByTime(10_000);
    }
    handshake(factory.last);
    const n = factory.sockets.length;
    factory.last.drop();
    vi.advanceTimersByTime(250);
    expect(factory.sockets.length).toBe(n + 1);
  });
});

describe('client id policy (§10)', () => {
  it('uses a fresh clientIdInternalApp per connection against a plain 2.0.3 server', () => {
    client.start();
    const first = handshake(factory.last);
    factory.last.drop();
    vi.advanceTimersByTime(250);
    const second = handshake(factory.last);
    expect(second).not.toBe(first);
  });

  it('keeps the id when the server advertises the resume extension', () => {
    client.start();
    const first = handshake(factory.last, { asklessReact: RESUME });
    factory.last.drop();
    vi.advanceTimersByTime(250);
    expect(handshake(factory.last, { asklessReact: RESUME })).toBe(first);
  });
});

describe('connection state and close()', () => {
  it('notifies listeners of every change with the same object until it changes', () => {
    const seen: ConnectionState[] = [];
    client.onConnectionChange((s) => seen.push(s));
    client.start();
    handshake(factory.last);
    const connected = client.connection;
    factory.last.deliver('pong');
    expect(client.connection).toBe(connected);
    factory.last.drop();
    expect(seen.map((s) => s.status)).toEqual(['disconnected', 'inProgress', 'connected', 'disconnected']);
    expect(seen.at(-1)?.disconnectionReason).toBe('socketClosed');
  });

  it('onConnectionChange with immediately:false waits for the next change', () => {
    const listener = vi.fn();
    client.onConnectionChange(listener, { immediately: false });
    expect(listener).not.toHaveBeenCalled();
    client.start();
    expect(listener).toHaveBeenCalledWith({ status: 'inProgress' });
  });

  it('close() leaves no timer and no open socket behind, and settles pending work', async () => {
    client.start();
    handshake(factory.last);
    const pending = client.read({ route: 'products' });
    const stream = client.readStream({ route: 'counter' });
    const off = stream.subscribe(() => undefined);
    const other = client.readStream({ route: 'products' }).subscribe(() => undefined);
    other(); // in its release grace when the client closes
    client.close();
    expect(vi.getTimerCount()).toBe(0);
    off();
    expect(vi.getTimerCount()).toBe(0);
    expect(factory.last.closedByClient).toBe(true);
    expect(client.connection).toEqual({ status: 'disconnected', disconnectionReason: 'closedByClient' });
    await expect(pending).resolves.toMatchObject({ success: false, error: { code: 'CLIENT_CLOSED' } });
    await expect(client.read({ route: 'x' })).resolves.toMatchObject({ error: { code: 'CLIENT_CLOSED' } });
  });

  it('can be started again after close()', () => {
    client.start();
    handshake(factory.last);
    client.close();
    client.start();
    expect(factory.sockets).toHaveLength(2);
    handshake(factory.last);
    expect(client.connection.status).toBe('connected');
  });
});

describe('validation', () => {
  it('rejects a serverUrl that is not ws:// or wss:// at construction', () => {
    expect(() => new AsklessClient({ serverUrl: 'http://x', WebSocket: factory.WebSocket })).toThrow(/ws:\/\/ or wss:\/\//);
    try {
      new AsklessClient({ serverUrl: 'localhost:3000', WebSocket: factory.WebSocket });
    } catch (e) {
      expect(e).toMatchObject({ name: 'AsklessError', code: 'INVALID_ARGUMENT' });
    }
  });

  it('constructs without a WebSocket global (SSR) and asks for one, clearly, only when it connects', () => {
    const saved = (globalThis as { WebSocket?: unknown }).WebSocket;
    (globalThis as { WebSocket?: unknown }).WebSocket = undefined;
    const lines: string[] = [];
    const noSocketClient = new AsklessClient({ serverUrl: 'ws://x', debugLogs: true, logger: (l) => lines.push(l) });
    try {
      noSocketClient.start();
      expect(noSocketClient.connection).toMatchObject({ status: 'disconnected', disconnectionReason: 'connectFailed' });
      expect(lines.join('\n')).toMatch(/pass the `ws` package as options\.WebSocket/);
    } finally {
      noSocketClient.close();
      (globalThis as { WebSocket?: unknown }).WebSocket = saved;
    }
  });

  it('answers a bad route or params with INVALID_ARGUMENT without sending anything', async () => {
    client.start();
    handshake(factory.last);
    await expect(client.read({ route: '' })).resolves.toMatchObject({ success: false, error: { code: 'INVALID_ARGUMENT' } });
    await expect(client.read({ route: 'p', params: [] as unknown as null })).resolves.toMatchObject({ error: { code: 'INVALID_ARGUMENT' } });
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    await expect(client.create({ route: 'p', body: circular })).resolves.toMatchObject({ error: { code: 'INVALID_ARGUMENT' } });
    expect(work(factory.last).map((f) => f.requestType)).toEqual(['CONFIGURE_CONNECTION']);
    expect(() => client.readStream({ route: 42 as unknown as string })).toThrow(/route/);
  });
});

describe('browser online event', () => {
  it('reconnects at once when the network comes back instead of waiting out the backoff', () => {
    const target = new EventTarget();
    const g = globalThis as unknown as { addEventListener?: unknown; removeEventListener?: unknown };
    g.addEventListener = target.addEventListener.bind(target);
    g.removeEventListener = target.removeEventListener.bind(target);
    try {
      const c = new AsklessClient({ serverUrl: 'ws://127.0.0.1:1', WebSocket: factory.WebSocket, reconnectBaseDelayMs: 60_000, reconnectMaxDelayMs: 60_000 });
      c.start();
      const before = factory.sockets.length;
      factory.last.drop();
      vi.advanceTimersByTime(1000);
      expect(factory.sockets.length).toBe(before); // still backing off
      target.dispatchEvent(new Event('online'));
      expect(factory.sockets.length).toBe(before + 1);
      c.close();
      target.dispatchEvent(new Event('online'));
      expect(factory.sockets.length).toBe(before + 1);
    } finally {
      delete g.addEventListener;
      delete g.removeEventListener;
    }
  });
});
