/**
 * `npm run soak -- --attacks` (issue 14, "Done when"): each attack against the reference server
 * in its own process with the DEFAULT limits, measuring the server's RSS (sampled every 200 ms,
 * no GC) and heap (after forced GCs) while it runs, and a good client's read latency meanwhile
 * (one READ every 100 ms). Memory is a figure here, not a timed test.
 */
import { connect, type Socket } from 'node:net';
import { startChildServer, type ChildServer, type ChildServerOptions } from './child-server.js';
import { startGoodReader, type GoodReaderReport } from './good-reader.js';
import { listenAs, openHostile, pingForever, type Hostile } from './hostile.js';
import { connectProbe } from './probe-client.js';
import { encodeFrame, Opcode, openRawWebSocket } from './raw-socket.js';

const MB = 1024 * 1024;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * One line of the table in docs/reliability.md.
 * @example
 * const row: AttackRow = { attack: 'paused reader', seconds: 20, rssGrowthMB: 12, heapGrowthMB: 1, outcome: 'closed after 6 s', ok: true, goodP99Ms: 3, goodMaxMs: 9, goodUnanswered: 0 };
 */
export interface AttackRow {
  attack: string;
  seconds: number;
  /** Peak RSS during the attack minus the RSS before it. */
  rssGrowthMB: number;
  /** Heap after the attack (GC'd) minus before (GC'd). */
  heapGrowthMB: number;
  outcome: string;
  ok: boolean;
  goodP99Ms: number;
  goodMaxMs: number;
  goodUnanswered: number;
}

interface AttackContext {
  child: ChildServer;
  url: string;
}

interface Attack {
  name: string;
  child?: ChildServerOptions;
  /** RSS growth allowed, in MB (the issue's figure). */
  maxRssGrowthMB?: number;
  run(ctx: AttackContext): Promise<{ outcome: string; ok: boolean }>;
}

async function waitFor(condition: () => Promise<boolean> | boolean, timeoutMs: number, everyMs = 100): Promise<number | undefined> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await condition()) return Date.now() - started;
    await sleep(everyMs);
  }
  return undefined;
}

const seconds = (ms: number | undefined) => (ms === undefined ? 'never' : `${(ms / 1000).toFixed(1)} s`);

