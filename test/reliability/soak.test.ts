/**
 * Issue 8 §6, CI edition: the soak run for 20 s (SOAK_SECONDS / SOAK_CLIENTS override it).
 * `npm run soak` runs the long edition (200 clients, 5 minutes) with the same code.
 */
import { describe, expect, it } from 'vitest';
import { formatSoakReport, runSoak } from './support/soak.js';
import { seedFromEnv } from './support/prng.js';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 20);
const CLIENTS = Number(process.env.SOAK_CLIENTS ?? 60);
const SEED = seedFromEnv(0x50a6);

describe(`soak (seed ${SEED})`, () => {
  it(`${CLIENTS} clients of mixed traffic for ${SECONDS} s: nothing duplicated, regressed, lost or rejected`, async () => {
    const report = await runSoak({ clients: CLIENTS, seconds: SECONDS, seed: SEED });
    console.info(formatSoakReport(report));
    expect(report.server.connectionCount).toBe(CLIENTS);
    expect(report.streamEvents).toBeGreaterThan(CLIENTS * SECONDS); // every client streamed all along
    expect(report.messagesSent).toBeGreaterThan(0);
    expect({ duplicates: report.duplicates, regressions: report.regressions, messagesLost: report.messagesLost, unhandled: report.unhandledRejections, errors: report.errorsByCode }).toEqual({
      duplicates: 0,
      regressions: 0,
      messagesLost: 0,
      unhandled: 0,
      errors: {},
    });
  }, (SECONDS + 60) * 1000);
});
