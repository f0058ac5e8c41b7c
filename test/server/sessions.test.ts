/**
 * Per-socket state: sockets sharing a client id stay independent (Q3/Q4), logout really logs out
 * (Q6), READ on auth-only routes needs a login (Q7), and per-client memory is bounded.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../support/reference-app.js';
import { WireClient, alnum } from '../support/wire-client.js';

let app: ReferenceServer | undefined;
const clients: WireClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  await app?.stop();
  app = undefined;
});

async function open(url: string, clientId?: string): Promise<WireClient> {
  const c = await WireClient.connect(url, clientId);
  clients.push(c);
  await c.configure();
  return c;
}

describe('two sockets sharing a client id', () => {
  it('never deafen each other, whichever closes first', async () => {
    app = await startReferenceServer();
    const id = alnum(28);
    const a = await open(app.url, id);
    const la = await a.listen('products');
    await a.push(la.listenId);
    const a2 = await open(app.url, id);
    const la2 = await a2.listen('products');
    await a2.push(la2.listenId);
    const writer = await open(app.url);
    await writer.modify('CREATE', 'product', { name: 'One', price: 1 });
    expect((await a.push(la.listenId))['output']).toHaveLength(3);
    expect((await a2.push(la2.listenId))['output']).toHaveLength(3);
    // The old socket's close must not touch the new one (2.0.3 wipes its send hook and login).
    await a.close();
    clients.splice(clients.indexOf(a), 1);
    await vi.waitFor(() => expect(app!.server.connectionCount).toBe(2));
    a2.ping([{ listenId: la2.listenId, route: 'products', clientRequestId: la2.clientRequestId }]);
    await a2.next((f) => f === 'pong');
    await writer.modify('CREATE', 'product', { name: 'Two', price: 2 });
    expect((await a2.push(la2.listenId))['output']).toHaveLength(4);
    expect((await a2.read('products'))['output']).toHaveLength(4);
  });

  it('keeps logins per socket: logging in on one does not log in the other', async () => {
    app = await startReferenceServer();
    const id = alnum(28);
    const a = await open(app.url, id);
    const a2 = await open(app.url, id);
    expect((await a.authenticate({ accessToken: 'token-1' }))['output']).toEqual({ userId: 1, claims: ['user'] });
    expect((await a.read('my-messages'))['output']).toEqual([]);
    expect((await a2.read('my-messages'))['error']['code']).toBe('PENDING_AUTHENTICATION');
  });
});

describe('logout', () => {
  it('the logout route clears the user, stops auth-only streams (StopListening) and keeps public ones', async () => {
    const stops: string[] = [];
    app = await startReferenceServer({
      beforeStart: (server) => {
        server.addRoute.forAuthenticatedUsers.read({
          route: 'private-feed',
          handleRead: (ctx) => ctx.successCallback({ for: ctx.userId }),
          onClientStopsListening: (ctx) => stops.push(`${String(ctx.userId)}:${ctx.reason}`),
        });
      },
    });
    const a = await open(app.url);
    await a.authenticate({ accessToken: 'token-1' });
    const mine = await a.listen('my-messages');
    await a.push(mine.listenId);
    const feed = await a.listen('private-feed');
    await a.push(feed.listenId);
    const pub = await a.listen('products');
    await a.push(pub.listenId);
    const res = await a.modify('DELETE', 'askless-internal/authentication', {}, null);
    expect(res['output']).toEqual({ result: 'OK' });
    const stopped = [mine.listenId, feed.listenId];
    for (const listenId of stopped) await a.next((f) => typeof f === 'object' && f['_class_type_stoplistening'] === '_' && f['listenId'] === listenId);
    expect(app.server.listenerCount('my-messages')).toBe(0);
    expect(app.server.listenerCount('products')).toBe(1);
    // The stop hook still sees who was listening.
    expect(stops).toEqual(['1:logout']);
    expect((await a.modify('CREATE', 'message', { to: 2, text: 'hi' }))['error']['code']).toBe('PENDING_AUTHENTICATION');
    expect((await a.modify('DELETE', 'askless-internal/authentication', {}, null))['output']).toEqual({ result: 'NO-OP' });
  });

  it('server.clearAuthentication(userId) logs that user out on every socket and nobody else', async () => {
    app = await startReferenceServer();
    const u1a = await open(app.url);
    const u1b = await open(app.url);
    const u2 = await open(app.url);
    await u1a.authenticate({ accessToken: 'token-1' });
    await u1b.authenticate({ accessToken: 'token-1' });
    await u2.authenticate({ accessToken: 'token-2' });
    expect(app.server.clearAuthentication(1)).toBe(2);
    expect((await u1a.read('my-messages'))['error']['code']).toBe('PENDING_AUTHENTICATION');
    expect((await u1b.read('my-messages'))['error']['code']).toBe('PENDING_AUTHENTICATION');
    expect((await u2.read('my-messages'))['output']).toEqual([]);
    expect(app.server.isUserConnected(1)).toBe(false);
    expect(app.server.isUserConnected(2)).toBe(true);
  });
});

describe('READ on forAuthenticatedUsers routes', () => {
  it('runs the handler for unauthenticated clients only with legacyUnauthenticatedReads', async () => {
    app = await startReferenceServer({ init: { legacyUnauthenticatedReads: true } });
    const a = await open(app.url);
    expect((await a.read('my-messages'))['output']).toEqual([]);
    // LISTEN and writes stay protected, as in 2.0.3.
    expect((await a.listen('my-messages')).response['error']['code']).toBe('PENDING_AUTHENTICATION');
  });
});

describe('bounded per-client memory', () => {
  it('remembers at most maxRememberedRequestsPerClient write ids, evicting the oldest; reads are not remembered', async () => {
    app = await startReferenceServer({ init: { maxRememberedRequestsPerClient: 5 } });
    const a = await open(app.url);
    for (let i = 0; i < 20; i++) await a.read('products', null, `REQ-_n${i}`);
    expect(app.server.rememberedRequestCount(a.clientId)).toBe(0);
    for (let i = 0; i < 20; i++) await a.modify('UPDATE', 'product', { price: 1 }, { id: 999 }, `REQ-_u${i}`);
    expect(app.server.rememberedRequestCount(a.clientId)).toBe(5);
    // The newest is still replayed; the oldest runs again (it was forgotten).
    const before = app.state.products.length;
    await a.modify('CREATE', 'product', { name: 'Once', price: 1 }, null, 'REQ-_w1');
    await a.modify('CREATE', 'product', { name: 'Once', price: 1 }, null, 'REQ-_w1');
    expect(app.state.products.length).toBe(before + 1);
    for (let i = 0; i < 5; i++) await a.modify('UPDATE', 'product', { price: 1 }, { id: 999 }, `REQ-_m${i}`);
    await a.modify('CREATE', 'product', { name: 'Once', price: 1 }, null, 'REQ-_w1');
    expect(app.state.products.length).toBe(before + 2);
  });

  it('forgets request ids older than replayWindowMs', async () => {
    app = await startReferenceServer({ init: { replayWindowMs: 50 } });
    const a = await open(app.url);
    const first = await a.modify('CREATE', 'product', { name: 'W', price: 1 }, null, 'REQ-_win');
    // Move the clock past the window instead of sleeping through it (only Date is faked).
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 60);
      const second = await a.modify('CREATE', 'product', { name: 'W', price: 1 }, null, 'REQ-_win');
      expect(first['output'].id).not.toBe(second['output'].id);
    } finally {
      vi.useRealTimers();
    }
  });

  it('deletes a client id\'s record clientRecordTtlAfterDisconnectMs after its last socket closed', async () => {
    app = await startReferenceServer({ init: { clientRecordTtlAfterDisconnectMs: 100 } });
    const a = await WireClient.connect(app.url);
    await a.configure();
    await a.read('products');
    expect(app.server.clientRecordCount).toBe(1);
    await a.close();
    await vi.waitFor(() => expect(app!.server.clientRecordCount).toBe(0), { timeout: 2000 });
    expect(app.server.rememberedRequestCount(a.clientId)).toBe(0);
  });
});

describe('ping race (Q13)', () => {
  it('a ping omitting a stream whose LISTEN is still unanswered stops it, as 2.0.3 does (§3.2): answered, but no initial value and no start hook', async () => {
    let release!: () => void;
    const started: string[] = [];
    app = await startReferenceServer({
      beforeStart: (server) => {
        server.addRoute.forAllUsers.read({
          route: 'slow-manual',
          handleRead: (ctx) => {
            release = () => ctx.successCallback('ready');
          },
          onClientStartsListening: (ctx) => started.push(ctx.listenId),
        });
      },
    });
    const a = await open(app.url);
    a.send({ clientRequestId: 'LIS-_s', requestType: 'LISTEN', _class_type_listen: '_', route: 'slow-manual', params: null, listenId: 'LIS-s' });
    await a.confirmReceipt('LIS-_s');
    expect(app.server.listenerCount('slow-manual')).toBe(1); // registered on arrival
    a.ping([]);
    await a.next((f) => f === 'pong');
    expect(app.server.listenerCount('slow-manual')).toBe(0);
    release();
    expect((await a.response('LIS-_s'))['output']).toBe('LIS-s');
    // The next pong proves the server is done with the answer: no push came before it.
    a.ping([]);
    await a.next((f) => f === 'pong');
    expect(a.unconsumed().filter((f) => typeof f === 'object' && f['listenId'] === 'LIS-s')).toEqual([]);
    expect(started).toEqual([]);
  });
});

