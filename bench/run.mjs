#!/usr/bin/env node
// `npm run bench` runs every figure; `npm run bench -- latency reconnect` runs some.
// `--quick` shrinks every loop (smoke test of the harness; its numbers are not the report's).
// Each figure prints its rows beside its same-run baseline; the whole table goes to stdout and
// to bench/results.json (rows of figures not run this time are kept from the previous file),
// each judged against its previous run (stable or not); docs/benchmarks.md's table is then
// regenerated from it (bench/docs.mjs).
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { writeBenchmarksDoc } from './docs.mjs';
import { formatTable, failedRow, markStability, writeResults } from './lib/report.mjs';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { figures } from './figures/index.mjs';
import { root } from './lib/sources.mjs';
import { nowMs } from './lib/stats.mjs';


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
    const figRows = await runInChild(fig.id);
    // Quick numbers are smoke-test numbers: mark them so a merged table never passes them off.
    if (quick) for (const r of figRows) r.metric += ' [quick]';
    rows.push(...figRows);
    console.log(formatTable(figRows));
  } catch (error) {
    console.log(`  failed: ${error instanceof Error ? error.message : error}`);
    rows.push(failedRow(fig.figure, fig.id, error));
  }
  durations[fig.id] = Math.round(nowMs() - t0);
  console.log(`  (${(durations[fig.id] / 1000).toFixed(1)} s)`);
}

/**
 * Run one figure in its own process (bench/lib/figure-child.mjs) and return its rows; a child
 * that dies without them (a native crash) is a failed figure, said as such.
 */
function runInChild(id) {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL('./lib/figure-child.mjs', import.meta.url)), [id, ...(quick ? ['--quick'] : [])], { stdio: 'inherit' });
    let answer;
    child.on('message', (message) => (answer = message));
    child.on('exit', (code, signal) => {
      if (answer?.type === 'rows') resolve(answer.rows);
      else if (answer?.type === 'error') reject(new Error(answer.message));
      else reject(new Error(`the figure's process died (${signal ?? `exit code ${code}`}) before reporting`));
    });
  });
}

// Keep rows of figures that did not run this time, so results.json stays one full table.
let previousDoc = {};
try {
  previousDoc = JSON.parse(await readFile(resultsPath, 'utf8'));
} catch {
  // No earlier results: fine.
}
const previous = previousDoc.rows ?? [];
const ran = new Set(selected.map((f) => f.figure));
// Each figure run now is compared with its previous run (quick runs are never compared).
const judged = quick ? rows : markStability(rows, previousDoc.quick ? [] : previous);
const merged = [...previous.filter((r) => !ran.has(r.figure)), ...judged].sort((a, b) => a.figure - b.figure);

console.log(`\nAll figures (${quick ? 'quick run' : 'full run'}, ${((nowMs() - started) / 1000).toFixed(1)} s):`);
console.log(formatTable(merged));
await writeResults(resultsPath, merged, { quick, ran: selected.map((f) => f.id), durationsMs: durations, loadAverage1mAtStart: loadAverages, previousRun: previousDoc.date });
console.log(`\nwritten to ${path.relative(process.cwd(), resultsPath)}`);
// docs/benchmarks.md's table is generated from results.json (never from a quick run).
if (!quick) console.log(`table regenerated in ${path.relative(process.cwd(), await writeBenchmarksDoc(resultsPath))}`);
// Workers and sockets are closed by each figure; exit explicitly in case a library left a timer.
process.exit(0);
