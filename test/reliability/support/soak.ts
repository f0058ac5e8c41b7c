/**
 * The soak run: N real clients against the reference server (child process) for a while, each
 * doing seeded mixed traffic (reads, product writes, messages between users, streams that come
 * and go). Counts every event and checks on the fly: no stream value delivered twice (serverId),
 * no counter regression, every acknowledged message reaches its recipient's stream. Used by
 * `npm run soak` (200 clients, 5 minutes) and by soak.test.ts (a short run in CI).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { AsklessClient } from '../../../src/core/index.js';
import { startChildServer, type ChildMemory } from './child-server.js';
import { createRng } from './prng.js';
import { createTappedWebSocket } from './tapped-websocket.js';

/**
 * Options of {@link runSoak}.
 * @example
 * await runSoak({ clients: 20, seconds: 10, seed: 1, log: console.log });
 */
export interface SoakOptions {
  clients: number;
  seconds: number;
  seed: number;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
}

/**
 * What a soak run observed.
 * @example
 * const { duplicates, messagesLost } = await runSoak(options);
 */
export interface SoakReport {
  seed: number;
  clients: number;
  seconds: number;
  streamEvents: number;
  reads: number;
  writes: number;
  messagesSent: number;
  messagesLost: number;
  duplicates: number;
  regressions: number;
  errorsByCode: Record<string, number>;
  unhandledRejections: number;
  /** Client disconnections by reason (a healthy run on an idle machine has none). */
  disconnects: Record<string, number>;
  /** Event-loop delay of the client process (p99 / max, ms): high values mean a starved harness. */
  clientLoopDelayMs: { p99: number; max: number };
  server: { start: ChildMemory; end: ChildMemory; connectionCount: number };
  /** `end`: closed but still referenced clients; `released`: after dropping the references. */
  clientHeapMiB: { start: number; end: number; released: number };
}

interface Msg {
  id: number;
  to: number;
}

const mib = (n: number): number => +(n / 2 ** 20).toFixed(1);

/**
 * Run a soak and return its report; throws nothing on findings (the caller asserts).
 * @example
 * const report = await runSoak({ clients: 200, seconds: 300, seed: 1 });
 * console.log(report.duplicates, report.messagesLost);
 */
