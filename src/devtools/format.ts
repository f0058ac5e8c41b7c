/**
 * Small formatters of the devtools panel (times, durations, JSON).
 */

/**
 * `12:03:04.567` in local time.
 * @example
 * clock(Date.now()); // '12:03:04.567'
 */
export function clock(at: number): string {
  const d = new Date(at);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/**
 * A short duration: `850 ms`, `12.3 s`, `4 min`.
 * @example
 * duration(12_300); // '12.3 s'
 */
export function duration(ms: number): string {
  const v = Math.max(0, ms);
  if (v < 1000) return `${Math.round(v)} ms`;
  if (v < 60_000) return `${(v / 1000).toFixed(1)} s`;
  return `${Math.round(v / 60_000)} min`;
}

/**
 * JSON for display (values are already redacted by the devtools store), cut at `max` characters.
 * @example
 * json({ a: 1 }); // '{"a":1}'
 */
export function json(value: unknown, max = 300): string {
  let text: string;
  try {
    text = value === undefined ? '—' : JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
