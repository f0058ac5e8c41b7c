/**
 * Issue 14, replay cache: bounded in bytes, writes only, and a write whose answer was evicted
 * inside the replay window is answered OUTCOME_UNKNOWN when it is resent, never run again.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Marker } from '../../src/core/protocol/wire.js';
import { startReferenceServer, type ReferenceServer } from '../support/reference-app.js';
import { startGoodReader } from './support/good-reader.js';
import { connectProbe, type Probe } from './support/probe-client.js';

let app: ReferenceServer | undefined;
let probe: Probe | undefined;
afterEach(async () => {
  await probe?.close();
  await app?.stop();
  app = undefined;
});

const write = (p: Probe, clientRequestId: string, body: unknown) =>
  p.request({ clientRequestId, requestType: 'CREATE', [Marker.modify]: '_', route: 'counted', body, params: null });

describe('replay cache', () => {
  it('evicts the oldest answers past its byte limit; a resend of an evicted write is answered OUTCOME_UNKNOWN, not run again', async () => {
    let runs = 0;
    app = await startReferenceServer({
      init: { limits: { maxReplayCacheBytes: 20_000 } },
      beforeStart: (server) =>
        server.addRoute.forAllUsers.create({ route: 'counted', handleCreate: (ctx) => ctx.successCallback({ n: ++runs, pad: 'x'.repeat(2_000) }) }),
    });
    const reader = await startGoodReader(app.url);
    probe = await connectProbe(app.url);
    expect((await write(probe, 'REQ-_first', { k: 1 })).output).toMatchObject({ n: 1 });
    for (let i = 0; i < 5; i++) await write(probe, `REQ-_next${i}`, { k: 2 + i });
    expect(runs).toBe(6);
    const stats = app.server.stats().replayCache;
    expect(stats.bytes).toBeLessThanOrEqual(20_000);
    expect(stats.evictedAnswers).toBeGreaterThan(0);
    // The client resends the first write (its answer was lost): it must not run again.
    const resent = await write(probe, 'REQ-_first', { k: 1 });
    expect(resent.error?.code).toBe('OUTCOME_UNKNOWN');
    expect(runs).toBe(6);
    // The newest answer is still kept and replayed as it was.
    expect((await write(probe, 'REQ-_next4', { k: 6 })).output).toMatchObject({ n: 6 });
    expect(runs).toBe(6);
    // Reads are never remembered.
    const entries = app.server.stats().replayCache.entries;
    for (let i = 0; i < 20; i++) await probe.read('products');
    expect(app.server.stats().replayCache.entries).toBe(entries);
    const report = await reader.stop();
    expect(report.unanswered).toBe(0);
    expect(report.maxMs).toBeLessThan(5_000);
  });
});
