/**
 * A tiny seeded PRNG (mulberry32) so every fuzz and soak run reproduces from its seed.
 * Math.random cannot be seeded, and a failure that cannot be replayed is not worth reporting.
 */

/**
 * A seeded random source with the few helpers the generators need.
 * @example
 * const rng: Rng = createRng(7); rng.pick(['a', 'b']);
 */
export interface Rng {
  readonly seed: number;
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [0, max). */
  int(max: number): number;
  /** Uniform integer in [min, max]. */
  range(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** `n` random bytes. */
  bytes(n: number): Buffer;
}

/**
 * Create a mulberry32 generator.
 * @example
 * const rng = createRng(42);
 * rng.int(10); // same value on every run with seed 42
 */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (max: number): number => Math.floor(next() * max);
  return {
    seed,
    next,
    int,
    range: (min, max) => min + int(max - min + 1),
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new RangeError('pick() needs a non-empty array');
      return items[int(items.length)] as T;
    },
    bytes: (n) => {
      const out = Buffer.allocUnsafe(n);
      for (let i = 0; i < n; i++) out[i] = int(256);
      return out;
    },
  };
}

/**
 * The seed for this run: `RELIABILITY_SEED` when set (to replay a failure), else a fixed default
 * so CI is deterministic.
 * @example
 * const seed = seedFromEnv(0x5eed);
 */
export function seedFromEnv(fallback: number): number {
  const raw = process.env.RELIABILITY_SEED;
  if (raw === undefined || raw === '') return fallback;
  const parsed = Number.parseInt(raw, 10);
  if (!Number.isFinite(parsed)) throw new TypeError(`RELIABILITY_SEED must be an integer, got "${raw}"`);
  return parsed;
}
