/**
 * Launches the machine's Debian Chromium through playwright-core with fake camera/microphone,
 * for real-browser tests (calls, demo). Never runs Playwright's browser installer.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../scripts/chromium-flags.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../scripts/chromium-flags.mjs';

/** Options of {@link launchChromium}. */
export interface LaunchChromiumOptions {
  /** Extra Chromium flags appended to {@link CHROMIUM_ARGS}. */
  args?: string[];
  /** Collect page console errors and uncaught exceptions into `errors`. Default `true`. */
  collectErrors?: boolean;
}

/** A running Chromium: one persistent context in a fresh profile. */
export interface LaunchedChromium {
  readonly context: BrowserContext;
  /** Console errors and uncaught page exceptions seen so far, prefixed with the page index. */
  readonly errors: string[];
  newPage(): Promise<Page>;
  /** Closes the browser and deletes its profile; safe to call twice. */
  close(): Promise<void>;
}

/**
 * Starts Chromium with a throwaway profile and fake media devices.
 * @example
 * const browser = await launchChromium();
 * const page = await browser.newPage();
 * await page.goto(url);
 * await browser.close();
 */
export async function launchChromium(options: LaunchChromiumOptions = {}): Promise<LaunchedChromium> {
  // Playwright rejects --user-data-dir in args: a persistent context takes the dir instead.
  const profile = await mkdtemp(join(tmpdir(), 'askless-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
  });
  const errors: string[] = [];
  let pages = 0;
  let closed = false;
  return {
    context,
    errors,
    async newPage() {
      const index = ++pages;
      const page = await context.newPage();
      if (options.collectErrors !== false) {
        page.on('console', (message) => {
          if (message.type() === 'error') errors.push(`[page ${index}] ${message.text()}`);
        });
        page.on('pageerror', (error) => errors.push(`[page ${index}] ${error.message}`));
      }
      return page;
    },
    async close() {
      if (closed) return;
      closed = true;
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
