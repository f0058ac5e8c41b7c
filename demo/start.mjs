#!/usr/bin/env node
/**
 * `npm start`: runs the demo server (an AsklessServer app, TypeScript loaded through Vite's SSR
 * module loader, so nothing needs compiling first) and the demo web app (Vite dev server), both
 * on 127.0.0.1, prints the URL, and stops both on Ctrl-C or SIGTERM.
 *
 * Environment: PORT (web app, default 5173), ASKLESS_PORT (Askless server, default 3000); 0 picks
 * a free port. DEMO_HOST (default 127.0.0.1). DEMO_WATCH=0 turns off file watching and hot reload.
 * ASKLESS_SERVER_URLS (comma-separated ws:// URLs, set by `npm run start:cluster`): use these
 * already running Askless servers instead of starting one.
 * The first stdout line starting with "Demo: " carries the app URL (the e2e test reads it).
 */
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { createServer } from 'vite';
import react from '@vitejs/plugin-react';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..');
// DEMO_HOST, not HOST: some shells export HOST as the machine's name.
const host = process.env.DEMO_HOST || '127.0.0.1';
const appPort = parsePort(process.env.PORT, 5173);
const asklessPort = parsePort(process.env.ASKLESS_PORT, 3000);

function parsePort(value, fallback) {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    console.error(`Invalid port "${value}": expected an integer from 0 to 65535.`);
    process.exit(2);
  }
  return n;
}

let demoServer;
let vite;
let stopping = false;
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  // Both are closed even if one fails; a second Ctrl-C exits at once.
  await Promise.allSettled([demoServer?.close(), vite?.close()]);
  process.exit(code);
}

let asklessUrl = '';

try {
  vite = await createServer({
    configFile: false,
    root: path.join(here, 'app'),
    logLevel: 'warn',
    clearScreen: false,
    // Its own pre-bundle cache: other Vite servers of this repo (tests, Storybook) share
    // node_modules/.vite and could otherwise invalidate each other's bundles mid-run.
    cacheDir: path.join(repo, 'node_modules/.vite/askless-demo'),
    plugins: [
      react(),
      {
        // The app learns the Askless server's URL from the page, so ports can be chosen at start.
        name: 'askless-demo-server-url',
        transformIndexHtml: (html) => html.replace('%ASKLESS_URL%', asklessUrl),
      },
    ],
    optimizeDeps: { include: ['simple-peer/simplepeer.min.js', 'react', 'react-dom/client', 'zustand', '@tanstack/react-query'] },
    server: {
      host,
      port: appPort,
      strictPort: appPort !== 0,
      fs: { allow: [repo] },
      // Transform the app at start-up so every dependency is found (and pre-bundled) before the
      // first page load; a late discovery would reload the page under the user's feet.
      warmup: { clientFiles: ['./main.tsx'] },
      // DEMO_WATCH=0 (tests, screenshots): no file watching and no hot reload, so an edit
      // elsewhere in the repository never remounts the app in the middle of a run.
      ...(process.env.DEMO_WATCH === '0' ? { watch: null, hmr: false } : {}),
    },
  });

  if (process.env.ASKLESS_SERVER_URLS) {
    asklessUrl = process.env.ASKLESS_SERVER_URLS;
  } else {
    const { startDemoServer } = await vite.ssrLoadModule(path.join(here, 'server/demoServer.ts'));
    demoServer = await startDemoServer({ host, port: asklessPort, debugLogs: process.env.DEBUG_ASKLESS === '1' });
    asklessUrl = demoServer.url;
  }

  await vite.listen();
  const address = vite.httpServer?.address();
  const port = typeof address === 'object' && address ? address.port : appPort;
  const url = `http://${host}:${port}/`;
  console.log(`Demo: ${url}`);
  console.log(`Askless server: ${asklessUrl}`);
  console.log('Open the demo in two tabs, sign in as two different users, message and call. Ctrl-C stops.');
} catch (error) {
  console.error('The demo failed to start:', error instanceof Error ? error.message : error);
  if (error && typeof error === 'object' && 'code' in error && error.code === 'EADDRINUSE') {
    console.error('A port is taken: choose others, e.g. PORT=5174 ASKLESS_PORT=3001 npm start (0 picks a free one).');
  }
  await stop(1);
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (stopping) process.exit(130);
    void stop(0);
  });
}
