/**
 * Bundles a small test page with Vite (production build, React plugin) and serves the output
 * from a static HTTP server on 127.0.0.1, port chosen by the OS.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import react from '@vitejs/plugin-react';
import { build } from 'vite';

/** Options of {@link serveTestPage}. */
export interface ServeTestPageOptions {
  /** Folder holding `index.html` (which loads its entry module). */
  root: string;
}

/** A served page bundle. */
export interface ServedTestPage {
  /** `http://127.0.0.1:<port>/` (a secure context, so getUserMedia works). */
  readonly url: string;
  /** Stops the server and deletes the bundle. */
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
};

/**
 * Builds `root/index.html` with Vite and serves it.
 * @example
 * const page = await serveTestPage({ root: new URL('./call-page', import.meta.url).pathname });
 * await browserPage.goto(`${page.url}?user=1`);
 * await page.close();
 */
export async function serveTestPage(options: ServeTestPageOptions): Promise<ServedTestPage> {
  const outDir = await mkdtemp(join(tmpdir(), 'askless-page-'));
  await build({
    root: options.root,
    configFile: false,
    logLevel: 'error',
    plugins: [react()],
    build: { outDir, emptyOutDir: true, sourcemap: false, minify: false, target: 'es2022' },
  });
  const server = createServer((request, response) => {
    void (async () => {
      const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
      const file = resolve(outDir, normalize(`.${path === '/' ? '/index.html' : path}`));
      // Never serve outside the bundle folder.
      if (!file.startsWith(outDir + sep)) {
        response.writeHead(403).end();
        return;
      }
      try {
        if (!(await stat(file)).isFile()) throw new Error('not a file');
      } catch {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      createReadStream(file).pipe(response);
    })();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: async () => {
      await closeServer(server);
      await rm(outDir, { recursive: true, force: true });
    },
  };
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((done) => server.close(() => done()));
}
