/**
 * The well-behaved client of the limit tests (issue 14): connected while an attack runs, it
 * reads every 100 ms and records how long each answer took. An attack passes only if this
 * client kept getting every answer, in time.
 */
import { connectProbe, type Probe } from './probe-client.js';

/**
 * What the good reader saw.
 * @example
 * const { reads, unanswered, maxMs } = await reader.stop();
 */
export interface GoodReaderReport {
  reads: number;
  /** Reads without an answer, or answered with an error. */
  unanswered: number;
  maxMs: number;
  p99Ms: number;
}

/**
 * A running good reader.
 * @example
 * const reader = await startGoodReader(app.url); ...; expect((await reader.stop()).unanswered).toBe(0);
 */
export interface GoodReader {
  readonly probe: Probe;
  /** Stop reading, wait for the last answer (at most `answerWithinMs`), close, and report. */
  stop(): Promise<GoodReaderReport>;
}

/**
 * Connect a probe and READ `route` every `everyMs` until stopped.
 * @example
 * const reader = await startGoodReader(`ws://127.0.0.1:${port}`);
 */
export async function startGoodReader(url: string, route = 'products', everyMs = 100, answerWithinMs = 5_000): Promise<GoodReader> {
  const probe = await connectProbe(url);
  const latencies: number[] = [];
  let unanswered = 0;
  let running = true;
  let inFlight: Promise<void>;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      let timer: NodeJS.Timeout | undefined;
      inFlight = Promise.race([
        probe.read(route).then((answer) => {
          if (answer.error) unanswered++;
          else latencies.push(performance.now() - started);
        }),
        new Promise<void>((resolve) => (timer = setTimeout(() => (unanswered++, resolve()), answerWithinMs))),
      ]);
      await inFlight;
      clearTimeout(timer);
      const wait = everyMs - (performance.now() - started);
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  })();
  return {
    probe,
    stop: async () => {
      running = false;
      await loop;
      await probe.close();
      const sorted = [...latencies].sort((a, b) => a - b);
      const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
      return { reads: latencies.length + unanswered, unanswered, maxMs: sorted.at(-1) ?? Number.NaN, p99Ms: at(0.99) };
    },
  };
}
