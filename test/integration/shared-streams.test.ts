/**
 * Issue 13, part 4, on the core path: two subscribers share one server stream; the first leaves,
 * and pushes keep reaching the second well after the release grace; when the second leaves too,
 * the stream stops on the server. (Hooks and the query bridge: test/hooks/shared-streams.server.)
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../support/reference-app.js';
import { connected, startClient } from './support/clients.js';

const GRACE_MS = 150;
let app: ReferenceServer;
beforeAll(async () => {
  app = await startReferenceServer({ counterIntervalMs: 30, init: { intervalInMsClientPing: 50 } });
});
afterAll(() => app.stop());

describe('a shared stream with one of two subscribers gone (core readStream)', () => {
  it('keeps pushing to the second past the grace, then stops on the server when it leaves', async () => {
    const client = startClient(app.url, { streamReleaseGraceMs: GRACE_MS });
    await connected(client);
    const first: number[] = [];
    const second: Array<{ value: number; at: number }> = [];
    const offFirst = client.readStream<{ value: number }>({ route: 'counter' }).subscribe((v) => first.push(v.value));
    const offSecond = client.readStream<{ value: number }>({ route: 'counter' }).subscribe((v) => second.push({ value: v.value, at: Date.now() }));
    await vi.waitFor(() => expect(first.length).toBeGreaterThan(2));
    expect(app.server.listenerCount('counter')).toBe(1);

    offFirst();
    const leftAt = Date.now();
    // Values that left the server after the grace (and several pings) reach the second.
    await vi.waitFor(() => expect(second.filter((s) => s.at > leftAt + GRACE_MS + 150).length).toBeGreaterThan(3), { timeout: 5000 });
    expect(app.server.listenerCount('counter')).toBe(1);
    const values = second.map((s) => s.value);
    expect(values).toEqual([...values].sort((a, b) => a - b));

    offSecond();
    await vi.waitFor(() => expect(app.server.listenerCount('counter')).toBe(0), { timeout: 5000 });
  });
});