export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const { clients: n, seconds, seed } = options;
  const log = options.log ?? (() => undefined);
  const rng = createRng(seed);
  const users = Math.max(2, Math.floor(n / 2));
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  const server = await startChildServer({ counterIntervalMs: 250, init: { requestTimeoutInMs: 20_000 } });
  const report = { streamEvents: 0, reads: 0, writes: 0, messagesSent: 0, duplicates: 0, regressions: 0, errorsByCode: {} as Record<string, number> };
  const countError = (code: string | undefined): void => void (report.errorsByCode[code ?? 'none'] = (report.errorsByCode[code ?? 'none'] ?? 0) + 1);
  const sentTo = new Map<number, Set<number>>();
  const latest: { userId: number; ids: Set<number> }[] = [];
  const clients: AsklessClient<number>[] = [];
  const disconnects: Record<string, number> = {};
  const seenSets: { current: Set<string>; previous: Set<string> }[] = [];
  const rotate = setInterval(() => {
    for (const seen of seenSets) (seen.previous = seen.current), (seen.current = new Set());
  }, 60_000);
  let running = true;

  const actor = async (i: number): Promise<void> => {
    const userId = (i % users) + 1;
    const tap = createTappedWebSocket();
    const client = new AsklessClient<number>({ serverUrl: `ws://127.0.0.1:${server.port}`, WebSocket: tap.WebSocket, reconnectBaseDelayMs: 100 });
    clients.push(client);
    client.onConnectionChange((state) => {
      if (running && state.status === 'disconnected') disconnects[state.disconnectionReason ?? 'unknown'] = (disconnects[state.disconnectionReason ?? 'unknown'] ?? 0) + 1;
    }, { immediately: false });
    client.start();
    const login = await client.authenticate({ credential: { accessToken: `token-${userId}` } });
    if (!login.success) countError(login.error?.code);
    // Two generations of seen serverIds, rotated every minute: a copy can only come from the
    // server's resend window (40 s), and unbounded sets would make the harness the leak.
    const seen = { current: new Set<string>(), previous: new Set<string>() };
    seenSets.push(seen);
    const onValue = (): boolean => {
      report.streamEvents++;
      const id = tap.current()?.serverId;
      if (typeof id === 'string') {
        if (seen.current.has(id) || seen.previous.has(id)) report.duplicates++;
        seen.current.add(id);
      }
      return true;
    };
    const inbox = { userId, ids: new Set<number>() };
    latest.push(inbox);
    client.readStream<Msg[]>({ route: 'my-messages' }).subscribe((list) => {
      onValue();
      inbox.ids = new Set(list.map((m) => m.id));
    });
    let last = -1;
    let offCounter = client.readStream<{ value: number }>({ route: 'counter', params: { g: i % 4 } }).subscribe((v) => {
      onValue();
      if (v.value < last) report.regressions++;
      last = v.value;
    });
    let offProducts: (() => void) | undefined;
    while (running) {
      // Pace each actor at ~2 operations a second, jittered so they do not tick in lockstep.
      await new Promise((r) => setTimeout(r, rng.range(150, 850)));
      if (!running) break;
      const op = rng.int(10);
      if (op < 3) {
        const res = await client.read({ route: 'products', params: rng.chance(0.5) ? { nameContains: rng.pick(['a', 'o', 'soak']) } : null });
        report.reads++;
        if (!res.success) countError(res.error?.code);
      } else if (op < 5) {
        // Create then delete, so the product list (pushed whole on every change) stays small:
        // a list growing for 5 minutes would measure JSON serialisation, not the library.
        const res = await client.create<{ id: number }>({ route: 'product', body: { name: `soak-${i}`, price: rng.int(100) } });
        report.writes++;
        if (!res.success || !res.output) countError(res.error?.code);
        else {
          const removed = await client.delete({ route: 'product', params: { id: res.output.id } });
          report.writes++;
          if (!removed.success) countError(removed.error?.code);
        }
      } else if (op < 8) {
        const to = rng.int(users) + 1;
        const res = await client.create<Msg>({ route: 'message', body: { to, text: `hi from ${userId}` } });
        report.writes++;
        if (res.success && res.output) {
          report.messagesSent++;
          const set = sentTo.get(to) ?? new Set<number>();
          set.add(res.output.id);
          sentTo.set(to, set);
        } else countError(res.error?.code);
      } else if (op === 8) {
        if (offProducts) (offProducts(), (offProducts = undefined));
        else offProducts = client.readStream({ route: 'products', params: { nameContains: rng.pick(['soak', 'game']) } }).subscribe(onValue);
      } else {
        // A counter stream that goes away and comes back (a fresh LISTEN after the grace period).
        offCounter();
        last = -1;
        offCounter = client.readStream<{ value: number }>({ route: 'counter', params: { g: rng.int(4) } }).subscribe((v) => {
          onValue();
          if (v.value < last) report.regressions++;
          last = v.value;
        });
      }
    }
  };

  const gc = (globalThis as { gc?: () => void }).gc;
  const startMemory = await server.memory();
  gc?.();
  const clientStart = process.memoryUsage().heapUsed;
  const loopDelay = monitorEventLoopDelay({ resolution: 20 });
  loopDelay.enable();
  const actors = Array.from({ length: n }, (_, i) => actor(i));
  const startedAt = Date.now();
  const progress = setInterval(() => log(`[soak] ${Math.round((Date.now() - startedAt) / 1000)}s events=${report.streamEvents} reads=${report.reads} writes=${report.writes} dup=${report.duplicates}`), 10_000);
  await new Promise((r) => setTimeout(r, seconds * 1000));
  running = false;
  clearInterval(progress);
  clearInterval(rotate);
  await Promise.all(actors);
  loopDelay.disable();

  // Every acknowledged message must show up in every recipient's stream; give pushes a moment.
  const missing = (): number =>
    latest.reduce((lost, inbox) => lost + [...(sentTo.get(inbox.userId) ?? [])].filter((id) => !inbox.ids.has(id)).length, 0);
  const deadline = Date.now() + 10_000;
  while (missing() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const messagesLost = missing();

  const stats = await server.stats();
  for (const c of clients) c.close();
  const endMemory = await server.memory();
  gc?.();
  const clientEnd = process.memoryUsage().heapUsed;
  // Closed clients still referenced here keep their serverId memory (up to 20,000 ids each, by
  // design); dropping the references must return the process to its baseline.
  clients.length = 0;
  latest.length = 0;
  seenSets.length = 0;
  gc?.();
  const clientReleased = process.memoryUsage().heapUsed;
  await server.kill('SIGTERM');
  process.off('unhandledRejection', onUnhandled);
  return {
    seed,
    clients: n,
    seconds,
    ...report,
    messagesLost,
    unhandledRejections: unhandled.length,
    disconnects,
    clientLoopDelayMs: { p99: Math.round(loopDelay.percentile(99) / 1e6), max: Math.round(loopDelay.max / 1e6) },
    server: { start: startMemory, end: endMemory, connectionCount: stats.connectionCount },
    clientHeapMiB: { start: mib(clientStart), end: mib(clientEnd), released: mib(clientReleased) },
  };
}

/**
 * Human summary of a report (what `npm run soak` prints).
 * @example
 * console.log(formatSoakReport(await runSoak(options)));
 */
export function formatSoakReport(r: SoakReport): string {
  return [
    `soak: ${r.clients} clients, ${r.seconds}s, seed ${r.seed}`,
    `  stream events ${r.streamEvents}, reads ${r.reads}, writes ${r.writes}, messages ${r.messagesSent}`,
    `  duplicates ${r.duplicates}, regressions ${r.regressions}, messages lost ${r.messagesLost}, unhandled rejections ${r.unhandledRejections}`,
    `  errors ${JSON.stringify(r.errorsByCode)}, disconnects ${JSON.stringify(r.disconnects)}, client event-loop delay p99 ${r.clientLoopDelayMs.p99} ms (max ${r.clientLoopDelayMs.max} ms)`,
    `  server heap ${mib(r.server.start.heapUsed)} → ${mib(r.server.end.heapUsed)} MiB (rss ${mib(r.server.start.rss)} → ${mib(r.server.end.rss)} MiB), connections while running ${r.server.connectionCount}`,
    `  client-process heap ${r.clientHeapMiB.start} → ${r.clientHeapMiB.end} MiB with the closed clients still referenced, ${r.clientHeapMiB.released} MiB once released`,
  ].join('\n');
}
