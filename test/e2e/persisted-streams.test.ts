/**
 * Persisted streams in real Chromium with real IndexedDB: after a reload the stored value
 * renders (marked stale) while the socket is still closed; once it opens the live value
 * replaces it; logging out deletes what was stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startReferenceServer, type ReferenceServer } from '../support/reference-app.js';
import { launchChromium, type LaunchedChromium } from './support/chromium.js';
import { serveTestPage, type ServedTestPage } from './support/testPage.js';

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

const products = (page: Page) => page.getByTestId('products');

describe('persisted streams in Chromium', () => {
  it('a reload renders the stored value before the socket opens; logout deletes it', async () => {
    const page = await browser.newPage();
    const base = `${served.url}?server=${encodeURIComponent(app.url)}&token=token-5`;
    await page.goto(base);
    await expect.poll(() => products(page).getAttribute('data-status')).toBe('live');
    await expect.poll(() => page.evaluate(() => window.__dev.storedCount())).toBeGreaterThan(0);

    // Reload with the socket held closed: the stored value shows at once, stale.
    await page.goto(`${base}&gate=1`);
    await expect.poll(() => products(page).getAttribute('data-stale')).toBe('true');
    expect(await products(page).textContent()).toBe('Video Game,Notebook');
    expect(await page.evaluate(() => window.__dev.socketOpened)).toBe(false);
    expect(await products(page).getAttribute('data-status')).toBe('pending');

    // The socket opens: the live value replaces it.
    app.state.products.push({ id: 77, name: 'Live', price: 1 });
    await page.evaluate(() => window.__dev.openSocket());
    await expect.poll(() => products(page).getAttribute('data-status')).toBe('live');
    expect(await products(page).getAttribute('data-stale')).toBe('false');
    expect(await products(page).textContent()).toBe('Video Game,Notebook,Live');
    const events = await page.evaluate(() => window.__dev.events);
    expect(events.indexOf('render-stale')).toBeGreaterThanOrEqual(0);
    expect(events.indexOf('render-stale')).toBeLessThan(events.indexOf('socket-open'));

    // Logout deletes the user's stored values; a reload then shows nothing before the socket opens.
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByTestId('logged-out').waitFor();
    expect(await page.evaluate(() => window.__dev.storedCount())).toBe(0);
    await page.goto(`${base.replace('&token=token-5', '')}&gate=1`);
    await page.evaluate(() => window.__dev.openSocket());
    await expect.poll(() => products(page).getAttribute('data-status')).toBe('live');
    expect(await page.evaluate(() => window.__dev.events.includes('render-stale'))).toBe(false);
    expect(browser.errors).toEqual([]);
    app.state.products.pop();
    await page.close();
  });
});
