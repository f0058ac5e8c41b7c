/**
 * Entry of the child-process server (bundled by child-server.ts): starts the reference app with
 * the options passed in RELIABILITY_CHILD_OPTIONS, reports its port over IPC, and answers
 * `memory` (after forced GCs) and `stats` requests from the test process.
 */
import { appendFileSync } from 'node:fs';
import { startReferenceServer } from '../../support/reference-app.js';
import { addBlobRoute } from './hostile.js';

interface ChildOptions {
  port?: number;
  init?: Record<string, unknown>;
  counterIntervalMs?: number;
  /** Append the key of every `tally` write the handler runs to this file (survives SIGKILL). */
  tallyFile?: string;
  /** Delay between running a `tally` write and answering it. Default 15 ms. */
  tallyReplyDelayMs?: number;
  /** Add a `blob` read route pushing `bytes` characters every `everyMs` (limit attacks). */
  blob?: { bytes: number; everyMs: number };
}

const options = JSON.parse(process.env.RELIABILITY_CHILD_OPTIONS ?? '{}') as ChildOptions;
const gc = (globalThis as { gc?: () => void }).gc;
const writes: Record<string, number> = {};

const ref = await startReferenceServer({
  port: options.port ?? 0,
  ...(options.counterIntervalMs === undefined ? {} : { counterIntervalMs: options.counterIntervalMs }),
  beforeStart: (server) => {
    if (options.blob) addBlobRoute(server, options.blob.bytes, options.blob.everyMs);
    const file = options.tallyFile;
    if (file === undefined) return;
    server.addRoute.forAllUsers.create<{ key: string }>({
      route: 'tally',
      handleCreate: (ctx) => {
        const key = String((ctx.body as { key?: unknown } | null)?.key);
        // Synchronous on purpose: the line must be on disk before the answer can leave.
        appendFileSync(file, `${key}\n`);
        // Like a database commit followed by the reply: the write is durable a few ms before
        // the answer leaves, which is the window a crash can fall into.
        setTimeout(() => ctx.successCallback({ key }), options.tallyReplyDelayMs ?? 15);
      },
    });
  },
  init: {
    ...options.init,
    tap: (event) => {
      const frame = event.frame as Record<string, unknown> | null;
      if (event.direction === 'in' && frame && typeof frame === 'object' && frame._class_type_modify !== undefined) {
        // Only well-formed writes are tallied: fuzz frames carry arbitrary (huge) routes.
        if (typeof frame.route !== 'string' || frame.route.length > 64 || typeof frame.requestType !== 'string') return;
        const key = `${frame.requestType} ${frame.route}`;
        writes[key] = (writes[key] ?? 0) + 1;
      }
    },
  },
});

process.on('message', (msg: { cmd?: string; ref?: number }) => {
  if (msg.cmd === 'memory') {
    // Several passes: one major GC can leave weak/finalizable garbage for the next.
    for (let i = 0; i < 4; i++) gc?.();
    const { heapUsed, rss, external } = process.memoryUsage();
    process.send?.({ ref: msg.ref, result: { heapUsed, rss, external } });
  } else if (msg.cmd === 'rss') {
    // No GC: what the process holds right now (peaks during an attack).
    const { heapUsed, rss, external } = process.memoryUsage();
    process.send?.({ ref: msg.ref, result: { heapUsed, rss, external } });
  } else if (msg.cmd === 'serverStats') {
    process.send?.({ ref: msg.ref, result: ref.server.stats() });
  } else if (msg.cmd === 'stats') {
    process.send?.({ ref: msg.ref, result: { connectionCount: ref.server.connectionCount, clientRecordCount: ref.server.clientRecordCount, appStateBytes: JSON.stringify(ref.state).length, products: ref.state.products.length, writes } });
  }
});
// The parent going away (test crash) must not leave a server running.
process.on('disconnect', () => process.exit(0));
process.send?.({ type: 'ready', port: ref.port });
