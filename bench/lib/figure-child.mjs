/**
 * Runs one bench figure in a process of its own (bench/run.mjs forks it): a figure that crashes
 * natively (a `@roamhq/wrtc` segfault has been seen when figure 11 follows figure 10's peer
 * connections in one process) costs that figure only, and no figure inherits another's peer
 * connections, sockets or JIT state. Rows go back over IPC.
 *
 * @example
 * fork('bench/lib/figure-child.mjs', ['files', '--quick']);
 */
import { buildNodeSources } from './sources.mjs';

const [id, ...flags] = process.argv.slice(2);
const quick = flags.includes('--quick');
const { figures } = await import('../figures/index.mjs');
const figure = figures.find((f) => f.id === id);
const log = (line) => console.log(`  ${line}`);
try {
  const mod = await figure.load();
  const rows = await mod.run({ quick, log, sources: buildNodeSources });
  process.send({ type: 'rows', rows });
} catch (error) {
  process.send({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
}
// Workers and sockets are closed by each figure; exit explicitly in case a library left a timer.
process.disconnect();
process.exit(0);
