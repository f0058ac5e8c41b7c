/**
 * One server process of `npm run start:cluster` (forked three times by demo/start-cluster.mjs):
 * the demo server with `cluster: { redisUrl }`, reporting its URL to the parent over IPC.
 * Env: REDIS_URL, ASKLESS_PORT (0: any free port), DEMO_HOST, DEBUG_ASKLESS=1.
 */
import { startDemoServer } from './demoServer.js';

const demo = await startDemoServer({
  host: process.env.DEMO_HOST || '127.0.0.1',
  port: Number(process.env.ASKLESS_PORT ?? 0),
  debugLogs: process.env.DEBUG_ASKLESS === '1',
  cluster: { redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' },
});
const stop = async (): Promise<void> => {
  await demo.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
// The parent going away must not leave a server running.
process.on('disconnect', () => void stop());
process.send?.({ type: 'ready', url: demo.url });
