/**
 * `<AsklessDevtools />` in real Chromium against the real server: opened with the keyboard, it
 * lists the page's streams, shows a push as it arrives, never shows a credential (the login
 * happens while it watches the frames), passes axe, and Escape closes it.
 */
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../support/reference-app.js';
import { launchChromium, type LaunchedChromium } from './support/chromium.js';
import { serveTestPage, type ServedTestPage } from './support/testPage.js';

const require = createRequire(import.meta.url);
const SECRET = 'token-6';
let app: ReferenceServer;
let served: ServedTestPage;
let browser: LaunchedChromium;

beforeAll(async () => {
  app = await startReferenceServer();
  served = await serveTestPage({ root: new URL('./support/dev-page', import.meta.url).pathname });
  browser = await launchChromium();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await served?.close();
  await app?.stop();
});

describe('AsklessDevtools in Chromium', () => {
  it('opens from the keyboard, lists streams, shows a push, never shows a credential, passes axe', async () => {
    const page = await browser.newPage();
    await page.setViewportSize({ width: 390, height: 800 });
    await page.goto(`${served.url}?server=${encodeURIComponent(app.url)}&devtools=1&loginToken=${SECRET}`);
    await expect.poll(() => page.getByTestId('products').getAttribute('data-status')).toBe('live');

    const toggle = page.getByRole('button', { name: 'Open Askless devtools' });
    await toggle.focus();
    await page.keyboard.press('Enter');
    const panel = page.getByRole('region', { name: 'Askless devtools' });
    await panel.waitFor();
    await expect.poll(() => panel.getByTestId('askless-devtools-status').getAttribute('data-state')).toBe('connected');

    // Streams listed: the page's persisted products stream, one subscriber, live.
    const row = panel.locator('tr[data-route="products"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('live');
    expect(await row.getByTestId('askless-devtools-pushes').textContent()).toBe('0');

    // A push appears: count and last value update.
    app.state.products.push({ id: 61, name: 'Pushed lamp', price: 2 });
    await app.routes.products.notifyChanges();
    await expect.poll(() => row.getByTestId('askless-devtools-pushes').textContent()).toBe('1');
    await expect.poll(() => row.getByTestId('askless-devtools-last-value').textContent()).toContain('Pushed lamp');
    expect(await panel.getByTestId('askless-devtools-frames').textContent()).toMatch(/received push LIS-/);

    // A login while the devtools watch the frames: its credential is redacted, never shown.
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => panel.getByTestId('askless-devtools-frames').textContent()).toContain('AUTHENTICATE');
    await expect.poll(() => panel.getByTestId('askless-devtools-status').textContent()).toContain('User: 6');
    const authenticate = panel.locator('li').filter({ has: page.locator('summary', { hasText: /sent AUTHENTICATE$/ }) });
    await authenticate.locator('summary').click();
    expect(await authenticate.locator('pre').textContent()).toContain('"credential":"[redacted]"');
    expect(await page.content()).not.toContain(SECRET);
    expect(await page.evaluate(() => document.body.innerText)).not.toContain(SECRET);

    // Accessible: axe finds no violation in the open panel.
    await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(el: Element): Promise<{ violations: Array<{ id: string; nodes: unknown[] }> }> } }).axe;
      const result = await axe.run(document.querySelector('[data-askless-devtools]')!);
      return result.violations.map((v) => `${v.id} (${v.nodes.length})`);
    });
    expect(violations).toEqual([]);

    // Escape closes it and gives the focus back to the toggle.
    await panel.getByRole('button', { name: 'Close Askless devtools' }).focus();
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Open Askless devtools');
    expect(browser.errors).toEqual([]);
    app.state.products.pop();
    await page.close();
  });
});
