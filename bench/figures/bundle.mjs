/**
 * Figure 6: min+gzip size of each browser entry with peers external (React entry, `core`) and of
 * the lazy calls chunk(s), against the budgets in package.json (bytes, min+gzip).
 *
 * @example const rows = await (await import('./bundle.mjs')).run({ log: console.log });
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { measureBundles } from '../lib/bundle-size.mjs';
import { row } from '../lib/report.mjs';
import { root } from '../lib/sources.mjs';

/** Modules that belong to calls (core call service, call hooks, call components). */
const CALLS_CODE = /\/calls?[/A-Z.-]|Call|VideoTile/;

/** The issue's hard target for the React entry (bytes, min+gzip). */
const REACT_ENTRY_TARGET = 10 * 1024;

/**
 * Build once and report each entry beside its budget.
 * @example await run({ log: console.log });
 */
export async function run({ log }) {
  const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));
  const budgets = pkg.budgets ?? {};
  const report = await measureBundles();
  const rows = [];
  const kB = (bytes) => bytes / 1024;
  const add = (key, label, sizes, target) => {
    log(`${label}: raw ${sizes.rawBytes} B, min ${sizes.minBytes} B, min+gzip ${sizes.gzipBytes} B; files ${sizes.files.join(', ')}; external ${sizes.externals.join(', ') || 'none'}`);
    const total = sizes.modules.reduce((n, m) => n + m.bytes, 0);
    const calls = sizes.modules.filter((m) => CALLS_CODE.test(m.id)).reduce((n, m) => n + m.bytes, 0);
    if (total > 0) {
      log(`  largest modules: ${sizes.modules.slice(0, 5).map((m) => `${m.id} ${(m.bytes / 1024).toFixed(1)} kB`).join(', ')}`);
      log(`  calls code: ${((calls / total) * 100).toFixed(0)} % of the pre-minify code`);
    }
    const budget = budgets[key];
    const notes = [];
    if (budget) notes.push(`budget ${kB(budget).toFixed(2)} kB`);
    if (total > 0 && calls > 0 && key !== 'calls') notes.push(`calls code ≈ ${((calls / total) * 100).toFixed(0)} % of it, loaded statically`);
    if (sizes.externals.some((e) => e.startsWith('simple-peer'))) notes.push('imports simple-peer statically');
    rows.push(row({ figure: 6, metric: `bundle ${label} (min+gzip)`, unit: 'kB', value: kB(sizes.gzipBytes),
      target: target ?? (budget ? { max: kB(budget) } : undefined), note: notes.join('; ') }));
  };
  if (report.entries.index) add('index', 'React entry', report.entries.index, { max: kB(Math.min(REACT_ENTRY_TARGET, budgets.index ?? Infinity)) });
  if (report.entries.core) add('core', 'core', report.entries.core);
  if (report.lazy.files.length > 0) add('calls', 'lazy calls chunk', report.lazy);
  else rows.push(row({ figure: 6, metric: 'bundle lazy calls chunk', unit: 'kB', value: 0, note: 'no lazy chunk found' }));
  return rows;
}
