/**
 * Three real Chromium pages (fake camera and microphone) join one group call through the
 * project's server: each renders a grid of three tiles with moving remote video; one shares its
 * screen (Chromium's fake capture) and takes the focus on the other pages; the view passes axe.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerGroupCallRoutes } from '../../src/server/group-calls/index.js';
import { startReferenceServer, type ReferenceServer } from '../support/reference-app.js';
import { launchChromium, type LaunchedChromium } from './support/chromium.js';
import { serveTestPage, type ServedTestPage } from './support/testPage.js';

let app: ReferenceServer;
let page: ServedTestPage;
let browser: LaunchedChromium;
let tabs: Page[] = [];
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

beforeAll(async () => {
  [app, page, browser] = await Promise.all([
    startReferenceServer({ beforeStart: (server) => void registerGroupCallRoutes(server) }),
    serveTestPage({ root: fileURLToPath(new URL('./support/group-call-page', import.meta.url)) }),
    launchChromium(),
  ]);
  tabs = await Promise.all([401, 402, 403].map(async (user) => {
    const tab = await browser.newPage();
    await tab.goto(`${page.url}?server=${encodeURIComponent(app.url)}&token=token-${user}&room=e2e-room`);
    return tab;
  }));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await page?.close();
  await app?.stop();
});

/** Every remote tile of the page has decoded video. */
const remoteVideosPlaying = (tab: Page, count: number) =>
  tab.waitForFunction((n) => {
    const videos = [...document.querySelectorAll<HTMLVideoElement>('[data-connection="connected"] video')];
    return videos.length === n && videos.every((v) => v.videoWidth > 0 && v.currentTime > 0);
  }, count, { timeout: 20_000 });

describe('group call in Chromium (three pages, real server)', () => {
  it('renders a grid of three with remote video on every page, then a screen share takes the focus', async () => {
    try {
      await Promise.all(tabs.map((tab) => remoteVideosPlaying(tab, 2)));
    } catch (error) {
      throw new Error(`${String(error)}\npage errors:\n${browser.errors.join('\n')}`);
    }
    for (const tab of tabs) {
      const region = tab.getByRole('region', { name: 'Group call' });
      expect(await region.getAttribute('data-state')).toBe('joined');
      expect(await region.getAttribute('data-layout')).toBe('grid');
      expect(await tab.getByRole('listitem').count()).toBe(3);
    }

    await tabs[2]!.getByRole('button', { name: 'Share screen' }).click();
    // getDisplayMedia resolves asynchronously: wait for the toggle to report it.
    await expect.poll(() => tabs[2]!.getByRole('button', { name: 'Share screen' }).getAttribute('aria-pressed'), { timeout: 10_000 }).toBe('true');
    for (const tab of tabs.slice(0, 2)) {
      await tab.waitForFunction(() => {
        const focus = document.querySelector('[data-part="focus"] video') as HTMLVideoElement | null;
        return document.querySelector('section[data-layout="focus"]') !== null && !!focus && focus.videoWidth > 0;
      }, undefined, { timeout: 20_000 });
      expect(await tab.locator('[data-part="focus"] [aria-label="Carol"]').count()).toBe(1);
    }

    await tabs[0]!.addScriptTag({ content: axeSource });
    const violations = await tabs[0]!.evaluate(async () => {
      const result = await (window as unknown as { axe: { run(node: Element): Promise<{ violations: Array<{ id: string; impact: string | null }> }> } }).axe.run(document.body);
      return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
    });
    expect(violations).toEqual([]);

    // Keyboard only: leave with Tab + Enter from the toolbar.
    await tabs[1]!.getByRole('button', { name: 'Leave' }).focus();
    await tabs[1]!.keyboard.press('Enter');
    await tabs[0]!.waitForFunction(() => document.querySelectorAll('[role="listitem"]').length === 2, undefined, { timeout: 5000 });
  }, 80_000);
});
