/**
 * Figure 2: stream throughput, confirmed pushes per second to one client over 10 s, beside a raw
 * `ws` server flooding the same JSON one-way to a raw `ws` client.
 *
 * Askless side: the server keeps at most WINDOW pushes unconfirmed and refills on every
 * confirmation (the route's `onReceived`), so what is counted is confirmed delivery. Raw side:
 * the server sends as fast as the socket drains. 10 s per side, split into alternating rounds.
 * A third side streams to a conflated stream (`readStream({ conflate: true })`): the server
 * pushes as fast as it can, only the latest value waits behind the unconfirmed one, and what is
 * counted is distinct values delivered to the callback per second (in order, and ending on the
 * last value pushed).
 *
 * @example const rows = await run({ quick: true, log: console.log, sources: buildNodeSources });
 */
import { WebSocket } from 'ws';
import { startWorker } from '../lib/child.mjs';
import { connectRaw } from '../lib/raw-client.mjs';
import { row } from '../lib/report.mjs';
import { nowMs, percentile, spread } from '../lib/stats.mjs';
import { deferred, withTimeout } from '../lib/wait.mjs';

/** Unconfirmed pushes allowed in flight (the 2.0.3 server has no limit; 64 keeps memory flat). */
export const WINDOW = Number(process.env.BENCH_WINDOW ?? 64);

/**
 * Measure both sides and return one row.
 * @example await run({ quick: false, log: console.log, sources });
 */
export async function run({ quick, log, sources }) {
  const rounds = quick ? 2 : 5;
  const roundMs = quick ? 1_000 : 2_000;
  const warmupMs = quick ? 500 : 1_000;
  const { server: serverModule, core } = await sources();
  const { AsklessClient } = await import(core);

  const raw = await rawSide();
  const askless = await asklessSide(serverModule, AsklessClient);
  const conflated = await conflatedSide(serverModule, AsklessClient);
  try {
    await raw.measure(warmupMs);
    await askless.measure(warmupMs);
    await conflated.measure(warmupMs);
    const rates = { raw: [], askless: [], conflated: [] };
    const totals = { raw: { count: 0, ms: 0 }, askless: { count: 0, ms: 0 }, conflated: { count: 0, ms: 0 } };
    for (let r = 0; r < rounds; r += 1) {
      const order = r % 2 === 0
        ? [['raw', raw], ['askless', askless], ['conflated', conflated]]
        : [['conflated', conflated], ['askless', askless], ['raw', raw]];
      for (const [name, side] of order) {
        const { count, ms, delivered, offered } = await side.measure(roundMs);
        rates[name].push(((offered ?? count) / ms) * 1000);
        totals[name].count += count;
        totals[name].ms += ms;
        if (delivered !== undefined) totals[name].delivered = (totals[name].delivered ?? 0) + delivered;
      }
    }
    const rate = (t) => (t.count / t.ms) * 1000;
    const cpu = askless.cpu;
    const busy = `server CPU ${((cpu.server / cpu.ms) * 100).toFixed(0)} %, client CPU ${((cpu.client / cpu.ms) * 100).toFixed(0)} % of a core`;
    log(`askless (incl. warm-up): ${busy}; lost (confirmed, never delivered): ${askless.lost}`);
    log(`askless: ${totals.askless.count} confirmed in ${(totals.askless.ms / 1000).toFixed(1)} s (client callbacks ${totals.askless.delivered}); raw: ${totals.raw.count} in ${(totals.raw.ms / 1000).toFixed(1)} s`);
    // CPU per message does not depend on how busy the shared machine is, unlike the rates.
    const perMsg = (c) => ((c.server + c.client) / c.messages) * 1000;
    const cpuNote = (c) => `server ${((c.server / c.messages) * 1000).toFixed(1)} + client ${((c.client / c.messages) * 1000).toFixed(1)} µs`;
    log(`CPU per message: askless ${cpuNote(askless.cpu)}; raw ${cpuNote(raw.cpu)}`);
    return [
      row({ figure: 2, metric: 'CPU per push (server + client)', unit: 'µs', value: perMsg(askless.cpu), baseline: perMsg(raw.cpu),
        note: `askless ${cpuNote(askless.cpu)}; raw ${cpuNote(raw.cpu)}; load-independent companion of the rate` }),
      row({ figure: 2, metric: 'stream throughput, conflated (values/s pushed, latest delivered)', unit: '/s', value: conflated.offered / (totals.conflated.ms / 1000),
        baseline: rate(totals.raw), spread: spread(rates.conflated, 0), baselineSpread: spread(rates.raw, 0),
        note: `readStream({ conflate: true }); of these the client saw ${Math.round(rate(totals.conflated))} distinct values/s, always the newest: age at delivery p50 ${percentile(conflated.ages, 50).toFixed(2)} ms, p99 ${percentile(conflated.ages, 99).toFixed(2)} ms; out of order: ${conflated.disorder}; rounds not ending on the last value: ${conflated.stale}` }),
      row({ figure: 2, metric: 'stream throughput (confirmed pushes/s)', unit: '/s', value: rate(totals.askless),
        baseline: rate(totals.raw), target: { minRatio: 0.5 }, spread: spread(rates.askless, 0),
        baselineSpread: spread(rates.raw, 0),
        note: `${(totals.askless.ms / 1000).toFixed(0)} s per side in ${rounds} alternating rounds; window ${WINDOW} unconfirmed; ${busy}; pushes confirmed but never delivered to the callback: ${askless.lost}` }),
    ];
  } finally {
    await raw.close();
    await askless.close();
    await conflated.close();
  }
}

