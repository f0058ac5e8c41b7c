/**
 * Figure 3: fan-in. 1,000 mounted `useReadStream` hooks on one key under one provider must put
 * exactly one LISTEN on the wire (counted by the server's `tap`), and re-rendering all 1,000
 * after one push should take ≤ 16 ms (push frame arrival → the 1,000th commit), in jsdom and in
 * Chromium. Same-run reference: the same 1,000 components on a bare `useSyncExternalStore` store.
 *
 * @example const rows = await run({ quick: true, log: console.log, sources: buildNodeSources });
 */
import { startWorker } from '../lib/child.mjs';
import { htmlPage, launchBrowser, serveFiles } from '../lib/chromium.mjs';
import { row } from '../lib/report.mjs';
import { buildNodeEntry, buildPage } from '../lib/sources.mjs';
import { median, spread } from '../lib/stats.mjs';
import { withTimeout } from '../lib/wait.mjs';

const N = 1_000;

/**
 * Run the jsdom and Chromium variants; rows for LISTEN count and re-render time.
 * @example await run({ quick: false, log: console.log, sources });
 */
export async function run({ quick, log, sources }) {
  const warmup = quick ? 2 : 5;
  const rounds = quick ? 5 : 20;
  const { server: serverModule } = await sources();
  const rows = [];

  const jsdomApp = await buildNodeEntry('bench/pages/fanin-app.tsx');
  const jsdom = await startWorker('fanin-jsdom.mjs', { env: { APP_MODULE: jsdomApp, NODE_ENV: 'production' } });
  try {
    const driver = {
      mount: (url) => jsdom.request({ type: 'mount', url, n: N }, 'mounted', 60_000),
      arm: (seq) => jsdom.request({ type: 'arm', seq }, 'armed'),
      result: (seq) => jsdom.request({ type: 'result', seq }, 'result', 30_000),
      mountBaseline: () => jsdom.request({ type: 'mountBaseline', n: N }, 'mountedBaseline', 60_000),
      pokeBaseline: (seq) => jsdom.request({ type: 'pokeBaseline', seq }, 'poked', 30_000),
      unmount: () => jsdom.request({ type: 'unmount' }, 'unmounted'),
    };
    rows.push(...(await measure('jsdom', driver, { serverModule, warmup, rounds, log })));
  } finally {
    await jsdom.stop();
  }

  const script = await buildPage('bench/pages/fanin-page.tsx');
  const site = await serveFiles({ '/fanin.js': script }, { '/': htmlPage('/fanin.js') });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage(`http://127.0.0.1:${site.port}/`);
    await page.waitForFunction(() => typeof window.__fanin === 'object', undefined, { timeout: 30_000 });
    const driver = {
      mount: (url) => withTimeout(page.evaluate(([u, n]) => window.__fanin.mount(u, n), [url, N]), 60_000, 'mount'),
      arm: (seq) => page.evaluate((s) => window.__fanin.arm(s), seq),
      result: (seq) => withTimeout(page.evaluate((s) => window.__fanin.result(s), seq), 30_000, `render of push ${seq}`),
      mountBaseline: () => withTimeout(page.evaluate((n) => window.__fanin.mountBaseline(n), N), 60_000, 'baseline mount'),
      pokeBaseline: (seq) => withTimeout(page.evaluate((s) => window.__fanin.pokeBaseline(s), seq), 30_000, 'baseline render'),
      unmount: () => page.evaluate(() => window.__fanin.unmount()),
    };
    rows.push(...(await measure('Chromium', driver, { serverModule, warmup, rounds, log })));
  } finally {
    await browser.close();
    await site.close();
  }
  return rows;
}

async function measure(env, driver, { serverModule, warmup, rounds, log }) {
  const server = await startWorker('askless-server.mjs', { env: { SERVER_MODULE: serverModule, TAP: '1' } });
  try {
    await driver.mount(`ws://127.0.0.1:${server.ready.port}`);
    const afterMount = await server.request({ type: 'stats' }, 'stats');
    const times = [];
    const cpus = [];
    for (let k = 1; k <= warmup + rounds; k += 1) {
      await driver.arm(k);
      server.send({ type: 'push', value: { seq: k } });
      const { renderMs, rendered, cpuMs } = await driver.result(k);
      if (rendered !== N) throw new Error(`${env}: push ${k} reached ${rendered}/${N} components`);
      if (k > warmup) {
        times.push(renderMs);
        if (cpuMs !== undefined) cpus.push(cpuMs);
      }
    }
    const afterPushes = await server.request({ type: 'stats' }, 'stats');
    const listens = afterPushes.listens['bench/value'] ?? 0;
    log(`${env}: LISTEN frames for bench/value after mounting ${N} hooks: ${afterMount.listens['bench/value'] ?? 0}, after ${warmup + rounds} pushes: ${listens}`);
    await driver.unmount();

    await driver.mountBaseline();
    const base = [];
    for (let k = 1; k <= warmup + rounds; k += 1) {
      const { renderMs, rendered } = await driver.pokeBaseline(k);
      if (rendered !== N) throw new Error(`${env} baseline: ${rendered}/${N} rendered`);
      if (k > warmup) base.push(renderMs);
    }
    await driver.unmount();
    log(`${env}: re-render ${times.map((t) => t.toFixed(1)).join(', ')} ms; bare store ${base.map((t) => t.toFixed(1)).join(', ')} ms`);
    return [
      row({ figure: 3, metric: `fan-in ${env}: LISTENs for ${N} hooks`, unit: '', value: listens, target: { equals: 1 },
        note: 'counted on the wire by the server tap' }),
      // The bare store is shown as a reference only; the target is absolute.
      { ...row({ figure: 3, metric: `fan-in ${env}: re-render ${N} after 1 push`, unit: 'ms', value: median(times),
        baseline: median(base), target: { max: 16 }, spread: spread(times, 1), baselineSpread: spread(base, 1),
        note: `median of ${times.length}; baseline = bare useSyncExternalStore, same ${N} components` +
          (cpus.length > 0 ? `; CPU time ${median(cpus).toFixed(1)} ms (median)` : '') }) },
    ];
  } finally {
    await server.stop();
  }
}
