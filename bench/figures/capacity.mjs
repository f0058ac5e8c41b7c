/**
 * Figure 7: server capacity. N bare protocol clients (another process) each LISTEN to one route
 * and ping at 1 Hz; we report the server's CPU (process.cpuUsage over a steady window) and RSS,
 * then time one notifyChanges fanned out to all N: from the call to the last client's receipt,
 * on the machine-wide monotonic clock. N = 1,000 and 3,000.
 *
 * @example const rows = await run({ quick: true, log: console.log, sources: buildNodeSources });
 */
import { execSync } from 'node:child_process';
import { startWorker } from '../lib/child.mjs';
import { row } from '../lib/report.mjs';
import { median, spread } from '../lib/stats.mjs';

/**
 * Measure each N and return CPU, RSS and fan-out rows.
 * @example await run({ quick: false, log: console.log, sources });
 */
export async function run({ quick, log, sources }) {
  // 3,000 rather than 5,000 keeps a full `npm run bench` within ~6 minutes on 2 shared cores.
  const sizes = quick ? [200, 500] : [1_000, 3_000];
  const windowMs = quick ? 3_000 : 5_000;
  const fanouts = quick ? 2 : 5;
  const fdLimit = Number(execSync('ulimit -n', { shell: '/bin/sh' }).toString().trim());
  const { server: serverModule } = await sources();
  const rows = [];
  for (const n of sizes) {
    if (Number.isFinite(fdLimit) && fdLimit < n + 100) {
      rows.push(row({ figure: 7, metric: `capacity N=${n}`, unit: '', value: null,
        note: `skipped: ulimit -n is ${fdLimit}, need > ${n + 100}` }));
      continue;
    }
    rows.push(...(await measure(n, { serverModule, windowMs, fanouts, log })));
  }
  return rows;
}

async function measure(n, { serverModule, windowMs, fanouts, log }) {
  const server = await startWorker('askless-server.mjs', { env: { SERVER_MODULE: serverModule } });
  const load = await startWorker('load-clients.mjs');
  try {
    const idle = await server.request({ type: 'stats' }, 'stats');
    const url = `ws://127.0.0.1:${server.ready.port}`;
    const connected = await load.request({ type: 'connect', url, n }, 'connected', 180_000);
    log(`N=${n}: ${connected.n} clients live in ${(connected.ms / 1000).toFixed(1)} s`);
    // Let the connection burst settle (one full ping period) before the steady-state window.
    const before = await settle(server, 1_000);
    const loadBefore = await load.request({ type: 'stats' }, 'stats');
    await new Promise((resolve) => setTimeout(resolve, windowMs)); // the measurement window itself
    const after = await server.request({ type: 'stats' }, 'stats');
    const loadAfter = await load.request({ type: 'stats' }, 'stats');
    const cpuPct = cpuPercent(before, after);
    const loadCpuPct = cpuPercent(loadBefore, loadAfter);
    log(`N=${n}: server CPU ${cpuPct.toFixed(1)} % of one core over ${windowMs / 1000} s, RSS ${(after.rss / 2 ** 20).toFixed(0)} MB (idle ${(idle.rss / 2 ** 20).toFixed(0)} MB); load generator ${loadCpuPct.toFixed(1)} %`);

    const totals = [];
    const sends = [];
    const cpus = [];
    for (let k = 1; k <= fanouts + 1; k += 1) {
      const seq = 1_000_000 + k;
      const received = load.request({ type: 'expect', seq, timeoutMs: 60_000 }, 'received', 90_000);
      const notified = await server.request({ type: 'notify', value: { seq } }, 'notified', 90_000);
      const got = await received;
      if (got.count !== got.n) throw new Error(`fan-out ${k}: only ${got.count}/${got.n} clients received the push`);
      if (k === 1) continue; // warm-up
      totals.push(got.last - notified.t0);
      sends.push(notified.t1 - notified.t0);
      cpus.push(notified.cpuMs);
    }
    log(`N=${n}: fan-out to all ${n}: ${totals.map((t) => t.toFixed(1)).join(', ')} ms; notifyChanges settled after ${sends.map((t) => t.toFixed(1)).join(', ')} ms using ${cpus.map((t) => t.toFixed(1)).join(', ')} ms of server CPU`);
    return [
      row({ figure: 7, metric: `server CPU, N=${n} pinging 1 Hz`, unit: '% core', value: cpuPct,
        note: `≈ ${((cpuPct / 100) * 1e6 / n).toFixed(0)} µs of CPU per ping (pings, pongs, timers); ${windowMs / 1000} s window; load generator ${loadCpuPct.toFixed(0)} %` }),
      row({ figure: 7, metric: `server RSS, N=${n}`, unit: 'MB', value: after.rss / 2 ** 20,
        note: `${((after.rss - idle.rss) / n / 1024).toFixed(1)} kB per client over idle` }),
      row({ figure: 7, metric: `notifyChanges fan-out to N=${n}`, unit: 'ms', value: median(totals), spread: spread(totals, 1),
        note: `call → last client receipt, median of ${totals.length}; notifyChanges settles in ${median(sends).toFixed(1)} ms wall, ${median(cpus).toFixed(1)} ms server CPU` }),
    ];
  } finally {
    await load.stop();
    await server.stop();
  }
}

/** Wait one period, then take the "before" sample (the wait is part of the method, not sync). */
async function settle(server, ms) {
  await new Promise((resolve) => setTimeout(resolve, ms));
  return server.request({ type: 'stats' }, 'stats');
}

function cpuPercent(a, b) {
  const usedUs = b.cpu.user - a.cpu.user + (b.cpu.system - a.cpu.system);
  return (usedUs / 1000 / (b.at - a.at)) * 100;
}
