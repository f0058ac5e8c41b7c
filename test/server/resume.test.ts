/**
 * The resume extension (src/core/protocol/extension.ts): a client that reuses its
 * clientIdInternalApp after a reconnect and resends a request with its original clientRequestId
 * gets the original answer, and the handler runs exactly once, even if it was still running.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { supportsResume } from '../../src/core/protocol/extension.js';
import { startReferenceServer, type ReferenceServer } from '../support/reference-app.js';
import { WireClient, alnum } from '../support/wire-client.js';

let app: ReferenceServer | undefined;
const clients: WireClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  await app?.stop();
  app = undefined;
});

async function open(url: string, clientId: string): Promise<{ client: WireClient; config: Record<string, any> }> {
  const client = await WireClient.connect(url, clientId);
  clients.push(client);
  const res = await client.configure({ asklessReact: { version: 1, client: 'test' } });
  return { client, config: res['output'].connectionConfiguration };
}

describe('resume extension', () => {
  it('is advertised in the ConnectionConfiguration', async () => {
    app = await startReferenceServer();
    const { config } = await open(app.url, alnum(28));
    expect(supportsResume(config['asklessReact'])).toBe(true);
    expect(config['asklessReact']).toEqual({ version: 1, stableClientId: true, replayDuplicateRequests: true, replayWindowMs: 600000, instanceId: expect.any(String), uniqueServerIds: true, batchedConfirms: true, markedResends: true, conflate: true, progress: true, cancel: true });
    // A restarted server is a new instance: its replay memory is empty, and clients can tell.
    const restarted = await startReferenceServer();
    try {
      const other = await WireClient.connect(restarted.url);
      const res = await other.configure();
      expect(res['output'].connectionConfiguration.asklessReact.instanceId).not.toBe(config['asklessReact'].instanceId);
      await other.close();
    } finally {
      await restarted.stop();
    }
  });

  it('replays a repeat sent under a fresh client id (a 2.0.3-style reconnect) only for the same user and request', async () => {
    let creates = 0;
    app = await startReferenceServer({
      beforeStart: (server) =>
        server.addRoute.forAllUsers.create({ route: 'counted', handleCreate: (ctx) => ctx.successCallback({ n: ++creates, user: ctx.userId ?? null }) }),
    });
    const frame = { clientRequestId: 'REQ-_legacy', requestType: 'CREATE', _class_type_modify: '_', route: 'counted', body: { x: 1 }, params: null };
    const old = await open(app.url, alnum(28));
    await old.client.authenticate({ accessToken: 'token-1' });
    old.client.send(frame);
    expect((await old.client.response('REQ-_legacy'))['output']).toEqual({ n: 1, user: 1 });
    const fresh = await open(app.url, alnum(28));
    await fresh.client.authenticate({ accessToken: 'token-1' });
    fresh.client.send(frame);
    expect((await fresh.client.response('REQ-_legacy'))['output']).toEqual({ n: 1, user: 1 });
    // Another user, or another request, with the same id never gets that answer.
    const stranger = await open(app.url, alnum(28));
    await stranger.client.authenticate({ accessToken: 'token-2' });
    stranger.client.send(frame);
    expect((await stranger.client.response('REQ-_legacy'))['output']).toEqual({ n: 2, user: 2 });
    fresh.client.send({ ...frame, body: { x: 2 } });
    expect((await fresh.client.response('REQ-_legacy'))['output']).toEqual({ n: 3, user: 1 });
  });

  it('does not keep a confirmed READ answer: a repeat after the confirmation reads again', async () => {
    app = await startReferenceServer();
    const { client } = await open(app.url, alnum(28));
    expect((await client.read('products', null, 'REQ-_r'))['output']).toHaveLength(2);
    await client.modify('CREATE', 'product', { name: 'New', price: 1 });
    // WireClient confirms every answer at once; wait until the server saw that confirmation.
    await vi.waitFor(() => expect(app!.server.unconfirmedMessageCount).toBe(0));
    expect((await client.read('products', null, 'REQ-_r'))['output']).toHaveLength(3);
  });

  it('replays a finished write to the same client id on a new socket; the handler ran once', async () => {
    let creates = 0;
    app = await startReferenceServer({
      beforeStart: (server) =>
        server.addRoute.forAllUsers.create({
          route: 'counted',
          handleCreate: (ctx) => ctx.successCallback({ n: ++creates, echo: ctx.body }),
        }),
    });
    const id = alnum(28);
    const first = await open(app.url, id);
    const answer = await first.client.modify('CREATE', 'counted', { x: 1 }, null, 'REQ-_once');
    expect(answer['output']).toEqual({ n: 1, echo: { x: 1 } });
    await first.client.close();
    const second = await open(app.url, id);
    second.client.send({ clientRequestId: 'REQ-_once', requestType: 'CREATE', _class_type_modify: '_', route: 'counted', body: { x: 1 }, params: null });
    await second.client.confirmReceipt('REQ-_once');
    const replayed = await second.client.response('REQ-_once');
    expect(replayed['output']).toEqual({ n: 1, echo: { x: 1 } });
    expect(replayed['serverId']).not.toBe(answer['serverId']);
    expect(creates).toBe(1);
  });

  it('answers a repeat that arrives while the handler still runs once it finishes', async () => {
    let runs = 0;
    let finish!: (value: unknown) => void;
    app = await startReferenceServer({
      beforeStart: (server) =>
        server.addRoute.forAllUsers.create({
          route: 'slow',
          handleCreate: (ctx) => {
            runs++;
            finish = (value) => ctx.successCallback(value);
          },
        }),
    });
    const id = alnum(28);
    const first = await open(app.url, id);
    const frame = { clientRequestId: 'REQ-_slow', requestType: 'CREATE', _class_type_modify: '_', route: 'slow', body: {}, params: null };
    first.client.send(frame);
    await first.client.confirmReceipt('REQ-_slow');
    // The connection drops before the answer; the client reconnects with the same id and resends.
    await first.client.close();
    const second = await open(app.url, id);
    second.client.send(frame);
    await second.client.confirmReceipt('REQ-_slow');
    finish({ done: true });
    expect((await second.client.response('REQ-_slow'))['output']).toEqual({ done: true });
    expect(runs).toBe(1);
  });

  it('replays errors too, and a repeated LISTEN on a new socket really starts the stream', async () => {
    app = await startReferenceServer();
    const id = alnum(28);
    const first = await open(app.url, id);
    const bad = await first.client.modify('UPDATE', 'product', { price: 1 }, { id: 999 }, 'REQ-_nf');
    expect(bad['error']['code']).toBe('NOT_FOUND');
    const l = await first.client.listen('products', null, 'LIS-keep', 'LIS-_keep');
    await first.client.push(l.listenId);
    await first.client.close();
    const second = await open(app.url, id);
    expect((await second.client.modify('UPDATE', 'product', { price: 1 }, { id: 999 }, 'REQ-_nf'))['error']).toEqual(bad['error']);
    const again = await second.client.listen('products', null, 'LIS-keep', 'LIS-_keep');
    expect(again.response['output']).toBe('LIS-keep');
    expect((await second.client.push('LIS-keep'))['output']).toHaveLength(2);
    expect(app.server.listenerCount('products')).toBe(1);
  });
});