/** A conflated stream on its own server: distinct values delivered per second, in order. */
async function conflatedSide(serverModule, AsklessClient) {
  const worker = await startWorker('askless-server.mjs', { env: { SERVER_MODULE: serverModule } });
  const client = new AsklessClient({ serverUrl: `ws://127.0.0.1:${worker.ready.port}`, WebSocket });
  client.start?.();
  let last = -1;
  let delivered = 0;
  let until;
  const live = deferred();
  const side = { offered: 0, disorder: 0, stale: 0, ages: [] };
  const unsubscribe = client.readStream({ route: 'bench/value', conflate: true }).subscribe((value) => {
    live.resolve();
    if (!value || typeof value.seq !== 'number') return;
    if (value.seq <= last) side.disorder += 1;
    last = value.seq;
    delivered += 1;
    if (side.ages.length < 200_000) side.ages.push(nowMs() - value.t);
    if (until && value.seq >= until.seq) until.resolve();
  });
  await withTimeout(live.promise, 10_000, 'initial stream value');
  let seqBase = 1_000_000;
  return Object.assign(side, {
    async measure(ms) {
      const d0 = delivered;
      const t0 = nowMs();
      const { pushed, lastSeq } = await worker.request({ type: 'flood', durationMs: ms, seqBase }, 'flooded', ms + 30_000);
      seqBase = lastSeq + 1;
      side.offered += pushed;
      // The stream must end on the last value pushed (conflation drops only intermediate ones).
      if (last < lastSeq) {
        until = { ...deferred(), seq: lastSeq };
        try {
          await withTimeout(until.promise, 10_000, 'the last conflated value');
        } catch {
          side.stale += 1;
        }
        until = undefined;
      }
      return { count: delivered - d0, ms: nowMs() - t0, offered: pushed };
    },
    async close() {
      unsubscribe();
      client.close();
      await worker.stop();
    },
  });
}

async function rawSide() {
  const worker = await startWorker('raw-server.mjs');
  let count = 0;
  let first = 0;
  let last = 0;
  let until;
  const client = await connectRaw(`ws://127.0.0.1:${worker.ready.port}`, () => {
    count += 1;
    last = nowMs();
    if (count === 1) first = last;
    if (until && count >= until.count) until.resolve();
  });
  return {
    cpu: { server: 0, client: 0, messages: 0 },
    async measure(ms) {
      count = 0;
      const s0 = await worker.request({ type: 'stats' }, 'stats');
      const c0 = process.cpuUsage();
      const { sent } = await worker.request({ type: 'flood', durationMs: ms }, 'flooded', ms + 30_000);
      if (count < sent) {
        until = { ...deferred(), count: sent };
        await withTimeout(until.promise, 30_000, `raw client receiving all ${sent} frames`);
        until = undefined;
      }
      const s1 = await worker.request({ type: 'stats' }, 'stats');
      const c1 = process.cpuUsage(c0);
      this.cpu.server += (s1.cpu.user - s0.cpu.user + s1.cpu.system - s0.cpu.system) / 1000;
      this.cpu.client += (c1.user + c1.system) / 1000;
      this.cpu.messages += count;
      // Receiver-side rate: first to last frame.
      return { count: count - 1, ms: last - first };
    },
    async close() {
      client.close();
      await worker.stop();
    },
  };
}

async function asklessSide(serverModule, AsklessClient) {
  const worker = await startWorker('askless-server.mjs', { env: { SERVER_MODULE: serverModule } });
  const client = new AsklessClient({ serverUrl: `ws://127.0.0.1:${worker.ready.port}`, WebSocket });
  client.start?.();
  let delivered = 0;
  // Distinct values of the current round: every push carries a fresh seq, so a seq that never
  // shows up was lost (confirmed on the wire but never handed to the callback).
  const seenThisRound = new Set();
  const live = deferred();
  const unsubscribe = client.readStream({ route: 'bench/value' }).subscribe((value) => {
    delivered += 1;
    if (value && typeof value.seq === 'number') seenThisRound.add(value.seq);
    live.resolve();
  });
  await withTimeout(live.promise, 10_000, 'initial stream value');
  let seqBase = 0;
  return {
    cpu: { server: 0, client: 0, ms: 0, messages: 0 },
    lost: 0,
    async measure(ms) {
      const d0 = delivered;
      seenThisRound.clear();
      const s0 = await worker.request({ type: 'stats' }, 'stats');
      const c0 = process.cpuUsage();
      const result = await worker.request({ type: 'stream', durationMs: ms, window: WINDOW, seqBase }, 'streamed', ms + 30_000);
      let fresh = 0;
      for (const seq of seenThisRound) if (seq > seqBase && seq <= seqBase + result.pushed) fresh += 1;
      // Confirmations were drained, so every push this round reached the client by now.
      this.lost += result.pushed - fresh;
      seqBase += result.pushed + 1;
      const s1 = await worker.request({ type: 'stats' }, 'stats');
      const c1 = process.cpuUsage(c0);
      this.cpu.server += (s1.cpu.user - s0.cpu.user + s1.cpu.system - s0.cpu.system) / 1000;
      this.cpu.client += (c1.user + c1.system) / 1000;
      this.cpu.ms += s1.at - s0.at;
      this.cpu.messages += result.confirmed;
      return { count: result.confirmed, ms: result.elapsedMs, delivered: delivered - d0 };
    },
    async close() {
      unsubscribe();
      client.close();
      await worker.stop();
    },
  };
}
