import WebSocket from 'ws';
import { expect, it } from 'vitest';
import { AsklessClient } from '../../src/core/index.js';
import type { WebSocketConstructor } from '../../src/core/index.js';
import { startReferenceServer } from '../support/reference-app.js';

it('probe', async () => {
  const app = await startReferenceServer();
  const client = new AsklessClient<number>({ serverUrl: app.url, WebSocket: WebSocket as unknown as WebSocketConstructor, debugLogs: true });
  client.start();
  const r = await client.read({ route: 'products' });
  console.log(JSON.stringify(r));
  const a = await client.authenticate({ credential: { accessToken: 'token-1' } });
  console.log(JSON.stringify(a));
  const values: unknown[] = [];
  const off = client.readStream({ route: 'counter' }).subscribe((v) => values.push(v));
  await expect.poll(() => values.length).toBeGreaterThan(2);
  off();
  client.close();
  await app.stop();
});
