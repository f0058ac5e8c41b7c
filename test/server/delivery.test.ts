/**
 * Delivery (askless-protocol.md §4.2): unconfirmed messages are resent with the same serverId
 * until confirmed or until the window ends; a confirmation fires `onReceived`; `notifyChanges`
 * reaches every stream once and yields to the event loop on large audiences.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AsklessServer } from '../../src/server/index.js';
import { startReferenceServer, type ReferenceServer } from '../support/reference-app.js';
import { WireClient } from '../support/wire-client.js';

let app: ReferenceServer | undefined;
let server: AsklessServer<number> | undefined;
const clients: WireClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  await app?.stop();
  await server?.stop();
  app = undefined;
  server = undefined;
});

async function open(url: string): Promise<WireClient> {
  const c = await WireClient.connect(url);
  clients.push(c);
  await c.configure();
  return c;
}

const copiesOf = (c: WireClient, serverId: string) => c.received.filter((f) => typeof f === 'object' && f['serverId'] === serverId);

describe('resending unconfirmed messages', () => {
  it('resends with the same serverId every interval and drops the message after the window', async () => {
    app = await startReferenceServer({ init: { intervalInMsServerSendSameMessage: 60, serverResendWindowMs: 400 } });
    const a = await open(app.url);
    a.autoConfirm = false;
    const res = await a.read('products');
    const serverId = res['serverId'] as string;
    await vi.waitFor(() => expect(copiesOf(a, serverId).length).toBeGreaterThanOrEqual(3), { timeout: 2000 });
    for (const copy of copiesOf(a, serverId)) expect(copy).toEqual(res);
    // Dropped after the window: the queue empties although nothing was confirmed.
    await vi.waitFor(() => expect(app!.server.unconfirmedMessageCount).toBe(0), { timeout: 2000 });
    const delivered = copiesOf(a, serverId).length;
    expect(delivered).toBeGreaterThanOrEqual(4);
    expect(delivered).toBeLessThanOrEqual(8);
  });

  it('marks every copy with asklessReact.resent for a client that said hello (markedResends), never for a Flutter peer', async () => {
    app = await startReferenceServer({ init: { intervalInMsServerSendSameMessage: 60 } });
    const flutter = await open(app.url);
    const ours = await WireClient.connect(app.url);
    clients.push(ours);
    const configured = await ours.configure({ asklessReact: { version: 1, client: 'test' } });
    expect(configured['output'].connectionConfiguration.asklessReact.markedResends).toBe(true);
    flutter.autoConfirm = false;
    ours.autoConfirm = false;
    const plain = await flutter.read('products');
    const first = await ours.read('products');
    await vi.waitFor(() => {
      expect(copiesOf(flutter, plain['serverId']).length).toBeGreaterThanOrEqual(3);
      expect(copiesOf(ours, first['serverId']).length).toBeGreaterThanOrEqual(3);
    }, { timeout: 2000 });
    expect(first['asklessReact']).toBeUndefined();
    const [, ...copies] = copiesOf(ours, first['serverId']);
    for (const copy of copies) expect(copy).toEqual({ asklessReact: { resent: true }, ...first });
    for (const copy of copiesOf(flutter, plain['serverId'])) expect(copy).toEqual(plain);
  });

  it('stops resending once confirmed, and runs onReceived once with the entity', async () => {
    const received: Array<{ entity: unknown; userId: unknown }> = [];
    server = new AsklessServer<number>();
    server.init({ wsOptions: { port: 0 }, logger: () => undefined, intervalInMsServerSendSameMessage: 60 });
    server.addRoute.forAllUsers.read({
      route: 'thing',
      handleRead: (ctx) => ctx.successCallback({ n: 1 }),
      toOutput: (e: { n: number }) => ({ shown: e.n }),
      onReceived: (entity, ctx) => received.push({ entity, userId: ctx.userId }),
    });
    server.addRoute.forAllUsers.read({ route: 'bad', handleRead: (ctx) => ctx.errorCallback({ code: 'NOPE' }), onReceived: (entity) => received.push({ entity, userId: 'error' }) });
    await server.start();
    const a = await open(server.localUrl);
    a.autoConfirm = false;
    const res = await a.read('thing');
    expect(res['output']).toEqual({ shown: 1 });
    await vi.waitFor(() => expect(copiesOf(a, res['serverId']).length).toBeGreaterThanOrEqual(2));
    a.confirm(res['serverId']);
    await vi.waitFor(() => expect(received).toEqual([{ entity: { n: 1 }, userId: undefined }]));
    const bad = await a.read('bad');
    a.confirm(bad['serverId']);
    const l = await a.listen('thing');
    a.confirm(l.response['serverId']);
    const push = await a.push(l.listenId);
    a.confirm(push['serverId']);
    await vi.waitFor(() => expect(server!.unconfirmedMessageCount).toBe(0));
    // The error response's confirmation does not call onReceived; the push's does.
    await vi.waitFor(() => expect(received).toHaveLength(2));
    const count = copiesOf(a, res['serverId']).length;
    // A fresh unconfirmed message resent twice proves later resend ticks ran without a copy of the confirmed one.
    const probe = await a.read('products');
    await vi.waitFor(() => expect(copiesOf(a, probe['serverId']).length).toBeGreaterThanOrEqual(3));
    expect(copiesOf(a, res['serverId']).length).toBe(count);
  });
});

describe('bounded outbound queue', () => {
  it('keeps at most maxUnconfirmedPerConnection unconfirmed messages, dropping the oldest', async () => {
    app = await startReferenceServer({ init: { maxUnconfirmedPerConnection: 3 } });
    const a = await open(app.url);
    a.autoConfirm = false;
    for (let i = 0; i < 6; i++) await a.read('products');
    expect(app.server.unconfirmedMessageCount).toBe(3);
  });
});

describe('notifyChanges on a large audience', () => {
  it('pushes once per stream, visits each pair once, and yields to the event loop', async () => {
    let handleReads = 0;
    let wheres = 0;
    server = new AsklessServer<number>();
    server.init({ wsOptions: { port: 0 }, logger: () => undefined, notifyBatchSize: 100 });
    const route = server.addRoute.forAllUsers.read<number>({
      route: 'big',
      handleRead: (ctx) => {
        handleReads++;
        ctx.successCallback(Number(ctx.params['i']));
      },
    });
    await server.start();
    const sockets = await Promise.all([0, 1, 2, 3].map(() => open(server!.localUrl)));
    const perSocket = 500;
    for (const [s, c] of sockets.entries()) {
      for (let i = 0; i < perSocket; i++) c.send({ clientRequestId: `LIS-_${s}-${i}`, requestType: 'LISTEN', _class_type_listen: '_', route: 'big', params: { i: s * perSocket + i }, listenId: `LIS-${s}-${i}` });
    }
    const total = sockets.length * perSocket;
    await vi.waitFor(() => expect(server!.listenerCount('big')).toBe(total), { timeout: 10_000 });
    await vi.waitFor(() => expect(handleReads).toBe(total), { timeout: 10_000 });
    const pushesBefore = sockets.map((c) => c.received.length);
    handleReads = 0;
    let immediateRanAt = -1;
    let visitedWhenImmediateRan = -1;
    setImmediate(() => {
      immediateRanAt = wheres;
      visitedWhenImmediateRan = handleReads;
    });
    await route.notifyChanges({
      where: () => {
        wheres++;
        return true;
      },
    });
    expect(wheres).toBe(total);
    expect(handleReads).toBe(total);
    // The event loop ran other work mid-way: the fan-out did not block it.
    expect(immediateRanAt).toBeGreaterThan(0);
    expect(visitedWhenImmediateRan).toBeLessThan(total);
    for (const [s, c] of sockets.entries()) {
      await vi.waitFor(() => expect(c.received.length - pushesBefore[s]!).toBeGreaterThanOrEqual(perSocket), { timeout: 10_000 });
      const pushed = c.received.slice(pushesBefore[s]).filter((f) => typeof f === 'object' && f['_class_type_newDataForListener']);
      expect(new Set(pushed.map((f) => (f as Record<string, string>)['listenId'])).size).toBe(perSocket);
    }
  });
});
