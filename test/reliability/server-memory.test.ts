/**
 * Server memory under plain, legitimate load. The soak showed the server heap growing by ~90 MiB
 * over 5 minutes of 200 clients: the resume extension's replay memory keeps the full answer of
 * every request, READs included, for `replayWindowMs` (10 min), bounded by count (1000 per client
 * id) but not by size. Here one client reads a 1,000-row route 300 times (the reference app
 * copies its rows per read, as any database-backed handler would); the answers are delivered and
 * confirmed, so holding on to them buys nothing a re-run of the read could not give.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChildServer, type ChildServer } from './support/child-server.js';
import { connectProbe, type Probe } from './support/probe-client.js';

let child: ChildServer;
let probe: Probe;

beforeAll(async () => {
  child = await startChildServer();
  probe = await connectProbe(`ws://127.0.0.1:${child.port}`);
});
afterAll(async () => {
  await probe?.close();
  await child?.kill('SIGTERM');
});

describe('server memory', () => {
  it('does not pin the answers of confirmed reads: 300 reads of 1,000 rows stay under 4 MiB of heap', async () => {
    const creates = await Promise.all(Array.from({ length: 1_000 }, (_, i) => probe.modify('CREATE', 'product', { name: `row ${i}`, price: i })));
    expect(creates.every((c) => !c.error)).toBe(true);
    const baseline = await child.memory();
    for (let i = 0; i < 300; i++) {
      const read = await probe.read('products');
      expect(read.error ?? undefined).toBeUndefined();
    }
    const after = await child.memory();
    const grownMiB = (after.heapUsed - baseline.heapUsed) / 2 ** 20;
    console.info(`[server-memory] heap grew ${grownMiB.toFixed(1)} MiB over 300 reads of 1,000 rows`);
    expect(grownMiB).toBeLessThan(4);
  }, 60_000);
});
