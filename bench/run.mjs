#!/usr/bin/env node
// `npm run bench` runs every figure of issue 7; `npm run bench -- latency reconnect` runs some.
// `--quick` shrinks every loop (smoke test of the harness; its numbers are not the report's).
// Each figure prints its rows beside its same-run baseline; the whole table goes to stdout and
// to bench/results.json (rows of figures not run this time are kept from the previous file).
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { formatTable, failedRow, writeResults } from './lib/report.mjs';
import { buildNodeSources, root } from './lib/sources.mjs';
import { nowMs } from './lib/stats.mjs';

const figures = [
  { id: 'latency', figure: 1, load: () => import('./figures/latency.mjs') },
  { id: 'throughput', figure: 2, load: () => import('./figures/throughput.mjs') },
  { id: 'fanin', figure: 3, load: () => import('./figures/fanin.mjs') },
  { id: 'reconnect', figure: 4, load: () => import('./figures/reconnect.mjs') },
  { id: 'calls', figure: 5, load: () => import('./figures/calls.mjs') },
  { id: 'bundle', figure: 6, load: () => import('./figures/bundle.mjs') },
  { id: 'capacity', figure: 7, load: () => import('./figures/capacity.mjs') },
  { id: 'cluster', figure: 8, load: () => import('./figures/cluster.mjs') },
];

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const wanted = args.filter((a) => !a.startsWith('--'));
const unknown = wanted.filter((w) => !figures.some((f) => f.id === w || String(f.figure) === w));
if (unknown.length > 0) {
  console.error(`unknown figure(s): ${unknown.join(', ')}; choose from ${figures.map((f) => f.id).join(', ')}`);
  process.exit(2);
}
const selected = wanted.length === 0 ? figures : figures.filter((f) => wanted.includes(f.id) || wanted.includes(String(f.figure)));

const resultsPath = path.join(root, 'bench', 'results.json');
const log = (line) => console.log(`  ${line}`);
const started = nowMs();
const rows = [];
const durations = {};
const loadAverages = {};

for (const fig of selected) {
  // The machine is shared: show how busy it was, since every figure is measured under it.
  console.log(`\n[${fig.figure}] ${fig.id}${quick ? ' (quick)' : ''}  (load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')})`);
  loadAverages[fig.id] = os.loadavg()[0];
  const t0 = nowMs();
  try {
    const mod = await fig.load();
    const figRows = await mod.run({ quick, log, sources: buildNodeSources });
    // Quick numbers are smoke-test numbers: mark them so a merged table never passes them off.
    if (quick) for (const r of figRows) r.metric += ' [quick]';
    rows.push(...figRows);
    console.log(formatTable(figRows));
  } catch (error) {
    console.log(`  failed: ${error instanceof Error ? error.stack : error}`);
    rows.push(failedRow(fig.figure, fig.id, error));
  }
  durations[fig.id] = Math.round(nowMs() - t0);
  console.log(`  (${(durations[fig.id] / 1000).toFixed(1)} s)`);
}

// Keep rows of figures that did not run this time, so results.json stays one full table.
let previous = [];
try {
  previous = JSON.parse(await readFile(resultsPath, 'utf8')).rows ?? [];
} catch {
  // No earlier results: fine.
}
const ran = new Set(selected.map((f) => f.figure));
const merged = [...previous.filter((r) => !ran.has(r.figure)), ...rows].sort((a, b) => a.figure - b.figure);

console.log(`\nAll figures (${quick ? 'quick run' : 'full run'}, ${((nowMs() - started) / 1000).toFixed(1)} s):`);
console.log(formatTable(merged));
await writeResults(resultsPath, merged, { quick, ran: selected.map((f) => f.id), durationsMs: durations, loadAverage1mAtStart: loadAverages });
console.log(`\nwritten to ${path.relative(process.cwd(), resultsPath)}`);
// Workers and sockets are closed by each figure; exit explicitly in case a library left a timer.
process.exit(0);
