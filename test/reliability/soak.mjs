#!/usr/bin/env node
/**
 * `npm run soak`: 200 clients of mixed traffic against the reference server for 5 minutes, then
 * a report of memory and event counts. Not part of CI (soak.test.ts runs a 20 s edition).
 *
 *   SOAK_CLIENTS=200 SOAK_SECONDS=300 RELIABILITY_SEED=1 npm run soak
 *   npm run soak -- --attacks [name filter]    # issue 14: server memory under each attack
 *
 * The TypeScript sources are bundled on the fly with esbuild (shipped with Vite); no new
 * dependency. Exit code 1 when the run found duplicates, regressions, lost messages, errors or
 * unhandled rejections.
 */
import { build } from 'esbuild';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
process.env.ASKLESS_REPO_ROOT = root;
// Measure this process's heap after a real GC without asking the user for --expose-gc.
setFlagsFromString('--expose-gc');
globalThis.gc = runInNewContext('gc');

const outdir = join(root, 'node_modules/.cache/askless-reliability');
mkdirSync(outdir, { recursive: true });

const attacksAt = process.argv.indexOf('--attacks');
if (attacksAt >= 0) {
  // Each attack runs against a fresh server process with the default limits (support/attacks.ts).
  const attacksFile = join(outdir, `attacks-${process.pid}.mjs`);
  await build({ entryPoints: [join(root, 'test/reliability/support/attacks.ts')], outfile: attacksFile, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning' });
  const { runAttacks, formatAttackTable } = await import(pathToFileURL(attacksFile).href);
  rmSync(attacksFile, { force: true });
  const rows = await runAttacks({ log: (line) => console.log(line), only: process.argv[attacksAt + 1] });
  console.log(formatAttackTable(rows));
  process.exit(rows.every((r) => r.ok) ? 0 : 1);
}
const outfile = join(outdir, `soak-${process.pid}.mjs`);
await build({ entryPoints: [join(root, 'test/reliability/support/soak.ts')], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning' });
const { runSoak, formatSoakReport } = await import(pathToFileURL(outfile).href);
rmSync(outfile, { force: true });

const clients = Number(process.env.SOAK_CLIENTS ?? 200);
const seconds = Number(process.env.SOAK_SECONDS ?? 300);
const seed = Number(process.env.RELIABILITY_SEED ?? 0x50a6);
console.log(`soak: ${clients} clients for ${seconds}s (seed ${seed})…`);
const report = await runSoak({ clients, seconds, seed, log: (line) => console.log(line) });
console.log(formatSoakReport(report));
console.log(JSON.stringify(report));
const clean = report.duplicates === 0 && report.regressions === 0 && report.messagesLost === 0 && report.unhandledRejections === 0 && Object.keys(report.errorsByCode).length === 0;
process.exit(clean ? 0 : 1);