const ATTACKS: Attack[] = [
  {
    name: 'paused reader, ~1 MB/s of pushes',
    child: { blob: { bytes: 64 * 1024, everyMs: 64 } },
    maxRssGrowthMB: 64,
    run: async ({ child }) => {
      const raw = await openRawWebSocket(child.port);
      const frames = [
        { clientRequestId: 'REQ-_c', requestType: 'CONFIGURE_CONNECTION', _class_type_configureconnectionrequest: '_', clientIdInternalApp: 'pausedreader00000000000000000', clientType: 'flutter' },
        { clientRequestId: 'LIS-_b', requestType: 'LISTEN', _class_type_listen: '_', route: 'blob', params: null, listenId: 'LIS-b' },
      ];
      for (const frame of frames) await raw.write(encodeFrame({ opcode: Opcode.text, payload: Buffer.from(JSON.stringify(frame)) }));
      await sleep(300);
      raw.socket.pause();
      const closedAfter = await waitFor(async () => {
        const { closes } = await child.serverStats();
        return (closes.slowConsumer ?? 0) + (closes.unconfirmedBytes ?? 0) > 0;
      }, 20_000, 250);
      await sleep(Math.max(0, 20_000 - (closedAfter ?? 20_000)));
      const { closes } = await child.serverStats();
      raw.destroy();
      return { outcome: `closed after ${seconds(closedAfter)} (${JSON.stringify(closes)})`, ok: closedAfter !== undefined };
    },
  },
  {
    name: '500 silent TCP connections',
    run: async ({ child, url }) => {
      const sockets: Socket[] = [];
      const closedAt: number[] = [];
      const started = Date.now();
      for (let i = 0; i < 500; i++) {
        const socket = connect({ host: '127.0.0.1', port: child.port });
        socket.on('error', () => undefined);
        socket.once('close', () => closedAt.push(Date.now() - started));
        sockets.push(socket);
      }
      await sleep(1_000);
      const t = Date.now();
      const newcomer = await connectProbe(url);
      const answered = !(await newcomer.read('products')).error;
      const newcomerMs = Date.now() - t;
      await newcomer.close();
      const all = await waitFor(() => closedAt.length === 500, 20_000);
      sockets.forEach((s) => s.destroy());
      const last = Math.max(...closedAt);
      return {
        outcome: `${closedAt.length}/500 closed, the last after ${seconds(last)}; a new client connected and read in ${newcomerMs} ms`,
        ok: all !== undefined && last <= 15_000 && answered,
      };
    },
  },
  {
    name: '100 never-configured pinging WebSockets',
    run: async ({ url }) => {
      const started = Date.now();
      const hostiles = await Promise.all(Array.from({ length: 100 }, () => openHostile(url)));
      hostiles.forEach((h) => pingForever(h, 1_000));
      const closedAt: number[] = [];
      hostiles.forEach((h) => void h.closed.then(() => closedAt.push(Date.now() - started)));
      await waitFor(() => closedAt.length === 100, 25_000);
      hostiles.forEach((h) => h.ws.terminate());
      const last = Math.max(...closedAt);
      return { outcome: `${closedAt.length}/100 closed, the last after ${seconds(last)}`, ok: closedAt.length === 100 && last <= 20_000 };
    },
  },
  {
    name: '5 readers never confirming 256 kB pushes, 6/s, reconnecting',
    child: { blob: { bytes: 256 * 1024, everyMs: 167 } },
    maxRssGrowthMB: 128,
    run: async ({ child, url }) => {
      const end = Date.now() + 20_000;
      let closes = 0;
      const reader = async (): Promise<void> => {
        while (Date.now() < end) {
          let h: Hostile;
          try {
            h = await openHostile(url, undefined, 'none');
          } catch {
            await sleep(100);
            continue;
          }
          listenAs(h, 'blob');
          const closed = await Promise.race([h.closed, sleep(end - Date.now()).then(() => undefined)]);
          if (closed) closes++;
          else h.ws.terminate();
        }
      };
      await Promise.all([0, 1, 2, 3, 4].map(reader));
      const stats = await child.serverStats();
      return { outcome: `${closes} closes by the server (${JSON.stringify(stats.closes)})`, ok: closes > 0 };
    },
  },
  {
    name: '10,000 call requests to offline users, then the caller leaves',
    run: async ({ child }) => {
      const before = (await child.memory()).heapUsed;
      // Raw frames, answers drained unparsed: the harness must not be the bottleneck here.
      const raw = await openRawWebSocket(child.port);
      const clientIdInternalApp = 'callflooder000000000000000000';
      const text = (frame: object) => encodeFrame({ opcode: Opcode.text, payload: Buffer.from(JSON.stringify(frame)) });
      await raw.write(text({ clientRequestId: 'REQ-_c', requestType: 'CONFIGURE_CONNECTION', _class_type_configureconnectionrequest: '_', clientIdInternalApp, clientType: 'flutter' }));
      await raw.write(text({ clientRequestId: 'REQ-_a', requestType: 'AUTHENTICATE', _class_type_authenticaterequest: '_', clientIdInternalApp, clientType: 'flutter', credential: { accessToken: 'token-1' } }));
      await waitFor(async () => (await child.serverStats()).connections.authenticated >= 1, 5_000);
      const requests = Array.from({ length: 10_000 }, (_, i) =>
        text({ clientRequestId: `REQ-_f${i}`, requestType: 'CREATE', _class_type_modify: '_', route: 'askless-internal/call/request', params: null, body: { remoteUserId: 100_000 + i, sdp: { type: 'offer', sdp: `v=0\r\no=- ${i} 2 IN IP4 127.0.0.1\r\n` }, additionalData: {} } }),
      );
      await raw.write(Buffer.concat(requests));
      // All processed once the replay cache holds its per-client maximum of the flood's writes.
      await waitFor(async () => (await child.serverStats()).replayCache.entries >= 1_000, 30_000, 250);
      await sleep(500);
      const held = (await child.serverStats()).callState;
      raw.destroy();
      let heap = 0;
      const back = await waitFor(async () => {
        heap = (await child.memory()).heapUsed;
        return heap - before <= 8 * MB && (await child.serverStats()).callState.total === 0;
      }, 60_000, 2_000);
      return {
        outcome: `${held.pending} requests kept (the other 9,980 refused); after the caller left: all freed, heap within ${((heap - before) / MB).toFixed(1)} MB after ${seconds(back)}`,
        ok: back !== undefined && held.pending === 20,
      };
    },
  },
  {
    name: '1 MB SDP and a 5,000-candidate ICE list',
    run: async ({ url }) => {
      const caller = await connectProbe(url);
      await caller.authenticate({ accessToken: 'token-1' });
      const sdp = await caller.modify('CREATE', 'askless-internal/call/request', { remoteUserId: 2, sdp: { type: 'offer', sdp: 'a'.repeat(1_000_000) }, additionalData: {} });
      const list = Array.from({ length: 5_000 }, (_, i) => ({ candidate: `candidate:${i} 1 udp 2122260223 192.0.2.10 ${10_000 + i} typ host`, id: '0', label: 0 }));
      const ice = await caller.modify('CREATE', 'askless-internal/call/ice-candidate-list', { remoteUserId: 2, iceCandidateList: list });
      const open = caller.ws.readyState === caller.ws.OPEN;
      await caller.close();
      return { outcome: `SDP: ${sdp.error?.code}, ICE: ${ice.error?.code}, socket ${open ? 'still open' : 'closed'}`, ok: sdp.error?.code === 'BAD_REQUEST' && ice.error?.code === 'BAD_REQUEST' && open };
    },
  },
  {
    name: '100,000-deep frame, request id first',
    run: async ({ url }) => {
      const probe = await connectProbe(url);
      const depth = 100_000;
      const started = Date.now();
      probe.ws.send(`{"clientRequestId":"REQ-_deep","_class_type_read":"_","route":"products","params":{"a":${'['.repeat(depth)}${']'.repeat(depth)}}}`);
      const answeredAfter = await waitFor(() => probe.frames.some((f) => f.clientRequestId === 'REQ-_deep' && f.error), 5_000, 5);
      const code = (probe.frames.find((f) => f.clientRequestId === 'REQ-_deep' && f.error)?.error as { code?: string } | undefined)?.code;
      await probe.close();
      return { outcome: `answered ${code} after ${answeredAfter ?? 'never'} ms (wall clock ${Date.now() - started} ms)`, ok: answeredAfter !== undefined && answeredAfter < 2_000 };
    },
  },
  {
    name: '50 MB frame',
    maxRssGrowthMB: 100,
    run: async ({ child }) => {
      // A header announcing 50 MB, then zeros streamed until the server hangs up: cheap for the harness.
      const raw = await openRawWebSocket(child.port);
      let tail = Buffer.alloc(0);
      raw.socket.on('data', (chunk: Buffer) => (tail = Buffer.concat([tail, chunk]).subarray(-256)));
      const header = Buffer.alloc(14);
      header[0] = 0x81;
      header[1] = 0x80 | 127;
      header.writeBigUInt64BE(BigInt(50 * MB), 2);
      await raw.write(header);
      const zeros = Buffer.alloc(MB);
      for (let sent = 0; sent < 50 && raw.isOpen(); sent++) if (!(await raw.write(zeros))) break;
      await Promise.race([raw.closed, sleep(5_000)]);
      const at = tail.lastIndexOf(0x88);
      const code = at >= 0 && at + 3 < tail.length ? tail.readUInt16BE(at + 2) : undefined;
      raw.destroy();
      return { outcome: `closed with ${code ?? 'no close frame'}`, ok: code === 1009 };
    },
  },
];

