import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AsklessClient } from '../../src/core/index.js';
import { startReferenceServer } from '../support/reference-app.js';
import type { ReferenceServer } from '../support/reference-app.js';
import { connected, startClient } from './support/clients.js';
import { LinkProxy, hideResumeExtension } from './support/link-proxy.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** The reference app plus a `slow-create` route whose handler finishes when the test says so. */
async function setup(hideExtension: boolean) {
  const slow = { runs: 0, finish: [] as (() => void)[] };
  const app: ReferenceServer = await startReferenceServer({
    init: { intervalInMsClientPing: 100, reconnectClientAfterMillisecondsWithoutServerPong: 600, waitForAuthenticationTimeoutInMs: 500 },
    beforeStart: (server) => {
      server.addRoute.forAllUsers.create({
        route: 'slow-create',
        handleCreate: (ctx) => {
          slow.runs += 1;
          slow.finish.push(() => ctx.successCallback({ created: slow.runs }));
        },
      });
    },
  });
  const proxy = await LinkProxy.start(app.url, hideExtension ? { fromServer: hideResumeExtension } : {});
  cleanups.push(() => app.stop(), () => proxy.stop());
  return { app, proxy, slow };
}

const frameOf = (f: unknown) => f as Record<string, unknown>;
const kind = (f: unknown) => (typeof f === 'string' ? f : (frameOf(f).requestType as string | undefined) ?? (frameOf(f)._class_type_pingpong ? 'PING' : '?'));

/** Wait until the client received the server's confirm for the last slow-create it sent. */
async function confirmedSlowCreate(proxy: LinkProxy): Promise<string> {
  let id = '';
  await vi.waitFor(() => {
    const sent = proxy.clientFrames.filter((f) => frameOf(f.frame).route === 'slow-create');
    id = frameOf(sent.at(-1)?.frame).clientRequestId as string;
    expect(proxy.serverFrames.some((f) => f.text.includes('_class_type_serverconfirmreceipt') && f.text.includes(id))).toBe(true);
  });
  return id;
}

async function reconnectedAfterDrop(client: AsklessClient<number>, proxy: LinkProxy): Promise<void> {
  const links = proxy.pairs.length;
  proxy.dropAll();
  await vi.waitFor(() => expect(proxy.pairs.length).toBe(links + 1));
  await vi.waitFor(() => expect(client.connection.status).toBe('connected'));
}

