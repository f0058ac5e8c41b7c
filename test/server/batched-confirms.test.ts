/**
 * Batched confirms (asklessReact extension, `batchedConfirms`; issue 20): a CONFIRM_RECEIPT may
 * confirm more ids in `asklessReact.serverIds`; the server honours them (bounded, hostile entries
 * ignored), and our client, against a server that advertises the flag, confirms a burst of pushes
 * with far fewer frames than pushes, every push still confirmed exactly once.
 */
import WebSocket from 'ws';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AsklessClient } from '../../src/core/index.js';
import { MAX_BATCHED_CONFIRMS } from '../../src/core/protocol/extension.js';
import { AsklessServer } from '../../src/server/index.js';
import { WireClient, alnum } from '../support/wire-client.js';

let server: AsklessServer | undefined;
const closers: Array<() => unknown> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await server?.stop();
  server = undefined;
});

/** A server with one stream route whose pushes count their confirmations. */
async function start(inbound: Array<Record<string, any>> = []) {
  const confirmed: number[] = [];
  server = new AsklessServer();
  server.init({ wsOptions: { host: '127.0.0.1', port: 0 }, logger: () => undefined, tap: (e) => e.direction === 'in' && typeof e.frame === 'object' && inbound.push(e.frame as Record<string, any>) });
  let value = 0;
  const route = server.addRoute.forAllUsers.read({
    route: 'counter',
    handleRead: (ctx) => ctx.successCallback(value),
    onReceived: (entity) => confirmed.push(entity as number),
  });
  await server.start();
  const push = async (v: number) => {
    value = v;
    await route.notifyChanges();
  };
  return { confirmed, push, url: `ws://127.0.0.1:${server.port}` };
}

describe('batched confirms on the wire', () => {
  it('is advertised, confirms every id of a batch, and ignores malformed entries and the excess', async () => {
    const { confirmed, push, url } = await start();
    const c = await WireClient.connect(url);
    closers.push(() => c.close());
    const configured = await c.configure();
    c.autoConfirm = false;
    expect(configured['output'].connectionConfiguration.asklessReact.batchedConfirms).toBe(true);
    const { listenId, response } = await c.listen('counter');
    c.confirm(response['serverId']);
    const initial = await c.push(listenId);
    const ids = [initial['serverId'] as string];
    for (let v = 1; v <= 3; v += 1) {
      await push(v);
      ids.push(((await c.next((f) => typeof f === 'object' && f['output'] === v)) as Record<string, any>)['serverId']);
    }
    c.send({ _class_type_clientconfirmreceipt: '_', clientRequestId: `REQ-_${alnum(28)}`, requestType: 'CONFIRM_RECEIPT', serverId: ids[0],
      asklessReact: { serverIds: [ids[1], 42, null, { x: 1 }, ids[2], ids[3], ids[3]] } });
    await vi.waitFor(() => expect(confirmed.sort()).toEqual([0, 1, 2, 3]));
    expect(server!.unconfirmedMessageCount).toBe(0);
  });

  it(`stops after ${MAX_BATCHED_CONFIRMS} extra ids and survives a non-array field`, async () => {
    const { confirmed, push, url } = await start();
    const c = await WireClient.connect(url);
    closers.push(() => c.close());
    await c.configure();
    c.autoConfirm = false;
    const { listenId, response } = await c.listen('counter');
    c.confirm(response['serverId']);
    c.confirm((await c.push(listenId))['serverId']);
    await vi.waitFor(() => expect(confirmed).toEqual([0]));
    const ids: string[] = [];
    for (let v = 1; v <= MAX_BATCHED_CONFIRMS + 2; v += 1) {
      await push(v);
      ids.push(((await c.next((f) => typeof f === 'object' && f['output'] === v)) as Record<string, any>)['serverId']);
    }
    c.send({ _class_type_clientconfirmreceipt: '_', clientRequestId: `REQ-_${alnum(28)}`, requestType: 'CONFIRM_RECEIPT', serverId: 'NEW-none', asklessReact: { serverIds: 'nope' } });
    c.send({ _class_type_clientconfirmreceipt: '_', clientRequestId: `REQ-_${alnum(28)}`, requestType: 'CONFIRM_RECEIPT', serverId: ids[0], asklessReact: { serverIds: ids.slice(1) } });
    // The first id plus MAX_BATCHED_CONFIRMS more; the last one stays unconfirmed.
    await vi.waitFor(() => expect(confirmed).toHaveLength(1 + 1 + MAX_BATCHED_CONFIRMS));
    expect(server!.unconfirmedMessageCount).toBe(1);
  });
});

describe('our client against a server with batched confirms', () => {
  it('confirms a burst of pushes with fewer frames than pushes, each push exactly once', async () => {
    const inbound: Array<Record<string, any>> = [];
    const { confirmed, push, url } = await start(inbound);
    const client = new AsklessClient({ serverUrl: url, WebSocket });
    closers.push(() => client.close());
    client.start();
    const seen: number[] = [];
    const off = client.readStream<number>({ route: 'counter' }).subscribe((v) => seen.push(v));
    closers.push(off);
    await vi.waitFor(() => expect(seen).toEqual([0]));
    const burst = 200;
    for (let v = 1; v <= burst; v += 1) void push(v);
    await vi.waitFor(() => expect(seen.at(-1)).toBe(burst));
    expect(seen).toEqual(Array.from({ length: burst + 1 }, (_, i) => i));
    await vi.waitFor(() => expect(confirmed).toHaveLength(burst + 1));
    expect(new Set(confirmed).size).toBe(burst + 1);
    const confirmFrames = inbound.filter((f) => f['_class_type_clientconfirmreceipt'] != null);
    expect(confirmFrames.length).toBeLessThan(burst / 2);
    expect(confirmFrames.some((f) => Array.isArray(f['asklessReact']?.serverIds) && f['asklessReact'].serverIds.length > 0)).toBe(true);
  });
});
