/**
 * Figure 6: what askless-react costs an app, as issue 20 measures it (bench/lib/bundle-size.mjs):
 * the data-only app and the calling app of bench/apps, up front (entry chunk + static imports,
 * gzip -9) against issue 20's goals (package.json "budgets" is the CI ratchet), and their lazy
 * part apart. Deterministic: one
 * build, no rounds. The log names the modules that dominate each part.
 *
 * @example const rows = await (await import('./bundle.mjs')).run({ log: console.log });
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describeModules, measureApp } from '../lib/bundle-size.mjs';
import { row } from '../lib/report.mjs';
import { root } from '../lib/sources.mjs';

/** Issue 20's goals (bytes up front); package.json "budgets" is the CI ratchet on the way there. */
const GOALS = { data: 10_000, calling: 16_000 };

const LABELS = {
  data: 'data-only app (Provider, useReadStream, useRead, useCreate)',
  calling: 'calling app (+ useCall, useIncomingCall, IncomingCallDialog, VideoTile)',
};

/**
 * Measure both apps and return their rows (bytes, gzip -9).
 * @example await run({ log: console.log });
 */
export async function run({ log }) {
  const { budgets = {} } = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));
  const rows = [];
  for (const [app, key] of [['data', 'dataApp'], ['calling', 'callingApp']]) {
    const report = await measureApp(app);
    log(`${app} app up front: ${report.upfront.gzipBytes} B gzip (${report.upfront.minBytes} B min) in ${report.upfront.files.length} chunk(s); ` +
      `protocol code (during the first render) ${report.protocol.gzipBytes} B gzip; lazy ${report.lazy.gzipBytes} B gzip`);
    log(`  largest up-front modules:\n${indent(describeModules(report.upfront, 8))}`);
    rows.push(row({ figure: 6, metric: `bundle ${LABELS[app]}, up front`, unit: 'B', value: report.upfront.gzipBytes,
      target: { max: GOALS[app] },
      note: `gzip -9; CI budget ${budgets[key] ?? 'none'} B; ${report.upfront.files.length} chunks; largest: ${report.upfront.modules.slice(0, 3).map((m) => `${path.basename(m.id)} ≈${m.gzipBytes} B`).join(', ')}` }));
    rows.push(row({ figure: 6, metric: `bundle ${app} app, protocol code`, unit: 'B', value: report.protocol.gzipBytes,
      note: `the provider's client code, fetched as the provider is created (during the first render); ${report.protocol.files.length} chunk(s); up front + this = ${report.upfront.gzipBytes + report.protocol.gzipBytes} B` }));
    rows.push(row({ figure: 6, metric: `bundle ${app} app, lazy part`, unit: 'B', value: report.lazy.gzipBytes,
      note: report.lazy.files.length > 0 ? `loaded on the first use of calls, files or persistence; ${report.lazy.files.length} chunks` : 'none' }));
  }
  return rows;
}

const indent = (text) => text.split('\n').map((l) => `    ${l}`).join('\n');
