/**
 * The core in a real browser (Debian Chromium): the browser's own WebSocket, no `ws`, no Node
 * built-ins, against the project's real server. Vite serves the TypeScript sources as modules.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'vite';
import type { ViteDevServer } from 'vite';
import { launchChromium } from '../e2e/support/chromium.js';
import type { LaunchedChromium } from '../e2e/support/chromium.js';
import { startReferenceServer } from '../support/reference-app.js';
import type { ReferenceServer } from '../support/reference-app.js';

let app: ReferenceServer;
let vite: ViteDevServer;
let browser: LaunchedChromium;
let origin: string;

beforeAll(async () => {
  app = await startReferenceServer();
  vite = await createServer({
    configFile: false,
    root: new URL('../..', import.meta.url).pathname,
    logLevel: 'silent',
    server: { host: '127.0.0.1', port: 0, hmr: false, watch: null },
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  await vite.listen();
  origin = (vite.resolvedUrls?.local[0] ?? '').replace(/\/$/, '');
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await vite?.close();
  await app?.stop();
});

describe('askless-react/core in Chromium', () => {
  it('connects with the browser WebSocket, logs in, reads, writes and streams', async () => {
    const page = await browser.newPage();
    // Served by Vite, not faked: Chromium's local-network checks block sockets from a fulfilled page.
    await page.goto(`${origin}/test/integration/support/blank.html`);
    // A string, so Vitest's transform of `import()` never touches the code run in the page.
    const result = (await page.evaluate(`(async (serverUrl) => {
      const core = await import('/src/core/index.ts');
      const client = new core.AsklessClient({ serverUrl });
      client.start();
      const login = await client.authenticate({ credential: { accessToken: 'token-4' } });
      const read = await client.read({ route: 'products' });
      const values = [];
      for await (const v of client.readStream({ route: 'counter' })) {
        values.push(v.value);
        if (values.length === 2) break;
      }
      const created = await client.create({ route: 'product', body: { name: 'From Chromium', price: 1 } });
      client.close();
      return { userId: login.userId, names: read.output.map((p) => p.name), values, created: created.output.name, status: client.connection.status };
    })(${JSON.stringify(app.url)})`)) as { userId: number; names: string[]; values: number[]; created: string; status: string };
    expect(result).toMatchObject({ userId: 4, names: ['Video Game', 'Notebook'], created: 'From Chromium', status: 'disconnected' });
    expect(result.values[1]).toBeGreaterThan(result.values[0] as number);
    expect(app.state.products.some((p) => p.name === 'From Chromium')).toBe(true);
    expect(browser.errors).toEqual([]);
  });
});
