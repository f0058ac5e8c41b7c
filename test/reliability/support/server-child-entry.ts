/**
 * Entry of the child-process server (bundled by child-server.ts): starts the reference app with
 * the options passed in RELIABILITY_CHILD_OPTIONS, reports its port over IPC, and answers
 * `memory` (after forced GCs) and `stats` requests from the test process.
 */
import { startReferenceServer } from '../../support/reference-app.js';

interface ChildOptions {
  port?: number;
  init?: Record<string, unknown>;
}

const options = JSON.parse(process.env.RELIABILITY_CHILD_OPTIONS ?? '{}') as ChildOptions;
const gc = (globalThis as { gc?: () => void }).gc;
const writes: Record<string, number> = {};

const ref = await startReferenceServer({
  ...options.init,
  port: options.port ?? 0,
  tap: (event: { direction: string; frame: unknown }) => {
    const frame = event.frame as Record<string, unknown> | null;
    if (event.direction === 'in' && frame && typeof frame === 'object' && frame._class_type_modify !== undefined) {
      const key = `${String(frame.requestType)} ${String(frame.route)}`;
      writes[key] = (writes[key] ?? 0) + 1;
    }
  },
});

process.on('message', (msg: { cmd?: string; ref?: number }) => {
  if (msg.cmd === 'memory') {
    // Several passes: one major GC can leave weak/finalizable garbage for the next.
    for (let i = 0; i < 4; i++) gc?.();
    const { heapUsed, rss, external } = process.memoryUsage();
    process.send?.({ ref: msg.ref, result: { heapUsed, rss, external } });
  } else if (msg.cmd === 'stats') {
    process.send?.({ ref: msg.ref, result: { connectionCount: ref.server.connectionCount, writes } });
  }
});
// The parent going away (test crash) must not leave a server running.
process.on('disconnect', () => process.exit(0));
process.send?.({ type: 'ready', port: ref.port });
