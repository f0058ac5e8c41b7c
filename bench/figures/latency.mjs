/**
 * Figure 1: push latency, server `notifyChanges` → client stream callback, p50/p99 over 5,000
 * pushes, beside a raw `ws` server sending the same JSON to a raw `ws` client.
 *
 * Servers run in a child process, the client in this one; `t` is stamped by the server as it
 * calls notifyChanges (or send) on the machine-wide monotonic clock and read by the client in
 * its callback. Pushes are sequential (the next is asked for after the previous arrived), and
 * rounds alternate raw/askless so background load hits both alike.
 *
 * @example const rows = await run({ quick: true, log: console.log, sources: buildNodeSources });
 */
import { WebSocket } from 'ws';
import { startWorker } from '../lib/child.mjs';
import { connectRaw } from '../lib/raw-client.mjs';
import { row } from '../lib/report.mjs';
import { median, nowMs, percentile, spread } from '../lib/stats.mjs';
import { withTimeout } from '../lib/wait.mjs';

/**
 * Measure both sides and return the p50 and p99 rows.
 * @example await run({ quick: false, log: console.log, sources });
 */
export async function run({ quick, log, sources }) {
  const rounds = quick ? 2 : 5;
  const perRound = quick ? 300 : 1_000;
  const warmup = quick ? 100 : 500;
  const { server: serverModule, core } = await sources();
  const { AsklessClient } = await import(core);

  const raw = await startSide('raw-server.mjs', {}, (url, onValue) => connectRaw(url, onValue));
  const askless = await startSide('askless-server.mjs', { SERVER_MODULE: serverModule }, async (url, onValue) => {
    const client = new AsklessClient({ serverUrl: url, WebSocket });
    client.start?.();
    const unsubscribe = client.readStream({ route: 'bench/value' }).subscribe(onValue);
    return { close: () => { unsubscribe(); client.close(); } };
  });
  try {
    for (const side of [raw, askless]) await side.measure(warmup); // warm-up, discarded
    const samples = { raw: [], askless: [] };
    const p50s = { raw: [], askless: [] };
    for (let r = 0; r < rounds; r += 1) {
      const order = r % 2 === 0 ? [['raw', raw], ['askless', askless]] : [['askless', askless], ['raw', raw]];
      for (const [name, side] of order) {
        const s = await side.measure(perRound);
        samples[name].push(...s);
        p50s[name].push(percentile(s, 50));
      }
    }
    log(`pushes per side: ${samples.askless.length} (+${warmup} warm-up), ${rounds} alternating rounds`);
    log(`per-round p50 askless ${p50s.askless.map((v) => v.toFixed(3)).join(', ')} ms; raw ${p50s.raw.map((v) => v.toFixed(3)).join(', ')} ms`);
    return [
      row({ figure: 1, metric: 'push latency p50', unit: 'ms', value: percentile(samples.askless, 50),
        baseline: percentile(samples.raw, 50), target: { maxRatio: 1.3 },
        spread: spread(p50s.askless, 3), baselineSpread: spread(p50s.raw, 3),
        note: `n=${samples.askless.length}; spread = min–max of ${rounds} round p50s` }),
      row({ figure: 1, metric: 'push latency p99', unit: 'ms', value: percentile(samples.askless, 99),
        baseline: percentile(samples.raw, 99), target: { maxRatio: 2 },
        note: `max ${Math.max(...samples.askless).toFixed(2)} ms (raw ${Math.max(...samples.raw).toFixed(2)} ms); median of round p50s ${median(p50s.askless).toFixed(3)} ms` }),
    ];
  } finally {
    await raw.close();
    await askless.close();
  }
}

/** Start a server worker and connect a client whose callback resolves the pending push. */
async function startSide(workerFile, env, connect) {
  const worker = await startWorker(workerFile, { env });
  let waiting;
  let seq = 0;
  let firstValue;
  const live = new Promise((resolve) => { firstValue = resolve; });
  const onValue = (value) => {
    firstValue();
    if (waiting && value && value.seq === waiting.seq) {
      const w = waiting;
      waiting = undefined;
      w.resolve(nowMs() - value.t);
    }
  };
  const client = await connect(`ws://127.0.0.1:${worker.ready.port}`, onValue);
  // Askless: the stream is live once its initial value arrived; raw: once the socket is open.
  if (workerFile === 'askless-server.mjs') await withTimeout(live, 10_000, 'initial stream value');
  const pushOnce = () =>
    new Promise((resolve, reject) => {
      seq += 1;
      const timer = setTimeout(() => reject(new Error(`push ${seq} not delivered within 10 s`)), 10_000);
      waiting = { seq, resolve: (ms) => { clearTimeout(timer); resolve(ms); } };
      worker.send({ type: 'push', value: { seq } });
    });
  return {
    async measure(count) {
      const out = [];
      for (let i = 0; i < count; i += 1) out.push(await pushOnce());
      return out;
    },
    async close() {
      client.close();
      await worker.stop();
    },
  };
}

