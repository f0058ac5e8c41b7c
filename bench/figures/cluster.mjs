/**
 * Figure 8: scale-out on Redis (issue 19). A real redis-server and three server processes with
 * `cluster: { redisUrl }`, beside one in-memory process, all alive at once so rounds alternate:
 * - fan-out: one notifyChanges reaching 3,000 listeners, 1,000 on each of the three processes,
 *   vs 3,000 on the one process (call → last client receipt on the machine-wide monotonic
 *   clock), both as a plain `notifyChanges()` (each process re-reads for its own listeners) and
 *   with a `handleReadOverride` (run on the notifying process, entities shipped through Redis);
 * - latency: one push notified on process A reaching a listener on A (same process) and one on
 *   B (cross-process), p50 and p99 per round, paired (every push reaches both).
 *
 * @example const rows = await run({ quick: true, log: console.log, sources: buildNodeSources });
 */
import { execSync } from 'node:child_process';
import { startWorker } from '../lib/child.mjs';
import { row } from '../lib/report.mjs';
import { buildNodeEntry } from '../lib/sources.mjs';
import { median, percentile, spread } from '../lib/stats.mjs';

const FIGURE = 8;

/**
 * Start Redis and the servers, measure, stop everything.
 * @example await run({ quick: false, log: console.log, sources });
 */
