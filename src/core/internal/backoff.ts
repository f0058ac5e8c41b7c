/**
 * Reconnect delays: capped exponential backoff with jitter. The first retry comes within
 * `baseMs` (≤ 250 ms by default) so a blip is invisible; a server that stays down is probed
 * at most every `maxMs`, and jitter spreads a crowd of clients after a server restart.
 */

/**
 * Delay before reconnect attempt `attempt` (0-based): uniformly in [50 %, 100 %] of
 * `min(maxMs, baseMs * 2^attempt)`.
 * @example
 * backoffDelay(0, 250, 10_000); // 125..250
 * backoffDelay(10, 250, 10_000); // 5000..10000
 */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling * (0.5 + 0.5 * random()));
}
