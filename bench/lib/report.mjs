/**
 * The benchmark report: rows of measured values beside their same-run baselines, printed as
 * one table and written to bench/results.json.
 *
 * @example
 * const rows = [row({ figure: 1, metric: 'push latency p50', unit: 'ms', value: 0.2, baseline: 0.1,
 *   target: { maxRatio: 1.3 } })];
 * console.log(formatTable(rows));
 */
import { writeFile } from 'node:fs/promises';
import os from 'node:os';

/**
 * Build one result row and judge it against its target.
 * `target` is `{ maxRatio }` (value / baseline), `{ minRatio }`, `{ max }` (absolute, same unit),
 * `{ equals }`, or undefined for a figure that is only reported.
 * @example row({ figure: 6, metric: 'index min+gzip', unit: 'kB', value: 8.1, target: { max: 10 } });
 */
export function row({ figure, metric, unit, value, baseline, target, spread, baselineSpread, note }) {
  const ratio = typeof baseline === 'number' && baseline > 0 ? value / baseline : undefined;
  return {
    figure,
    metric,
    unit,
    value,
    baseline,
    ratio,
    spread,
    baselineSpread,
    target: describeTarget(target, unit),
    pass: judge(target, value, ratio),
    note,
  };
}

function describeTarget(target, unit) {
  if (!target) return '';
  if ('maxRatio' in target) return `≤ ${target.maxRatio}× base`;
  if ('minRatio' in target) return `≥ ${target.minRatio}× base`;
  if ('max' in target) return `≤ ${Number(target.max.toFixed(2))} ${unit}`.trim();
  if ('equals' in target) return `= ${target.equals}`;
  return '';
}

function judge(target, value, ratio) {
  if (!target || typeof value !== 'number' || Number.isNaN(value)) return null;
  if ('maxRatio' in target) return ratio === undefined ? null : ratio <= target.maxRatio;
  if ('minRatio' in target) return ratio === undefined ? null : ratio >= target.minRatio;
  if ('max' in target) return value <= target.max;
  if ('equals' in target) return value === target.equals;
  return null;
}

/** Two runs agree when their values are within this fraction of each other (or their spreads overlap). */
export const STABLE_WITHIN = 0.15;

/**
 * Judge each row against the same row of the previous run (`previous`, by figure and metric):
 * stable when the ratio to the baseline (else the value) moved by at most {@link STABLE_WITHIN},
 * or when both runs' round spreads overlap. Adds `previous` and `stable` (null: nothing to
 * compare with) to each row, so a figure that does not repeat says so instead of being quoted.
 * @example const rows = markStability(newRows, JSON.parse(old).rows);
 */
export function markStability(rows, previous) {
  const before = new Map(previous.map((r) => [`${r.figure}|${r.metric}`, r]));
  return rows.map((r) => {
    const p = before.get(`${r.figure}|${r.metric}`);
    if (!p || typeof r.value !== 'number' || typeof p.value !== 'number') return { ...r, previous: undefined, stable: null };
    const useRatio = typeof r.ratio === 'number' && typeof p.ratio === 'number';
    const a = useRatio ? r.ratio : r.value;
    const b = useRatio ? p.ratio : p.value;
    const close = a === b || Math.abs(a - b) <= STABLE_WITHIN * Math.max(Math.abs(a), Math.abs(b));
    const stable = close || (!useRatio && overlaps(r.spread, p.spread));
    return { ...r, previous: { value: p.value, ratio: p.ratio }, stable };
  });
}

function overlaps(x, y) {
  const range = (s) => (typeof s === 'string' && /^[\d.]+–[\d.]+$/.test(s) ? s.split('–').map(Number) : undefined);
  const a = range(x);
  const b = range(y);
  return Boolean(a && b && a[0] <= b[1] && b[0] <= a[1]);
}

/**
 * A row for a figure that could not be measured (its dependency is missing or it failed),
 * so the table still shows it, with the reason.
 * @example failedRow(5, 'call setup', new Error('calls stack not built yet'));
 */
export function failedRow(figure, metric, error) {
  const reason = error instanceof Error ? error.message : String(error);
  return { figure, metric, unit: '', value: null, baseline: undefined, ratio: undefined,
    spread: undefined, target: '', pass: null, note: `NOT MEASURED: ${reason.split('\n')[0]}` };
}

function fmt(value) {
  if (value === null || value === undefined) return '—';
  if (typeof value !== 'number') return String(value);
  if (Number.isInteger(value)) return String(value);
  const abs = Math.abs(value);
  return value.toFixed(abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3);
}

/**
 * Whether a row repeated the previous run (see {@link markStability}), for the table.
 * @example repeats({ stable: false, previous: { value: 1.2, ratio: 1.4 } }); // 'NO (was 1.40×)'
 */
export function repeats(r) {
  if (r.stable === true) return 'yes';
  if (r.stable !== false) return '';
  return `NO (was ${typeof r.previous?.ratio === 'number' ? `${r.previous.ratio.toFixed(2)}×` : fmt(r.previous?.value)})`;
}

/**
 * Render rows as a plain-text (also Markdown-valid) table.
 * @example console.log(formatTable(rows));
 */
export function formatTable(rows) {
  const header = ['#', 'figure', 'value', 'spread', 'baseline', 'ratio', 'target', 'ok', 'repeats', 'note'];
  const lines = rows.map((r) => [
    String(r.figure),
    r.metric,
    r.value === null ? '—' : `${fmt(r.value)} ${r.unit}`.trim(),
    r.spread ?? '',
    r.baseline === undefined ? '—' : `${fmt(r.baseline)} ${r.unit}`.trim() + (r.baselineSpread ? ` (${r.baselineSpread})` : ''),
    r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}×`,
    r.target,
    r.pass === null ? '' : r.pass ? 'yes' : 'NO',
    repeats(r),
    r.note ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const render = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [render(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(render)].join('\n');
}

/**
 * Write the rows, with the machine and run metadata, to `path` as JSON.
 * @example await writeResults('bench/results.json', rows, { figures: ['latency'] });
 */
export async function writeResults(path, rows, meta) {
  const doc = {
    date: new Date().toISOString(),
    machine: { cores: os.cpus().length, node: process.version, cpuModel: os.cpus()[0]?.model },
    loadavg: os.loadavg(),
    ...meta,
    rows,
  };
  await writeFile(path, `${JSON.stringify(doc, null, 2)}\n`);
}
