// The provider's client (core/deferred-client.ts) against the real server: everything used before
// its code has loaded is replayed in order once it has, a failed load answers clearly and is
// retried, and closing before the load leaves nothing running. The loader is held by the test so
// "before the load" is a state the test controls, not a race.
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as clientModule from '../../src/core/client.js';
import { DeferredClient, type ClientModule } from '../../src/core/deferred-client.js';
import { enableEarlyFiles } from '../../src/core/files/early.js';
import type { ConnectionState, StreamSnapshot } from '../../src/core/index.js';
import { startReferenceServer, type Product, type ReferenceServer } from '../support/reference-app.js';

let app: ReferenceServer;
beforeAll(async () => {
  app = await startReferenceServer();
});
afterAll(() => app.stop());

const open: DeferredClient<number>[] = [];
afterEach(() => {
  for (const c of open.splice(0)) c.close();
});

/** A loader the test releases (or fails) by hand; each call of it is counted. */
function heldLoader() {
  const calls: { resolve: (m: ClientModule) => void; reject: (e: unknown) => void }[] = [];
  const load = () => new Promise<ClientModule>((resolve, reject) => calls.push({ resolve, reject }));
  return {
    load,
    calls,
    release: () => calls.at(-1)!.resolve(clientModule),
    fail: () => calls.at(-1)!.reject(new TypeError('Failed to fetch dynamically imported module')),
  };
}

function deferred(load: () => Promise<ClientModule>, options: Record<string, unknown> = {}): DeferredClient<number> {
  const client = new DeferredClient<number>({ serverUrl: app.url, WebSocket, ...options }, load);
  open.push(client);
  return client;
}

