/**
 * The resume extension (src/core/protocol/extension.ts): a client that reuses its
 * clientIdInternalApp after a reconnect and resends a request with its original clientRequestId
 * gets the original answer, and the handler runs exactly once, even if it was still running.
 */
import { afterEach, describe, expect, it } from 'vitest';
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
    expect(config['asklessReact']).toEqual({ version: 1, stableClientId: true, replayDuplicateRequests: true, replayWindowMs: 600000 });
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
