/**
 * Persisted streams against the real server, with an in-memory `streamStorage` standing in for
 * IndexedDB (the Chromium test in test/e2e/persisted-streams.test.ts uses the real one): a
 * "reload" (a new client on the same storage) shows the stored value before its socket opens,
 * stale until live; partitions per user; logout deletes the user's values.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { AsklessClient, type StreamStorage } from '../../src/core/index.js';
import { startReferenceServer, type Message, type Product, type ReferenceServer } from '../support/reference-app.js';
import { startClient } from './support/clients.js';

let app: ReferenceServer;
beforeAll(async () => {
  app = await startReferenceServer();
});
afterAll(() => app.stop());

function memoryStorage(): StreamStorage & { map: Map<string, unknown>; reads: string[] } {
  const map = new Map<string, unknown>();
  const reads: string[] = [];
  return {
    map,
    reads,
    get: async (key) => {
      reads.push(key);
      return structuredClone(map.get(key));
    },
    set: async (key, value) => void map.set(key, structuredClone(value)),
    delMany: async (keys) => keys.forEach((key) => map.delete(key)),
  };
}

const storedValues = (storage: { map: Map<string, unknown> }) =>
  [...storage.map.entries()].filter(([k]) => !k.includes('#')).map(([k, v]) => [k.split('|').slice(1, 2)[0], (v as { value: unknown }).value]);

/** A client that is never started: its socket never opens (a reload on a slow network). */
function offlineClient(streamStorage: StreamStorage): AsklessClient<number> {
  return new AsklessClient<number>({ serverUrl: app.url, WebSocket, streamStorage });
}

describe('persisted streams', () => {
  it('a reload shows the stored value before the socket opens, stale until the live value arrives', async () => {
    const storage = memoryStorage();
    const first = startClient(app.url, { streamStorage: storage });
    const off = first.readStream<Product[]>({ route: 'products', persist: true }).subscribe(() => undefined);
    await vi.waitFor(() => expect(storedValues(storage)).toEqual([['anon', app.state.products]]));
    off();
    first.close();

    const reloaded = offlineClient(storage);
    const stream = reloaded.readStream<Product[]>({ route: 'products', persist: true });
    const offSnapshot = stream.subscribeSnapshot(() => undefined);
    await vi.waitFor(() => expect(stream.getSnapshot()).toMatchObject({ status: 'pending', stale: true, hasData: true, data: app.state.products }));
    expect(reloaded.connection.status).toBe('disconnected');
    app.state.products.push({ id: 50, name: 'Live lamp', price: 1 });
    reloaded.start();
    await vi.waitFor(() => expect(stream.getSnapshot().status).toBe('live'));
    expect(stream.getSnapshot().stale).toBeUndefined();
    expect(stream.getSnapshot().data).toContainEqual({ id: 50, name: 'Live lamp', price: 1 });
    offSnapshot();
    reloaded.close();
    app.state.products.pop();
  });

  it('a stream without persist stores nothing and shows nothing stored', async () => {
    const storage = memoryStorage();
    const client = startClient(app.url, { streamStorage: storage });
    const seen: unknown[] = [];
    const off = client.readStream({ route: 'products' }).subscribe((v) => seen.push(v));
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    off();
    expect(storage.map.size).toBe(0);
  });

  it("partitions per user: another user's login hides and deletes the previous user's values; logout deletes the user's", async () => {
    const storage = memoryStorage();
    const alice = startClient(app.url, { streamStorage: storage });
    await alice.authenticate({ credential: { accessToken: 'token-1' } });
    app.state.messages.push({ id: 900, from: 2, to: 1, text: 'for user 1', createdAt: 'now' });
    const offAlice = alice.readStream<Message[]>({ route: 'my-messages', persist: true }).subscribe(() => undefined);
    await vi.waitFor(() => expect(storedValues(storage)).toEqual([['u:1', [app.state.messages.at(-1)]]]));
    offAlice();
    alice.close();

    // Reload: user 1's value shows at once; then user 2 logs in on this machine.
    const bob = offlineClient(storage);
    const stream = bob.readStream<Message[]>({ route: 'my-messages', persist: true });
    const off = stream.subscribeSnapshot(() => undefined);
    await vi.waitFor(() => expect(stream.getSnapshot().stale).toBe(true));
    bob.start();
    const login = await bob.authenticate({ credential: { accessToken: 'token-2' } });
    expect(login.success).toBe(true);
    await vi.waitFor(() => expect(stream.getSnapshot()).toMatchObject({ status: 'live', data: [] }));
    expect(stream.getSnapshot().stale).toBeUndefined();
    await vi.waitFor(() => expect(storedValues(storage)).toEqual([['u:2', []]]));

    await bob.clearAuthentication();
    expect(storedValues(storage)).toEqual([]);
    expect([...storage.map.keys()]).toEqual([]);
    off();
    bob.close();
    app.state.messages.pop();
  });

  it('logout hides a stale value on screen and a later reload shows nothing', async () => {
    const storage = memoryStorage();
    const writer = startClient(app.url, { streamStorage: storage });
    await writer.authenticate({ credential: { accessToken: 'token-3' } });
    const offWriter = writer.readStream({ route: 'products', persist: true }).subscribe(() => undefined);
    await vi.waitFor(() => expect(storedValues(storage).map(([p]) => p)).toEqual(['u:3']));
    offWriter();
    writer.close();

    const reloaded = offlineClient(storage);
    const stream = reloaded.readStream({ route: 'products', persist: true });
    const off = stream.subscribeSnapshot(() => undefined);
    await vi.waitFor(() => expect(stream.getSnapshot().stale).toBe(true));
    await reloaded.clearAuthentication();
    expect(stream.getSnapshot()).toMatchObject({ hasData: false, data: undefined });
    expect(storage.map.size).toBe(0);
    off();

    const again = offlineClient(storage);
    storage.reads.length = 0;
    const stream2 = again.readStream({ route: 'products', persist: true });
    const off2 = stream2.subscribeSnapshot(() => undefined);
    // Once the stream's key was looked up (and that lookup's continuation ran) nothing was found.
    await vi.waitFor(() => expect(storage.reads.some((k) => k.endsWith('|anon|' + stream2.key))).toBe(true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(stream2.getSnapshot().hasData).toBe(false);
    off2();
  });
});