describe('the deferred client (what <AsklessProvider serverUrl> creates)', () => {
  it('starts loading at once and replays what was used before the load, in order', async () => {
    const loader = heldLoader();
    const client = deferred(loader.load);
    expect(loader.calls).toHaveLength(1); // the download overlaps the first render
    const states: ConnectionState[] = [];
    client.onConnectionChange((s) => states.push(s));
    expect(client.connection).toEqual({ status: 'disconnected', disconnectionReason: 'notStarted' });
    client.start();
    expect(client.connection.status).toBe('inProgress');

    const stream = client.readStream<Product[]>({ route: 'products', params: { nameContains: 'deferred' } });
    const snapshots: StreamSnapshot<Product[]>[] = [];
    stream.subscribeSnapshot(() => snapshots.push(stream.getSnapshot()));
    expect(stream.getSnapshot()).toMatchObject({ status: 'pending', hasData: false });
    const login = client.authenticate({ credential: { accessToken: 'token-7' } });
    const created = client.create<Product>({ route: 'product', body: { name: 'deferred chair', price: 3 } });
    const read = client.read<Product[]>({ route: 'products', params: { nameContains: 'deferred' } });
    expect(client.loaded).toBeUndefined();

    loader.release();
    await expect(login).resolves.toMatchObject({ success: true, userId: 7 });
    await expect(created).resolves.toMatchObject({ success: true });
    // Sent after the create, so it sees it: the order of use is the order on the wire.
    expect((await read).output?.map((p) => p.name)).toEqual(['deferred chair']);
    await vi.waitFor(() => expect(stream.getSnapshot().data?.map((p) => p.name)).toEqual(['deferred chair']));
    expect(snapshots.at(-1)?.status).toBe('live');
    expect(client.userId).toBe(7);
    expect(client.loaded).toBeInstanceOf(clientModule.AsklessClient);
    // Observers went straight from "in progress" to connected: no flicker through "not started".
    expect(states.map((s) => s.status)).toEqual(['disconnected', 'inProgress', 'connected']);
    expect(client.inspect().streams.map((s) => s.route)).toEqual(['products']);
  });

  it('answers NO_CONNECTION while its code cannot load, and loads on the next use', async () => {
    const loader = heldLoader();
    const client = deferred(loader.load);
    client.start();
    const stream = client.readStream<number>({ route: 'counter' });
    const errors: string[] = [];
    stream.subscribe(() => undefined, (e) => errors.push(e.code));
    const read = client.read({ route: 'products' });
    loader.fail();
    const failed = await read;
    expect(failed.success).toBe(false);
    expect(failed.error?.code).toBe('NO_CONNECTION');
    expect(failed.error?.description).toMatch(/could not load its client code/);
    await vi.waitFor(() => expect(errors).toEqual(['NO_CONNECTION']));
    expect(stream.getSnapshot()).toMatchObject({ status: 'error', hasData: false });
    expect(client.connection).toEqual({ status: 'disconnected', disconnectionReason: 'connectFailed' });

    // The network is back: the next use loads again, and the waiting stream attaches.
    const again = client.read({ route: 'products' });
    expect(loader.calls).toHaveLength(2);
    stream.retry?.();
    loader.release();
    expect((await again).success).toBe(true);
    await vi.waitFor(() => expect(stream.getSnapshot().status).toBe('live'));
  });

  it('started, it loads again by itself after a failed load, and its streams go live', async () => {
    const loader = heldLoader();
    const client = deferred(loader.load);
    client.start();
    const stream = client.readStream<number>({ route: 'counter' });
    const values: number[] = [];
    stream.subscribe((v) => values.push(v as number));
    loader.fail();
    await vi.waitFor(() => expect(client.connection.disconnectionReason).toBe('connectFailed'));
    expect(stream.getSnapshot().status).toBe('error');
    // No use and no retry(): the client tries again on its own (after 0.5 s).
    await vi.waitFor(() => expect(loader.calls).toHaveLength(2), { timeout: 3_000 });
    expect(client.connection.status).toBe('inProgress');
    loader.release();
    await vi.waitFor(() => expect(values.length).toBeGreaterThan(0));
    expect(stream.getSnapshot().status).toBe('live');
    expect(client.connection.status).toBe('connected');
  });

  it('closed before its code loaded: nothing connects, requests end CLIENT_CLOSED, start() reopens', async () => {
    const loader = heldLoader();
    const client = deferred(loader.load);
    client.start();
    client.close();
    expect(client.connection).toEqual({ status: 'disconnected', disconnectionReason: 'closedByClient' });
    const read = client.read({ route: 'products' });
    loader.release();
    await expect(read).resolves.toMatchObject({ success: false, error: { code: 'CLIENT_CLOSED' } });
    expect(client.connection.status).toBe('disconnected');
    client.start();
    await vi.waitFor(() => expect(client.connection.status).toBe('connected'));
  });

  it('throws on a bad server URL at once; any other bad option answers every use with its own error', async () => {
    expect(() => new DeferredClient({ serverUrl: 'http://example.com' }, heldLoader().load)).toThrow(/serverUrl must start with ws:\/\//);
    const client = deferred(() => Promise.resolve(clientModule), { reconnectBaseDelayMs: -1 });
    const read = await client.read({ route: 'products' });
    expect(read.error?.code).toBe('INVALID_ARGUMENT');
    expect(read.error?.description).toMatch(/reconnectBaseDelayMs/);
    expect(() => client.options).toThrow(/once the client code has loaded/);
  });

  it('client.files before the load: a clear error until a file hook registered its facade, then one facade for the client', async () => {
    const loader = heldLoader();
    const client = deferred(loader.load);
    expect(() => client.files).toThrow(/client\.files is not loaded yet/);
    enableEarlyFiles();
    const files = client.files;
    expect(files.getTransfers()).toEqual([]);
    loader.release();
    await client.ready();
    expect(client.files).toBe(files); // one facade for the client's life, driving the real client's service
    client.start();
    await expect(files.get()).resolves.toBe(await client.loaded!.files.get());
  });
});