/**
 * Run every attack (each against a fresh server process) and return the table rows.
 * @example
 * const rows = await runAttacks({ log: console.log });
 */
export async function runAttacks(options: { log?: (line: string) => void; only?: string } = {}): Promise<AttackRow[]> {
  const rows: AttackRow[] = [];
  for (const attack of ATTACKS) {
    if (options.only && !attack.name.includes(options.only)) continue;
    options.log?.(`attack: ${attack.name}…`);
    const child = await startChildServer(attack.child ?? {});
    const url = `ws://127.0.0.1:${child.port}`;
    try {
      const before = await child.memory();
      let peakRss = before.rss;
      let peakHeap = before.heapUsed;
      let peakExternal = before.external;
      let sampling = false; // one sample at a time: a loaded child answers late
      const sampler = setInterval(() => {
        if (sampling) return;
        sampling = true;
        void child
          .rss()
          .then((m) => {
            peakRss = Math.max(peakRss, m.rss);
            peakHeap = Math.max(peakHeap, m.heapUsed);
            peakExternal = Math.max(peakExternal, m.external);
          }, () => undefined)
          .finally(() => (sampling = false));
      }, 200);
      const reader = await startGoodReader(url);
      const started = Date.now();
      let result: { outcome: string; ok: boolean };
      try {
        result = await attack.run({ child, url });
      } catch (error) {
        result = { outcome: `failed: ${String(error)}`, ok: false };
      }
      // Quick attacks still get a couple of seconds of good-client reads around them.
      await sleep(Math.max(0, 2_000 - (Date.now() - started)));
      const elapsed = Date.now() - started;
      const good: GoodReaderReport = await reader.stop();
      clearInterval(sampler);
      const after = await child.memory();
      const rssGrowthMB = (peakRss - before.rss) / MB;
      const row: AttackRow = {
        attack: attack.name,
        seconds: Math.round(elapsed / 100) / 10,
        rssGrowthMB: Math.round(rssGrowthMB * 10) / 10,
        heapGrowthMB: Math.round(((after.heapUsed - before.heapUsed) / MB) * 10) / 10,
        outcome: result.outcome,
        ok: result.ok && (attack.maxRssGrowthMB === undefined || rssGrowthMB <= attack.maxRssGrowthMB) && good.unanswered === 0 && good.maxMs < 5_000,
        goodP99Ms: Math.round(good.p99Ms),
        goodMaxMs: Math.round(good.maxMs),
        goodUnanswered: good.unanswered,
      };
      options.log?.(`  ${JSON.stringify(row)} (peaks: heap +${((peakHeap - before.heapUsed) / MB).toFixed(1)} MB, external +${((peakExternal - before.external) / MB).toFixed(1)} MB)`);
      rows.push(row);
    } finally {
      await child.kill('SIGTERM');
    }
  }
  return rows;
}

/**
 * The rows as the Markdown table of docs/reliability.md.
 * @example
 * console.log(formatAttackTable(rows));
 */
export function formatAttackTable(rows: AttackRow[]): string {
  const lines = [
    '| attack | duration | server RSS growth (peak) | heap after (GC) | outcome | good client read p99 / max | ok |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    lines.push(`| ${r.attack} | ${r.seconds} s | +${r.rssGrowthMB} MB | ${r.heapGrowthMB >= 0 ? '+' : ''}${r.heapGrowthMB} MB | ${r.outcome} | ${r.goodP99Ms} / ${r.goodMaxMs} ms${r.goodUnanswered ? `, ${r.goodUnanswered} unanswered` : ''} | ${r.ok ? 'yes' : '**no**'} |`);
  }
  return lines.join('\n');
}
