/**
 * Figure 9: file transfer. Same-run baselines, alternating rounds:
 * - peer to peer: `client.files` between two Node clients (@roamhq/wrtc, no ICE servers) against
 *   a raw RTCDataChannel pair sending the same bytes in the same 64 KiB chunks with the same
 *   bufferedAmountLowThreshold flow control (goal ≥ 0.8×);
 * - relay: `client.files` with peer to peer off (base64 chunks through the server's store)
 *   against a bare `ws` relay forwarding the same bytes as binary frames (goal ≥ 0.7×);
 * - server RSS growth while relaying, then storing and forwarding, one large file (goal < 64 MB).
 * Throughput counts from send() until the receiver's transfer is `completed` (SHA-256 checked and
 * acknowledged) for ours, until the last byte arrived for the raw baselines.
 * Sizes: BENCH_FILE_MB (default 16; quick 4) per throughput round; the large file is
 * BENCH_FILE_BIG_MB (default 128; quick 16), or 1024 with `npm run bench -- files --files-1g`.
 *
 * @example const rows = await run({ quick: true, log: console.log, sources: buildNodeSources });
 */
import { randomBytes } from 'node:crypto';
import { openAsBlob } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import wrtc from '@roamhq/wrtc';
import { WebSocket } from 'ws';
import { startWorker } from '../lib/child.mjs';
import { row } from '../lib/report.mjs';
import { median, nowMs, spread } from '../lib/stats.mjs';
import { withTimeout } from '../lib/wait.mjs';

const MB = 1024 * 1024;

/**
 * Measure and return the rows.
 * @example await run({ quick: false, log: console.log, sources });
 */
