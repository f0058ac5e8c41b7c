/**
 * The route API the applications and the call routes build on: lookup by kind (Q12), contexts,
 * read-route handles (`listeners`, `push`, `stop`, `stopListening`, `notifyChanges` options) and
 * the login callback's edge cases.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AsklessServer, AsklessError, type BaseContext, type ListenContext } from '../../src/server/index.js';
import { WireClient } from '../support/wire-client.js';

let server: AsklessServer<number> | undefined;
const clients: WireClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  await server?.stop();
  server = undefined;
});

async function open(): Promise<WireClient> {
  const c = await WireClient.connect(server!.localUrl);
  clients.push(c);
  await c.configure();
  return c;
}

function newServer(extra: Parameters<AsklessServer<number>['init']>[0] = {}): AsklessServer<number> {
  server = new AsklessServer<number>();
  server.init({
    wsOptions: { port: 0 },
    logger: () => undefined,
    authenticate: (credential, accept, reject) => {
      const user = (credential as { user?: number } | null)?.user;
      if (user === undefined) return reject();
      accept.asAuthenticatedUser({ userId: user, claims: ['c'], locals: { tag: `u${user}` } });
    },
    ...extra,
  });
  return server;
}

describe('route registry', () => {
  it('looks routes up by kind, whatever the registration order (Q12)', async () => {
    const s = newServer();
    s.addRoute.forAllUsers.create({ route: 'thing', handleCreate: (ctx) => ctx.successCallback('created') });
    s.addRoute.forAllUsers.read({ route: 'thing', handleRead: (ctx) => ctx.successCallback('read') });
    expect(() => s.addRoute.forAllUsers.read({ route: 'thing', handleRead: () => undefined })).toThrow(/already registered/);
    expect(() => s.addRoute.forAllUsers.create({ route: '', handleCreate: () => undefined })).toThrow(TypeError);
    await s.start();
    const c = await open();
    expect((await c.read('thing'))['output']).toBe('read');
    expect((await c.modify('CREATE', 'thing'))['output']).toBe('created');
    expect((await c.modify('UPDATE', 'thing'))['error']).toEqual({ code: 'INVALID_ROUTE', description: 'route not found: UPDATE thing' });
    c.ping([{ listenId: 'LIS-t', route: 'thing', clientRequestId: 'LIS-_t' }]);
    expect((await c.response('LIS-_t'))['output']).toBe('LIS-t');
    expect((await c.push('LIS-t'))['output']).toBe('read');
  });

  it('gives handlers params ({} for null), body (DELETE too), a copy of locals, and the user', async () => {
    const seen: Array<Record<string, unknown>> = [];
    const s = newServer();
    s.addRoute.forAuthenticatedUsers.delete({
      route: 'x',
      handleDelete: (ctx) => {
        seen.push({ params: ctx.params, body: ctx.body, userId: ctx.userId, claims: ctx.claims, tag: ctx.locals['tag'] });
        ctx.locals['tag'] = 'mutated';
        ctx.successCallback(undefined);
      },
    });
    await s.start();
    const c = await open();
    await c.authenticate({ user: 0 });
    const first = await c.modify('DELETE', 'x', { why: 'test' }, null);
    expect('output' in first).toBe(false); // undefined output vanishes, as in 2.0.3
    await c.modify('DELETE', 'x', {}, { id: 3 });
    expect(seen).toEqual([
      { params: {}, body: { why: 'test' }, userId: 0, claims: ['c'], tag: 'u0' },
      { params: { id: 3 }, body: {}, userId: 0, claims: ['c'], tag: 'u0' },
    ]);
  });

  it('turns a thrown AsklessError into its code', async () => {
    const s = newServer();
    s.addRoute.forAllUsers.read({
      route: 'guarded',
      handleRead: () => {
        throw new AsklessError('PERMISSION_DENIED', 'admins only');
      },
    });
    await s.start();
    const c = await open();
    expect((await c.read('guarded'))['error']).toEqual({ code: 'PERMISSION_DENIED', description: 'admins only' });
  });
});

describe('read-route handles', () => {
  it('listeners/push/stop address one user on every connection; stopListening drops the registrations', async () => {
    const stops: string[] = [];
    const received: unknown[] = [];
    const s = newServer();
    const feed = s.addRoute.forAuthenticatedUsers.read<{ n: number }>({
      route: 'feed',
      handleRead: (ctx) => ctx.successCallback({ n: 0 }),
      toOutput: (e) => ({ value: e.n }),
      onReceived: (entity, ctx: BaseContext<number>) => received.push({ entity, userId: ctx.userId }),
      onClientStopsListening: (ctx: ListenContext<number>) => stops.push(`${ctx.userId}:${ctx.listenId}:${ctx.reason}`),
    });
    await s.start();
    const [a1, a2, b] = [await open(), await open(), await open()];
    await a1.authenticate({ user: 1 });
    await a2.authenticate({ user: 1 });
    await b.authenticate({ user: 2 });
    for (const [c, id] of [[a1, 'LIS-a1'], [a2, 'LIS-a2'], [b, 'LIS-b']] as const) {
      await c.listen('feed', null, id);
      await c.push(id);
    }
    const mine = feed.listeners({ userId: 1 });
    expect(mine.map((l) => l.listenId).sort()).toEqual(['LIS-a1', 'LIS-a2']);
    mine[0]!.push({ n: 7 });
    const pushed = await (mine[0]!.listenId === 'LIS-a1' ? a1 : a2).push(mine[0]!.listenId);
    expect(pushed['output']).toEqual({ value: 7 });
    await vi.waitFor(() => expect(received).toContainEqual({ entity: { n: 7 }, userId: 1 }));
    expect(feed.stopListening(1, (ctx) => ctx.params['nope'] === true)).toBe(0);
    expect(feed.stopListening(1)).toBe(2);
    for (const [c, id] of [[a1, 'LIS-a1'], [a2, 'LIS-a2']] as const) {
      await c.next((f) => typeof f === 'object' && f['_class_type_stoplistening'] === '_' && f['listenId'] === id);
    }
    expect(stops.sort()).toEqual(['1:LIS-a1:server', '1:LIS-a2:server']);
    expect(feed.listeners().map((l) => l.listenId)).toEqual(['LIS-b']);
    expect(mine[0]!.active).toBe(false);
    mine[0]!.stop(); // idempotent: no second StopListening
    expect(s.listenerCount('feed')).toBe(1);
  });

  it('notifyChanges honours async where, handleReadOverride, and skips logged-out auth-only streams', async () => {
    const s = newServer();
    const feed = s.addRoute.forAuthenticatedUsers.read<string>({ route: 'feed', handleRead: (ctx) => ctx.successCallback(`full for ${ctx.userId}`) });
    await s.start();
    const [a, b] = [await open(), await open()];
    await a.authenticate({ user: 1 });
    await b.authenticate({ user: 2 });
    await a.listen('feed', null, 'LIS-a');
    await a.push('LIS-a');
    await b.listen('feed', null, 'LIS-b');
    await b.push('LIS-b');
    await feed.notifyChanges({
      where: async (ctx) => ctx.userId === 2,
      handleReadOverride: (ctx) => ctx.successCallback(`only the new item for ${ctx.userId}`),
    });
    expect((await b.push('LIS-b'))['output']).toBe('only the new item for 2');
    s.clearAuthentication(2);
    await b.next((f) => typeof f === 'object' && f['_class_type_stoplistening'] === '_');
    await feed.notifyChanges();
    expect((await a.push('LIS-a'))['output']).toBe('full for 1');
    expect(b.unconsumed().filter((f) => typeof f === 'object' && f['_class_type_newDataForListener'])).toEqual([]);
  });
});

describe('a change notified while a LISTEN is still reading', () => {
  it('is not lost: the stream gets the current value after its (stale) initial one', async () => {
    let value = 'old';
    const pending: Array<() => void> = [];
    const s = newServer();
    const route = s.addRoute.forAllUsers.read<string>({
      route: 'slow',
      handleRead: (ctx) => {
        const snapshot = value;
        pending.push(() => ctx.successCallback(snapshot));
      },
    });
    await s.start();
    const c = await open();
    c.send({ clientRequestId: 'LIS-_s', requestType: 'LISTEN', _class_type_listen: '_', route: 'slow', params: null, listenId: 'LIS-s' });
    await c.confirmReceipt('LIS-_s');
    value = 'new';
    await route.notifyChanges();
    pending.shift()!();
    expect((await c.push('LIS-s'))['output']).toBe('old');
    await vi.waitFor(() => expect(pending).toHaveLength(1));
    pending.shift()!();
    expect((await c.push('LIS-s'))['output']).toBe('new');
  });
});

describe('after a server-sent StopListening', () => {
  it('a ping still listing the stream (sent before the client saw the stop) does not restart it', async () => {
    const starts: string[] = [];
    const s = newServer();
    const feed = s.addRoute.forAllUsers.read({ route: 'feed', handleRead: (ctx) => ctx.successCallback('v'), onClientStartsListening: (ctx) => starts.push(ctx.listenId) });
    await s.start();
    const c = await open();
    const l = await c.listen('feed', null, 'LIS-f', 'LIS-_f');
    await c.push('LIS-f');
    const entry = { listenId: 'LIS-f', route: 'feed', clientRequestId: 'LIS-_f' };
    feed.listeners()[0]!.stop();
    await c.next((f) => typeof f === 'object' && f['_class_type_stoplistening'] === '_');
    c.ping([entry]);
    await c.next((f) => f === 'pong');
    expect(s.listenerCount('feed')).toBe(0);
    // Once a ping has omitted it, listing it again is a real (re)start.
    c.ping([]);
    await c.next((f) => f === 'pong');
    c.ping([entry]);
    expect((await c.response('LIS-_f'))['output']).toBe(l.listenId);
    expect((await c.push('LIS-f'))['output']).toBe('v');
    expect(starts).toEqual(['LIS-f', 'LIS-f']);
  });
});

describe('login edge cases', () => {
  it('ignores a decision that comes after AUTHORIZE_TIMEOUT', async () => {
    let late!: () => void;
    newServer({ authorizeTimeoutInMs: 50, authenticate: (_c, accept) => { late = () => accept.asAuthenticatedUser({ userId: 9 }); } });
    server!.addRoute.forAuthenticatedUsers.read({ route: 'me', handleRead: (ctx) => ctx.successCallback(ctx.userId) });
    await server!.start();
    const c = await open();
    const res = await c.authenticate({});
    expect(res['error']).toEqual({ code: 'AUTHORIZE_TIMEOUT', description: "The server didn't authorize (TIMEOUT)" });
    expect(res['output']).toEqual({ credentialErrorCode: 'INVALID_CREDENTIAL' });
    expect(() => late()).not.toThrow();
    expect((await c.read('me'))['error']['code']).toBe('PENDING_AUTHENTICATION');
  });

  it('answers INTERNAL_ERROR when asAuthenticatedUser gets no userId', async () => {
    newServer({ authenticate: (_c, accept) => accept.asAuthenticatedUser({ userId: undefined as unknown as number }) });
    await server!.start();
    const c = await open();
    const res = await c.authenticate({});
    expect(res['error']['code']).toBe('INTERNAL_ERROR');
    expect(res['output']).toBeNull();
  });
});