describe('reconnect against the real server', () => {
  it('re-authenticates before anything else, then restores streams through the ping', async () => {
    const { proxy } = await setup(false);
    const client = startClient(proxy.url);
    await client.authenticate({ credential: { accessToken: 'token-5' } });
    const values: unknown[] = [];
    const stream = client.readStream({ route: 'my-messages' });
    stream.subscribe((v) => values.push(v));
    await vi.waitFor(() => expect(values).toHaveLength(1));
    await reconnectedAfterDrop(client, proxy);
    const pending = client.read({ route: 'my-messages' });
    await vi.waitFor(() => expect(values.length).toBeGreaterThanOrEqual(2)); // the restart's fresh initial value
    await expect(pending).resolves.toMatchObject({ success: true });
    const second = proxy.clientFrames.filter((f) => f.connection === 1).map((f) => kind(f.frame)).filter((k) => k !== 'CONFIRM_RECEIPT');
    expect(second[0]).toBe('CONFIGURE_CONNECTION');
    expect(second.filter((k) => k !== 'PING')[1]).toBe('AUTHENTICATE');
    const authAt = second.indexOf('AUTHENTICATE');
    expect(second.slice(0, authAt).filter((k) => k === 'PING')).toEqual([]); // nothing but CONFIGURE before it
    expect(second).not.toContain('LISTEN'); // streams come back through the ping
    expect(stream.getSnapshot().status).toBe('live');
    expect(client.userId).toBe(5);
  });

  it('with the resume extension: keeps the client id and a confirmed write gets its real answer, once', async () => {
    const { proxy, slow } = await setup(false);
    const client = startClient(proxy.url);
    await connected(client);
    const write = client.create({ route: 'slow-create', body: {} });
    await confirmedSlowCreate(proxy);
    await reconnectedAfterDrop(client, proxy);
    slow.finish.splice(0).forEach((f) => f());
    await expect(write).resolves.toEqual({ success: true, output: { created: 1 } });
    expect(slow.runs).toBe(1);
    const ids = proxy.clientFrames.filter((f) => frameOf(f.frame).requestType === 'CONFIGURE_CONNECTION').map((f) => frameOf(f.frame).clientIdInternalApp);
    expect(ids).toHaveLength(2);
    expect(ids[1]).toBe(ids[0]);
  });

  it('against a plain 2.0.3-style server: fresh id, and a confirmed write resolves OUTCOME_UNKNOWN without running twice', async () => {
    const { proxy, slow } = await setup(true);
    const client = startClient(proxy.url);
    await connected(client);
    const write = client.create({ route: 'slow-create', body: {} });
    await confirmedSlowCreate(proxy);
    const unsent = client.read({ route: 'products' });
    await reconnectedAfterDrop(client, proxy);
    await expect(write).resolves.toMatchObject({ success: false, error: { code: 'OUTCOME_UNKNOWN' } });
    slow.finish.splice(0).forEach((f) => f());
    expect(slow.runs).toBe(1);
    await expect(unsent).resolves.toMatchObject({ success: true });
    const ids = proxy.clientFrames.filter((f) => frameOf(f.frame).requestType === 'CONFIGURE_CONNECTION').map((f) => frameOf(f.frame).clientIdInternalApp);
    expect(ids).toHaveLength(2);
    expect(ids[1]).not.toBe(ids[0]);
  });

  it('against a plain 2.0.3-style server: clearAuthentication reconnects with a fresh id (Q6)', async () => {
    const { proxy } = await setup(true);
    const client = startClient(proxy.url);
    await client.authenticate({ credential: { accessToken: 'token-8' } });
    await client.clearAuthentication();
    await vi.waitFor(() => expect(proxy.pairs.length).toBe(2));
    await vi.waitFor(() => expect(client.connection.status).toBe('connected'));
    await expect(client.read({ route: 'my-messages', neverTimeout: false })).resolves.toMatchObject({ error: { code: 'PENDING_AUTHENTICATION' } });
  });

  it('the pong watchdog notices a silently dead link and reconnects', async () => {
    const { proxy } = await setup(false);
    const client = startClient(proxy.url);
    await connected(client);
    const reasons: (string | undefined)[] = [];
    client.onConnectionChange((s) => reasons.push(s.disconnectionReason), { immediately: false });
    proxy.blackhole = true;
    await vi.waitFor(() => expect(reasons).toContain('pongTimeout'), { timeout: 3000 });
    proxy.blackhole = false;
    await vi.waitFor(() => expect(client.connection.status).toBe('connected'), { timeout: 3000 });
    await expect(client.read({ route: 'products' })).resolves.toMatchObject({ success: true });
  });

  it('survives ten link cuts in a row with one stream and leaves exactly one of everything', async () => {
    const { app, proxy } = await setup(false);
    const client = startClient(proxy.url);
    const values: number[] = [];
    const stream = client.readStream<{ value: number }>({ route: 'counter' });
    const off = stream.subscribe((v) => values.push(v.value));
    await vi.waitFor(() => expect(values.length).toBeGreaterThan(0));
    for (let i = 0; i < 10; i++) {
      const seen = values.length;
      await reconnectedAfterDrop(client, proxy);
      await vi.waitFor(() => expect(values.length).toBeGreaterThan(seen + 1));
    }
    expect(stream.getSnapshot().status).toBe('live');
    await vi.waitFor(() => expect(app.server.connectionCount).toBe(1));
    await vi.waitFor(() => expect(app.server.listenerCount('counter')).toBe(1));
    const distinct = new Set(values);
    expect(distinct.size).toBeGreaterThan(10);
    off();
  });

  it('close() right after start(), while the socket is still connecting, is clean', async () => {
    const { app } = await setup(false);
    const client = startClient(app.url);
    client.close();
    expect(client.connection).toEqual({ status: 'disconnected', disconnectionReason: 'closedByClient' });
    await vi.waitFor(() => expect(app.server.connectionCount).toBe(0));
  });

  it('nothing the server sends can throw out of the client', async () => {
    const { proxy } = await setup(false);
    const client = startClient(proxy.url);
    await connected(client);
    for (const garbage of ['not json', '[1,2]', '42', 'null', '{"_class_type_banana":"_","serverId":"RES-x"}', '{"_class_type_response":"_","serverId":7}', '{"_class_type_newDataForListener":"_","serverId":"NEW-1","listenId":5}', '{"_class_type_response":"_","serverId":"RES-y","clientRequestId":"REQ-_nobody","error":"weird"}']) {
      proxy.inject(garbage);
    }
    await expect(client.read({ route: 'products' })).resolves.toMatchObject({ success: true });
    expect(client.connection.status).toBe('connected');
    expect(proxy.pairs).toHaveLength(1);
  });
});
