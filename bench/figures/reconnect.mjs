/**
 * Figure 4: reconnect. One client holds 100 live streams (100 distinct params of one route); the
 * server process is SIGKILLed and started again on the same port. Measured: from the moment the
 * new server accepts connections to the moment all 100 streams have delivered a value from the
 * new server (each value carries the server's epoch).
 *
 * @example const rows = await run({ quick: true, log: console.log, sources: buildNodeSources });
 */
import { WebSocket } from 'ws';
import { startWorker } from '../lib/child.mjs';
import { row } from '../lib/report.mjs';
import { median, nowMs, spread } from '../lib/stats.mjs';
import { deferred, withTimeout } from '../lib/wait.mjs';

const STREAMS = 100;
/** The second variant keeps the server down this long (a realistic boot), exercising backoff. */
const OUTAGE_MS = 3_000;

/**
 * Kill and restart the server several times; one row with the median and spread.
 * @example await run({ quick: false, log: console.log, sources });
 */
export async function run({ quick, log, sources }) {
  const cycles = quick ? 1 : 5;
  const { server: serverModule, core } = await sources();
  const { AsklessClient } = await import(core);

  let epoch = 1;
  let worker = await startWorker('askless-server.mjs', { env: { SERVER_MODULE: serverModule, EPOCH: String(epoch) } });
  const port = worker.ready.port;
  const client = new AsklessClient({ serverUrl: `ws://127.0.0.1:${port}`, WebSocket });
  client.start?.();
  let connectedAt = 0;
  const stopWatching = client.onConnectionChange((state) => {
    if (state.status === 'connected') connectedAt = nowMs();
  });
  const latestEpoch = new Array(STREAMS).fill(0);
  let waiting;
  const onValue = (i, value) => {
    if (!value || typeof value.epoch !== 'number' || value.epoch <= latestEpoch[i]) return;
    latestEpoch[i] = value.epoch;
    if (waiting && latestEpoch.every((e) => e >= waiting.epoch)) waiting.resolve(nowMs());
  };
  const unsubscribes = [];
  for (let i = 0; i < STREAMS; i += 1) {
    unsubscribes.push(client.readStream({ route: 'bench/item', params: { i } }).subscribe((v) => onValue(i, v)));
  }
  const allAt = (e) => {
    if (latestEpoch.every((x) => x >= e)) return Promise.resolve(nowMs());
    waiting = { ...deferred(), epoch: e };
    return withTimeout(waiting.promise, 30_000, `all ${STREAMS} streams delivering epoch ${e}`);
  };
  const cycle = async (extraDownMs) => {
    const killedAt = nowMs();
    await worker.kill();
    // A real server takes a while to boot: the outage length is the experiment's condition.
    if (extraDownMs > 0) await new Promise((resolve) => setTimeout(resolve, extraDownMs));
    epoch += 1;
    worker = await startWorker('askless-server.mjs', { env: { SERVER_MODULE: serverModule, EPOCH: String(epoch), PORT: String(port) } });
    const acceptingAt = worker.ready.at;
    const doneAt = await allAt(epoch);
    return { recovery: doneAt - acceptingAt, reconnect: connectedAt - acceptingAt, downtime: acceptingAt - killedAt };
  };
  try {
    await allAt(epoch);
    const rows = [];
    for (const { extraDownMs, count } of [{ extraDownMs: 0, count: cycles }, { extraDownMs: OUTAGE_MS, count: quick ? 1 : 3 }]) {
      if (extraDownMs === 0) await cycle(0); // warm-up
      const results = [];
      for (let c = 0; c < count; c += 1) results.push(await cycle(extraDownMs));
      const recoveries = results.map((r) => r.recovery);
      const reconnects = results.map((r) => r.reconnect);
      const downtimes = results.map((r) => r.downtime);
      log(`outage ${extraDownMs ? `${extraDownMs} ms + ` : ''}restart: recovery after accept ${recoveries.map((v) => v.toFixed(0)).join(', ')} ms (client configured after ${reconnects.map((v) => v.toFixed(0)).join(', ')} ms); server down ${downtimes.map((v) => v.toFixed(0)).join(', ')} ms`);
      rows.push(row({ figure: 4, metric: `reconnect: ${STREAMS} streams fresh after accept${extraDownMs ? `, ${extraDownMs / 1000} s outage` : ''}`,
        unit: 'ms', value: median(recoveries), spread: spread(recoveries, 0), target: { max: 500 },
        note: `median of ${results.length} kill/restart cycles; client connected ${median(reconnects).toFixed(0)} ms after accept; server down ${median(downtimes).toFixed(0)} ms` }));
    }
    return rows;
  } finally {
    stopWatching();
    for (const u of unsubscribes) u();
    client.close();
    await worker.stop();
  }
}
