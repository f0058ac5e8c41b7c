/**
 * Human sizes, rates and durations for the file components (English defaults; every visible
 * string of those components can be replaced through their `labels`).
 */

/**
 * `1536` → `"1.5 KB"` (powers of 1024, one decimal under 10).
 * @example
 * formatBytes(10 * 1024 * 1024); // "10 MB"
 */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = unit === 0 || value >= 10 ? Math.round(value).toString() : value.toFixed(1).replace(/\.0$/, '');
  return `${shown} ${units[unit]}`;
}

/**
 * `65000` ms → `"1 min 5 s"`.
 * @example
 * formatDuration(4200); // "4 s"
 */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
