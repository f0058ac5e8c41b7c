/**
 * Conflation (asklessReact extension, `conflate`; issue 20): a LISTEN that asks for it keeps at
 * most one push unconfirmed; newer values wait and only the latest is sent on the confirmation,
 * in order. Streams without it get every value. Our client asks for it with
 * `readStream({ conflate: true })`, only where the server advertises the flag.
 */
import WebSocket from 'ws';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AsklessClient } from '../../src/core/index.js';
import { AsklessServer } from '../../src/server/index.js';
import { WireClient, alnum } from '../support/wire-client.js';

let server: AsklessServer | undefined;
const closers: Array<() => unknown> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await server?.stop();
  server = undefined;
});

async function start(inbound: Array<Record<string, any>> = []) {
  const received: number[] = [];
  server = new AsklessServer();
  server.init({ wsOptions: { host: '127.0.0.1', port: 0 }, logger: () => undefined, tap: (e) => e.direction === 'in' && typeof e.frame === 'object' && inbound.push(e.frame as Record<string, any>) });
  let value = 0;
  const route = server.addRoute.forAllUsers.read({ route: 'state', handleRead: (ctx) => ctx.successCallback(value), onReceived: (v) => received.push(v as number) });
  await server.start();
  const push = async (v: number) => {
    value = v;
    await route.notifyChanges();
  };
  return { push, received, url: `ws://127.0.0.1:${server.port}` };
}

const pushesOf = (c: WireClient, listenId: string) => c.received.filter((f): f is Record<string, any> => typeof f === 'object' && f['listenId'] === listenId && f['_class_type_newDataForListener'] != null);

/** A raw client that confirms nothing by itself, and a conflated LISTEN frame for `state`. */
async function unconfirmingClient(url: string) {
  const c = await WireClient.connect(url);
  closers.push(() => c.close());
  await c.configure();
  c.autoConfirm = false;
  const listenId = `LIS-${alnum(28)}`;
  const clientRequestId = `LIS-_${alnum(28)}`;
  const listen = { _class_type_listen: '_', clientRequestId, requestType: 'LISTEN', route: 'state', params: null, listenId, asklessReact: { conflate: true } };
  return { c, listenId, clientRequestId, listen };
}

/** Values 1..5 pushed while the initial one is unconfirmed reach the wire as the latest only, once confirmed. */
async function expectOnlyLatestAfterConfirm(c: WireClient, listenId: string, clientRequestId: string, push: (v: number) => Promise<void>) {
  c.confirm((await c.response(clientRequestId))['serverId']);
  const initial = await c.push(listenId);
  for (let v = 1; v <= 5; v += 1) await push(v);
  // Nothing was confirmed: the initial value is the only push on the wire (resends aside).
  expect(new Set(pushesOf(c, listenId).map((p) => p['output']))).toEqual(new Set([0]));
  c.confirm(initial['serverId']);
  const latest = await c.next((f) => typeof f === 'object' && f['listenId'] === listenId && f['output'] === 5);
  expect(pushesOf(c, listenId).map((p) => p['output']).filter((v) => v !== 0)).toEqual([5]);
  return latest as Record<string, any>;
}

describe('conflation on the wire', () => {
  it('holds newer values behind the unconfirmed push and sends only the latest on its confirmation', async () => {
    const { push, received, url } = await start();
    const { c, listenId, clientRequestId, listen } = await unconfirmingClient(url);
    c.send(listen);
    const latest = await expectOnlyLatestAfterConfirm(c, listenId, clientRequestId, push);
    c.confirm(latest['serverId']);
    await vi.waitFor(() => expect(received).toEqual([0, 5]));
    await push(6);
    await c.next((f) => typeof f === 'object' && f['listenId'] === listenId && f['output'] === 6);
  });

  it('keeps conflating a stream the server restarts from a ping entry that asks for it', async () => {
    const { push, url } = await start();
    const { c, listenId, clientRequestId, listen } = await unconfirmingClient(url);
    // A stream this connection never LISTENed (as after a reconnect): the ping restarts it.
    c.send({ _class_type_pingpong: '_', listeningToRoutes: [listen] });
    await expectOnlyLatestAfterConfirm(c, listenId, clientRequestId, push);
  });

  it('sends every value to a stream that did not ask for it', async () => {
    const { push, url } = await start();
    const c = await WireClient.connect(url);
    closers.push(() => c.close());
    await c.configure();
    c.autoConfirm = false;
    const { listenId, response } = await c.listen('state');
    c.confirm(response['serverId']);
    await c.push(listenId);
    for (let v = 1; v <= 5; v += 1) await push(v);
    await vi.waitFor(() => expect(pushesOf(c, listenId).map((p) => p['output'])).toEqual([0, 1, 2, 3, 4, 5]));
  });
});

describe('readStream({ conflate: true }) against our server', () => {
  it('asks for conflation, delivers values in order and ends on the latest', async () => {
    const inbound: Array<Record<string, any>> = [];
    const { push, url } = await start(inbound);
    const client = new AsklessClient({ serverUrl: url, WebSocket });
    closers.push(() => client.close());
    client.start();
    const seen: number[] = [];
    closers.push(client.readStream<number>({ route: 'state', conflate: true }).subscribe((v) => seen.push(v)));
    await vi.waitFor(() => expect(seen).toEqual([0]));
    const listen = inbound.find((f) => f['_class_type_listen'] != null && f['_class_type_pingpong'] == null);
    expect(listen?.['asklessReact']).toEqual({ conflate: true });
    // Its ping entries say so too, so a restart from a ping (after a reconnect) stays conflated.
    await vi.waitFor(() => expect(inbound.some((f) => f['_class_type_pingpong'] != null && f['listeningToRoutes']?.length > 0)).toBe(true), { timeout: 5_000 });
    const ping = inbound.find((f) => f['_class_type_pingpong'] != null && f['listeningToRoutes']?.length > 0)!;
    expect(ping['listeningToRoutes'][0]).toMatchObject({ route: 'state', listenId: listen!['listenId'], asklessReact: { conflate: true } });
    for (let v = 1; v <= 300; v += 1) void push(v);
    await vi.waitFor(() => expect(seen.at(-1)).toBe(300));
    for (let i = 1; i < seen.length; i += 1) expect(seen[i]).toBeGreaterThan(seen[i - 1]!);
  });
});
