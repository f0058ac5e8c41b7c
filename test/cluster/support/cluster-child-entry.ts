/**
 * Entry of one cluster-app process in a child (bundled by child-server.ts): options come in
 * RELIABILITY_CHILD_OPTIONS; server warnings go to stdout (the test reads what the logs say);
 * `stats` answers the listener and connection counts.
 */
import { startClusterApp, type ClusterAppOptions } from './cluster-app.js';

const options = JSON.parse(process.env.RELIABILITY_CHILD_OPTIONS ?? '{}') as ClusterAppOptions & { debugLogs?: boolean };
const app = await startClusterApp({
  ...options,
  init: {
    ...options.init,
    debugLogs: options.debugLogs === true,
    logger: (level, message, meta) => console.log(`[${level}]${meta?.connectionId ? ` ${meta.connectionId}` : ''} ${message}`),
  },
});

process.on('message', (msg: { cmd?: string; ref?: number }) => {
  if (msg.cmd === 'stats') {
    process.send?.({ ref: msg.ref, result: { connectionCount: app.server.connectionCount, listeners: app.server.listenerCount() } });
  }
});
// The parent going away (test crash) must not leave a server running.
process.on('disconnect', () => process.exit(0));
process.send?.({ type: 'ready', port: app.port });