export async function run({ quick, log, sources }) {
  const fileMb = Number(process.env.BENCH_FILE_MB ?? (quick ? 4 : 16));
  const bigMb = process.argv.includes('--files-1g') ? 1024 : Number(process.env.BENCH_FILE_BIG_MB ?? (quick ? 16 : 128));
  const rounds = quick ? 2 : 3;
  const { server: serverModule, core } = await sources();
  const { AsklessClient } = await import(core);
  const worker = await startWorker('file-server.mjs', { env: { SERVER_MODULE: serverModule } });
  const url = `ws://127.0.0.1:${worker.ready.port}`;
  const rawUrl = `ws://127.0.0.1:${worker.ready.rawPort}`;
  const dir = await mkdtemp(path.join(tmpdir(), 'askless-bench-file-'));
  const clients = [];
  const client = async (n, p2p) => {
    const c = new AsklessClient({ serverUrl: url, WebSocket, ...(p2p ? { wrtc } : { files: { p2p: false, ...(process.env.BENCH_FILE_CHUNK ? { chunkBytes: Number(process.env.BENCH_FILE_CHUNK), window: Number(process.env.BENCH_FILE_WINDOW ?? 4) } : {}) } }) });
    clients.push(c);
    c.start();
    await c.authenticate({ credential: { accessToken: `token-${n}` } });
    await new Promise((resolve) => {
      const off = c.files.subscribeTransfers(() => (off(), resolve()));
    });
    return c;
  };
  try {
    const small = await fileOf(dir, 'small.bin', fileMb * MB);
    const p2p = [await client(1, true), await client(2, true)];
    const relay = [await client(3, false), await client(4, false)];
    const rates = { p2p: [], dc: [], relay: [], ws: [] };
    const paths = new Set();
    for (let r = 0; r < rounds; r += 1) {
      const steps = [
        ['p2p', () => viaFiles(p2p, small, paths)],
        ['dc', () => rawDataChannel(small)],
        ['relay', () => viaFiles(relay, small, paths)],
        ['ws', () => rawWs(rawUrl, small)],
      ];
      if (r % 2 === 1) steps.reverse();
      for (const [name, step] of steps) {
        const ms = await withTimeout(step(), 120_000, name);
        rates[name].push(small.size / MB / (ms / 1000));
      }
    }
    log(`paths used: ${[...paths].join(', ')}; MB/s per round: ${Object.entries(rates).map(([k, v]) => `${k} ${v.map((x) => x.toFixed(1)).join('/')}`).join('; ')}`);

    // Server memory with one large file: relayed (both online), then stored (receiver offline).
    const big = await fileOf(dir, 'big.bin', bigMb * MB);
    const baseRss = (await worker.request({ type: 'rss' }, 'rss')).rss;
    let peak = baseRss;
    const sampler = setInterval(() => worker.request({ type: 'rss' }, 'rss').then((m) => (peak = Math.max(peak, m.rss)), () => undefined), 200);
    const t0 = nowMs();
    await viaFiles(relay, big, paths);
    const relayMs = nowMs() - t0;
    const sender = relay[0];
    const sending = sender.files.send({ toUserId: 99, file: big.blob, name: 'big.bin' });
    await waitFor(() => sending.getSnapshot().bytesTransferred === big.size, 600_000);
    const receiver = await client(99, false);
    const offer = await new Promise((resolve) => receiver.files.onOffer(resolve));
    const got = await offer.accept({ sink: discard() }).done();
    clearInterval(sampler);
    peak = Math.max(peak, (await worker.request({ type: 'rss' }, 'rss')).rss);
    log(`${bigMb} MB relayed in ${(relayMs / 1000).toFixed(1)} s, then stored and forwarded (${got.state}); server RSS ${(baseRss / MB).toFixed(0)} → peak ${(peak / MB).toFixed(0)} MB`);

    const note = `${fileMb} MB × ${rounds} alternating rounds, median MB/s`;
    return [
      row({ figure: 10, metric: `p2p file throughput (${fileMb} MB)`, unit: 'MB/s', value: median(rates.p2p), baseline: median(rates.dc), spread: spread(rates.p2p), baselineSpread: spread(rates.dc), target: { minRatio: 0.8 }, note: `${note}; baseline raw RTCDataChannel, same chunks` }),
      row({ figure: 10, metric: `relay file throughput (${fileMb} MB)`, unit: 'MB/s', value: median(rates.relay), baseline: median(rates.ws), spread: spread(rates.relay), baselineSpread: spread(rates.ws), target: { minRatio: 0.7 }, note: `${note}; baseline bare ws relay, binary frames` }),
      row({ figure: 10, metric: `server RSS growth, ${bigMb} MB relayed then stored`, unit: 'MB', value: (peak - baseRss) / MB, target: { max: 64 }, note: `baseline RSS ${(baseRss / MB).toFixed(0)} MB${bigMb < 1024 ? '; 1 GiB with --files-1g' : ''}` }),
    ];
  } finally {
    for (const c of clients) c.close();
    await worker.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** A file of `size` random bytes on disk, as a disk-backed Blob. */
async function fileOf(dir, name, size) {
  const file = path.join(dir, name);
  const handle = await open(file, 'w');
  const block = randomBytes(4 * MB);
  for (let done = 0; done < size; done += block.length) await handle.write(block, 0, Math.min(block.length, size - done));
  await handle.close();
  return { blob: await openAsBlob(file), size };
}

/** A sink that drops the bytes (the receiver's disk is not what is measured). */
const discard = () => ({ write() {} });

async function waitFor(condition, timeoutMs) {
  const until = nowMs() + timeoutMs;
  while (!condition()) {
    if (nowMs() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** ms from send() to the receiver's `completed`. */
async function viaFiles([from, to], file, paths) {
  const offered = new Promise((resolve) => {
    const off = to.files.onOffer((offer) => (queueMicrotask(() => off()), resolve(offer)));
  });
  const t0 = nowMs();
  const sending = from.files.send({ toUserId: to.userId, file: file.blob, name: 'bench.bin' });
  const receiving = (await offered).accept({ sink: discard() });
  const [got, sent] = await Promise.all([receiving.done(), sending.done()]);
  if (got.state !== 'completed' || sent.state !== 'completed') throw new Error(`transfer ended ${got.state}/${sent.state}: ${got.error?.code ?? sent.error?.code}`);
  paths.add(got.path);
  return nowMs() - t0;
}

/** ms for a raw data channel to carry the file (same chunking and flow control as ours). */
async function rawDataChannel(file) {
  const a = new wrtc.RTCPeerConnection({ iceServers: [] });
  const b = new wrtc.RTCPeerConnection({ iceServers: [] });
  // Candidates wait until the other side has its remote description.
  const early = { a: [], b: [] };
  const ready = { a: false, b: false };
  a.onicecandidate = (e) => e.candidate && (ready.b ? b.addIceCandidate(e.candidate) : early.b.push(e.candidate));
  b.onicecandidate = (e) => e.candidate && (ready.a ? a.addIceCandidate(e.candidate) : early.a.push(e.candidate));
  const channel = a.createDataChannel('raw', { ordered: true });
  channel.binaryType = 'arraybuffer';
  let received = 0;
  const done = new Promise((resolve) => {
    b.ondatachannel = (e) => {
      e.channel.binaryType = 'arraybuffer';
      e.channel.onmessage = (m) => {
        received += m.data.byteLength;
        if (received >= file.size) resolve();
      };
    };
  });
  const opened = new Promise((resolve) => (channel.onopen = resolve));
  await a.setLocalDescription(await a.createOffer());
  await b.setRemoteDescription(a.localDescription);
  ready.b = true;
  for (const c of early.b.splice(0)) await b.addIceCandidate(c);
  await b.setLocalDescription(await b.createAnswer());
  await a.setRemoteDescription(b.localDescription);
  ready.a = true;
  for (const c of early.a.splice(0)) await a.addIceCandidate(c);
  await withTimeout(opened, 20_000, 'raw data channel open');
  const t0 = nowMs();
  channel.bufferedAmountLowThreshold = 256 * 1024;
  for (let offset = 0; offset < file.size; offset += 64 * 1024) {
    // Woken by bufferedamountlow, or a 10 ms poll as in client.files (wrtc never fires the event).
    while (channel.bufferedAmount > MB) await new Promise((r) => ((channel.onbufferedamountlow = r), setTimeout(r, 10)));
    channel.send(await file.blob.slice(offset, offset + 64 * 1024).arrayBuffer());
  }
  await done;
  const ms = nowMs() - t0;
  a.close();
  b.close();
  return ms;
}

/** ms for the bare ws relay to carry the file as 128 KiB binary frames. */
async function rawWs(rawUrl, file) {
  const connect = async (role) => {
    const ws = new WebSocket(rawUrl);
    await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
    ws.send(role);
    return ws;
  };
  const receiver = await connect('receive');
  const sender = await connect('send');
  let received = 0;
  const done = new Promise((resolve) =>
    receiver.on('message', (data) => {
      received += data.length;
      if (received >= file.size) resolve();
    }),
  );
  const t0 = nowMs();
  for (let offset = 0; offset < file.size; offset += 128 * 1024) {
    while (sender.bufferedAmount > 4 * MB) await new Promise((r) => setTimeout(r, 1));
    sender.send(new Uint8Array(await file.blob.slice(offset, offset + 128 * 1024).arrayBuffer()), { binary: true });
  }
  await done;
  const ms = nowMs() - t0;
  sender.close();
  receiver.close();
  return ms;
}
