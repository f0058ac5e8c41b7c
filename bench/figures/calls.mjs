/**
 * Figure 5: call setup, `requestCallToUser` → first remote video frame on the caller, two
 * Chromium pages (fake camera) through our server, beside bare simple-peer over a bare `ws`
 * relay in the same two pages with the same peer options. Cameras are opened before timing.
 *
 * @example const rows = await run({ quick: true, log: console.log, sources: buildNodeSources });
 */
import { startWorker } from '../lib/child.mjs';
import { htmlPage, launchBrowser, serveFiles } from '../lib/chromium.mjs';
import { row } from '../lib/report.mjs';
import { buildPage } from '../lib/sources.mjs';
import { median, spread } from '../lib/stats.mjs';
import { withTimeout } from '../lib/wait.mjs';

const CALLER = 1;
const CALLEE = 2;

/**
 * Place alternating askless/bare calls between two pages; one row.
 * @example await run({ quick: false, log: console.log, sources });
 */
export async function run({ quick, log, sources }) {
  const rounds = quick ? 2 : 6;
  const { server: serverModule } = await sources();
  const server = await startWorker('askless-server.mjs', { env: { SERVER_MODULE: serverModule } });
  const relay = await startWorker('bare-relay.mjs');
  const script = await buildPage('bench/pages/call-page.ts');
  const site = await serveFiles({ '/call.js': script }, { '/': htmlPage('/call.js') });
  const browser = await launchBrowser();
  try {
    const url = (me, peer) => `http://127.0.0.1:${site.port}/?me=${me}&peer=${peer}` +
      `&server=${encodeURIComponent(`ws://127.0.0.1:${server.ready.port}`)}&relay=${encodeURIComponent(`ws://127.0.0.1:${relay.ready.port}`)}`;
    const caller = await browser.newPage(url(CALLER, CALLEE));
    const callee = await browser.newPage(url(CALLEE, CALLER));
    for (const page of [caller, callee]) {
      await page.waitForFunction(() => typeof window.__call === 'object', undefined, { timeout: 30_000 });
      await withTimeout(page.evaluate(() => Promise.all(Object.values(window.__call).map((c) => c.ready))), 30_000, 'pages ready');
    }
    // Only the foreground tab renders at full rate (a background tab's video frame callbacks are
    // throttled to about 1 Hz), and the caller is the page that times the first frame.
    await caller.bringToFront();
    const once = async (mode) => {
      const ms = await withTimeout(caller.evaluate((m) => window.__call[m].call(), mode), 30_000, `${mode} call`);
      await withTimeout(caller.evaluate((m) => window.__call[m].hangUp(), mode), 10_000, `${mode} hang-up`);
      await withTimeout(callee.evaluate((m) => window.__call[m].settled(), mode), 10_000, `${mode} callee idle`);
      return ms;
    };
    const modes = ['askless', 'bare', 'bareTrickle'];
    for (const mode of modes) await once(mode); // warm-up: loads simple-peer, first ICE/codec setup
    const times = { askless: [], bare: [], bareTrickle: [] };
    for (let r = 0; r < rounds; r += 1) {
      // Rotate the order so no stack always runs first.
      for (let k = 0; k < modes.length; k += 1) {
        const mode = modes[(r + k) % modes.length];
        times[mode].push(await once(mode));
      }
    }
    const answered = await callee.evaluate(() => Object.fromEntries(Object.entries(window.__call).map(([k, c]) => [k, c.answered()])));
    for (const mode of modes) log(`${mode}: ${times[mode].map((t) => t.toFixed(0)).join(', ')} ms (callee answered ${answered[mode]})`);
    return [
      row({ figure: 5, metric: 'call setup → first remote video frame', unit: 'ms', value: median(times.askless),
        baseline: median(times.bare), target: { maxRatio: 1.2 }, spread: spread(times.askless, 0), baselineSpread: spread(times.bare, 0),
        note: `median of ${rounds} rotated calls each (+1 warm-up); baseline uses our peer options (trickle:false, no ICE servers)` }),
      row({ figure: 5, metric: 'call setup vs simple-peer defaults (trickle ICE)', unit: 'ms', value: median(times.askless),
        baseline: median(times.bareTrickle), spread: spread(times.askless, 0), baselineSpread: spread(times.bareTrickle, 0),
        note: 'reference only: Askless signaling sends ICE candidates in one batch (§8), so trickle is not an option on the wire' }),
    ];
  } finally {
    await browser.close();
    await site.close();
    await relay.stop();
    await server.stop();
  }
}