export async function run({ quick, log, sources }) {
  const perProcess = quick ? 200 : 1_000;
  const rounds = quick ? 3 : 6;
  const latencyPushes = quick ? 100 : 300;
  const fdLimit = Number(execSync('ulimit -n', { shell: '/bin/sh' }).toString().trim());
  if (Number.isFinite(fdLimit) && fdLimit < perProcess * 6 + 200) {
    return [row({ figure: FIGURE, metric: 'cluster fan-out', unit: '', value: null, note: `skipped: ulimit -n is ${fdLimit}` })];
  }
  const { server: serverModule } = await sources();
  const { startRedis } = await import(await buildNodeEntry('test/cluster/support/redis-server.ts'));
  const redis = await startRedis();
  const workers = [];
  const start = async (file, env) => {
    const worker = await startWorker(file, { env });
    workers.push(worker);
    return worker;
  };
  try {
    // A loaded 2-core machine can take longer than the default handshake limits for thousands of sockets.
    const limits = { handshakeTimeoutMs: 120_000, configureTimeoutMs: 120_000 };
    const clusterEnv = { SERVER_MODULE: serverModule, SERVER_OPTIONS: JSON.stringify({ limits, cluster: { redisUrl: redis.url, keyPrefix: 'bench' } }) };
    const cluster = await Promise.all([0, 1, 2].map(() => start('askless-server.mjs', clusterEnv)));
    const single = await start('askless-server.mjs', { SERVER_MODULE: serverModule, SERVER_OPTIONS: JSON.stringify({ limits }) });
    const url = (w) => `ws://127.0.0.1:${w.ready.port}`;

    // Latency first, with one listener on A and one on B and nothing else connected.
    const onA = await start('load-clients.mjs');
    const onB = await start('load-clients.mjs');
    await onA.request({ type: 'connect', url: url(cluster[0]), n: 1 }, 'connected');
    await onB.request({ type: 'connect', url: url(cluster[1]), n: 1 }, 'connected');
    let seq = 1;
    const same = [];
    const cross = [];
    for (let r = 0; r <= rounds; r += 1) {
      const roundSame = [];
      const roundCross = [];
      for (let i = 0; i < latencyPushes; i += 1) {
        seq += 1;
        await Promise.all(cluster.map((w) => w.request({ type: 'set', value: { seq } }, 'set')));
        const gotA = onA.request({ type: 'expect', seq, timeoutMs: 5_000 }, 'received');
        const gotB = onB.request({ type: 'expect', seq, timeoutMs: 5_000 }, 'received');
        const { t0 } = await cluster[0].request({ type: 'notifyPlain' }, 'notified');
        const [a, b] = await Promise.all([gotA, gotB]);
        if (a.count !== 1 || b.count !== 1) throw new Error(`push ${seq} lost (same ${a.count}, cross ${b.count})`);
        roundSame.push(a.last - t0);
        roundCross.push(b.last - t0);
      }
      if (r === 0) continue; // warm-up
      same.push(roundSame);
      cross.push(roundCross);
    }
    const p = (sets, q) => sets.map((s) => percentile(s, q));
    log(`push latency same-process p50 per round: ${p(same, 50).map((v) => v.toFixed(2)).join(', ')} ms`);
    log(`push latency cross-process p50 per round: ${p(cross, 50).map((v) => v.toFixed(2)).join(', ')} ms`);
    await onA.stop();
    await onB.stop();

    // Fan-out: 3 × perProcess over the cluster vs 3 × perProcess on one process.
    const loadCluster = await start('load-clients.mjs');
    const loadSingle = await start('load-clients.mjs');
    // In batches of perProcess, both sides alike: thousands of handshakes at once can outlast the
    // server's handshake timeout on a loaded 2-core machine.
    for (const w of [...cluster, single, single, single]) {
      await (w === single ? loadSingle : loadCluster).request({ type: 'connect', url: url(w), n: perProcess, concurrency: 100 }, 'connected', 180_000);
    }
    const fan = { cluster: [], single: [], clusterOverride: [], singleOverride: [] };
    const once = async (load, servers, override) => {
      seq += 1;
      const value = { seq };
      if (!override) await Promise.all(servers.map((w) => w.request({ type: 'set', value }, 'set')));
      const received = load.request({ type: 'expect', seq, timeoutMs: 30_000 }, 'received', 60_000);
      const { t0 } = await servers[0].request(override ? { type: 'notify', value } : { type: 'notifyPlain' }, 'notified', 60_000);
      const got = await received;
      if (got.count !== got.n) throw new Error(`fan-out ${seq}: only ${got.count}/${got.n} clients received the push`);
      return got.last - t0;
    };
    for (let r = 0; r <= rounds; r += 1) {
      // Alternate which side goes first, so drift of the machine's load hits both alike.
      const order = r % 2 === 0 ? ['cluster', 'single'] : ['single', 'cluster'];
      for (const side of order) {
        const [load, servers] = side === 'cluster' ? [loadCluster, cluster] : [loadSingle, [single]];
        const plain = await once(load, servers, false);
        const override = await once(load, servers, true);
        if (r === 0) continue;
        fan[side].push(plain);
        fan[`${side}Override`].push(override);
      }
    }
    log(`fan-out to ${perProcess * 3}, plain: cluster ${fan.cluster.map((v) => v.toFixed(1)).join(', ')} ms; one process ${fan.single.map((v) => v.toFixed(1)).join(', ')} ms`);
    log(`fan-out to ${perProcess * 3}, override: cluster ${fan.clusterOverride.map((v) => v.toFixed(1)).join(', ')} ms; one process ${fan.singleOverride.map((v) => v.toFixed(1)).join(', ')} ms`);

    const n = perProcess * 3;
    const roundsNote = `median of ${rounds} alternating rounds`;
    return [
      row({ figure: FIGURE, metric: `fan-out to ${n}, 3 processes (plain notify)`, unit: 'ms', value: median(fan.cluster), spread: spread(fan.cluster, 1),
        baseline: median(fan.single), baselineSpread: spread(fan.single, 1), note: `baseline: ${n} listeners on one in-memory process; ${roundsNote}` }),
      row({ figure: FIGURE, metric: `fan-out to ${n}, 3 processes (handleReadOverride)`, unit: 'ms', value: median(fan.clusterOverride), spread: spread(fan.clusterOverride, 1),
        baseline: median(fan.singleOverride), baselineSpread: spread(fan.singleOverride, 1), note: `override run on the notifying process, ${perProcess * 2} entities shipped through Redis; ${roundsNote}` }),
      row({ figure: FIGURE, metric: 'push latency cross-process p50', unit: 'ms', value: median(p(cross, 50)), spread: spread(p(cross, 50), 2),
        baseline: median(p(same, 50)), baselineSpread: spread(p(same, 50), 2), note: `notify on A → listener on B vs on A, the same pushes; ${rounds} rounds of ${latencyPushes}` }),
      row({ figure: FIGURE, metric: 'push latency cross-process p99', unit: 'ms', value: median(p(cross, 99)), spread: spread(p(cross, 99), 2),
        baseline: median(p(same, 99)), baselineSpread: spread(p(same, 99), 2), note: 'median of per-round p99s' }),
    ];
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    await redis.stop();
  }
}
