/**
 * Real Chromium for the browser figures: Debian's /usr/bin/chromium driven by playwright-core
 * (never Playwright's browser download), plus a tiny static server for the page bundles.
 *
 * @example
 * const browser = await launchBrowser();
 * const page = await browser.newPage(`http://127.0.0.1:${site.port}/fanin.html`);
 * await browser.close();
 */
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/chromium-flags.mjs';

export { CHROMIUM_PATH } from '../../scripts/chromium-flags.mjs';

const ARGS = [
  ...CHROMIUM_ARGS,
  // Background pages must not be throttled: two call pages run side by side.
  '--disable-background-timer-throttling', '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows',
];

/**
 * Launch Chromium with a fresh profile; `close()` removes it.
 * @example const browser = await launchBrowser(); await browser.close();
 */
export async function launchBrowser() {
  const profile = await mkdtemp(path.join(os.tmpdir(), 'askless-bench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ARGS,
  });
  return {
    context,
    async newPage(url) {
      const page = await context.newPage();
      page.on('pageerror', (error) => console.error(`  [page error] ${error.message}`));
      await page.goto(url);
      return page;
    },
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Serve `files` (URL path → absolute file path) on 127.0.0.1:0.
 * @example const site = await serveFiles({ '/page.js': '/tmp/page.js' }, { '/index.html': '<script ...>' });
 */
export async function serveFiles(files, inline = {}) {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    try {
      if (url.pathname in inline) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(inline[url.pathname]);
      } else if (url.pathname in files) {
        res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
        res.end(await readFile(files[url.pathname]));
      } else {
        res.writeHead(404).end();
      }
    } catch (error) {
      res.writeHead(500).end(String(error));
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * A minimal HTML page loading one module script (with an empty favicon, or Chromium logs a 404).
 * @example htmlPage('/fanin.js');
 */
export function htmlPage(script) {
  return `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"></head>` +
    `<body><div id="root"></div><script type="module" src="${script}"></script></body></html>`;
}
