/**
 * Reconnect delays: a fast phase, then capped exponential backoff, always with jitter. The
 * first retries come every `baseMs` (≤ 250 ms by default) for about the first four seconds, so a
 * blip or a quick server restart is invisible (streams fresh well under 0.5 s after the server
 * accepts again); a server that stays down is then probed at most every `maxMs`, and jitter
 * spreads a crowd of clients after a restart.
 */

/** Attempts made at the base delay before the delay starts doubling (≈ 4 s at 250 ms). */
export const FAST_RECONNECT_ATTEMPTS = 20;

/**
 * Delay before reconnect attempt `attempt` (0-based): uniformly in [50 %, 100 %] of `baseMs`
 * for the first {@link FAST_RECONNECT_ATTEMPTS} attempts, then of
 * `min(maxMs, baseMs * 2^(attempt - FAST_RECONNECT_ATTEMPTS + 1))`.
 * @example
 * backoffDelay(0, 250, 10_000); // 125..250
 * backoffDelay(40, 250, 10_000); // 5000..10000
 */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const growth = Math.max(0, attempt - FAST_RECONNECT_ATTEMPTS + 1);
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(growth, 30));
  return Math.round(ceiling * (0.5 + 0.5 * random()));
}
