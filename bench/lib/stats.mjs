/**
 * Small statistics helpers for the benchmarks: percentiles over samples, and a summary of
 * repeated rounds (median and spread), so every figure reports the same way.
 *
 * @example
 * import { percentile, summarize } from './stats.mjs';
 * percentile([3, 1, 2], 50); // 2
 * summarize([1, 2, 3, 4]); // { n: 4, median: 2.5, p99: 4, min: 1, max: 4, iqr: [1.75, 3.25] }
 */

/**
 * The p-th percentile (0–100) of `samples`, nearest-rank on a sorted copy (no interpolation,
 * so p99 of 5,000 samples is an observed value, the 4,950th).
 * @example percentile([5, 1, 9, 3], 50); // 3
 */
export function percentile(samples, p) {
  if (samples.length === 0) return Number.NaN;
  const sorted = Float64Array.from(samples).sort();
  return percentileOfSorted(sorted, p);
}

/**
 * Percentile of an already sorted array (avoids re-sorting when several are wanted).
 * @example percentileOfSorted([1, 2, 3], 100); // 3
 */
export function percentileOfSorted(sorted, p) {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  const index = Math.min(sorted.length - 1, Math.max(0, rank - 1));
  return sorted[index];
}

/**
 * Median (interpolated for an even count, the usual definition for a handful of rounds).
 * @example median([4, 1, 3, 2]); // 2.5
 */
export function median(values) {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * n, median, p99, min, max and the interquartile range of a set of samples.
 * @example summarize([10, 12, 11]).median; // 11
 */
export function summarize(samples) {
  const sorted = Float64Array.from(samples).sort();
  return {
    n: sorted.length,
    median: median(sorted),
    p99: percentileOfSorted(sorted, 99),
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
    iqr: [quartile(sorted, 0.25), quartile(sorted, 0.75)],
  };
}

/** Interpolated quartile of a sorted array (`q` in 0..1). */
function quartile(sorted, q) {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * Spread of per-round values as a short "min–max" string, for the table.
 * @example spread([1.234, 1.5], 2); // '1.23–1.50'
 */
export function spread(values, digits = 2) {
  if (values.length === 0) return '';
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return `${lo.toFixed(digits)}–${hi.toFixed(digits)}`;
}

/**
 * A monotonic clock in milliseconds shared by every process of the machine (CLOCK_MONOTONIC),
 * so a timestamp taken in a server child can be compared with one taken in the client process.
 * @example const t0 = nowMs(); doWork(); const elapsed = nowMs() - t0;
 */
export function nowMs() {
  return Number(process.hrtime.bigint()) / 1e6;
}
