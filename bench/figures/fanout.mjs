/**
 * Fan-out: one `notifyChanges` to 1,000 listeners of one route, from the call (stamped inside the
 * server process) to the arrival at the last listener, beside a raw `ws` server sending one
 * prepared frame to 1,000 sockets (stamped before it builds the frame), in the same run.
 *
 * Each server runs in its own process, its listeners in another (bench/workers/fanout-clients.mjs):
 * during a round the listeners only record arrival times; they parse and confirm afterwards.
 * Rounds alternate (raw, askless, askless, raw, ...); the figure is the median over rounds of
 * each round's last arrival, with the min–max of rounds as its spread.
 *
 * @example const rows = await run({ quick: true, log: console.log, sources: buildNodeSources });
 */
import { startWorker } from '../lib/child.mjs';
import { row } from '../lib/report.mjs';
import { median, spread } from '../lib/stats.mjs';

/** The askless side gets no pings (see the worker): keep its sockets alive across the figure. */
const NO_PING_TIMEOUT = JSON.stringify({ millisecondsToDisconnectClientAfterWithoutClientPing: 600_000 });

/**
 * Measure both sides and return the last-listener and median-listener rows.
 * @example await run({ quick: false, log: console.log, sources });
 */
export async function run({ quick, log, sources }) {
  const n = quick ? 200 : 1_000;
  const rounds = quick ? 4 : 16;
  const warmup = quick ? 2 : 4;
  const { server: serverModule } = await sources();
  const raw = await startSide('raw-server.mjs', 'raw', {}, n, 'fanout', 'fanned');
  const askless = await startSide('askless-server.mjs', 'askless', { SERVER_MODULE: serverModule, SERVER_OPTIONS: NO_PING_TIMEOUT }, n, 'notify', 'notified');
  try {
    let seq = 0;
    for (let i = 0; i < warmup; i += 1) for (const side of [raw, askless]) await side.round((seq += 1));
    const last = { raw: [], askless: [] };
    const mid = { raw: [], askless: [] };
    const busy = { raw: [], askless: [] };
    for (let r = 0; r < rounds; r += 1) {
      const order = r % 2 === 0 ? [['raw', raw], ['askless', askless]] : [['askless', askless], ['raw', raw]];
      for (const [name, side] of order) {
        const result = await side.round((seq += 1));
        last[name].push(result.last);
        mid[name].push(result.median);
        busy[name].push(result.server);
      }
    }
    log(`server busy sending (call → last send returned), median: askless ${median(busy.askless).toFixed(1)} ms, raw ${median(busy.raw).toFixed(1)} ms`);
    log(`last listener per round (ms): askless ${last.askless.map((v) => v.toFixed(1)).join(', ')}; raw ${last.raw.map((v) => v.toFixed(1)).join(', ')}`);
    return [
      row({ figure: 9, metric: `fan-out to ${n.toLocaleString('en')} listeners, last`, unit: 'ms', value: median(last.askless),
        baseline: median(last.raw), target: { maxRatio: 1.5 }, spread: spread(last.askless, 1), baselineSpread: spread(last.raw, 1),
        note: `median of ${rounds} alternating rounds; notify call (in the server) → last arrival; baseline: raw ws, one prepared frame` }),
      row({ figure: 9, metric: `fan-out to ${n.toLocaleString('en')} listeners, median listener`, unit: 'ms', value: median(mid.askless),
        baseline: median(mid.raw), spread: spread(mid.askless, 1), baselineSpread: spread(mid.raw, 1) }),
    ];
  } finally {
    await Promise.allSettled([raw.close(), askless.close()]);
  }
}

/** A server process and its listeners' process; `round(seq)` times one fan-out. */
async function startSide(serverFile, mode, env, n, command, reply) {
  const server = await startWorker(serverFile, { env });
  const listeners = await startWorker('fanout-clients.mjs', { env: { MODE: mode } });
  await listeners.request({ type: 'connect', url: `ws://127.0.0.1:${server.ready.port}`, n }, 'connected', 180_000);
  return {
    async round(seq) {
      await listeners.request({ type: 'arm' }, 'armed');
      const { t0, t1 } = await server.request({ type: command, value: { seq } }, reply, 60_000);
      const got = await listeners.request({ type: 'collect', timeoutMs: 30_000 }, 'collected', 60_000);
      if (got.count !== n) throw new Error(`${mode}: ${got.count}/${n} listeners got push ${seq}`);
      return { last: got.last - t0, median: got.median - t0, server: t1 - t0 };
    },
    close: () => Promise.allSettled([listeners.stop(), server.stop()]),
  };
}
