/**
 * Launches the machine's Debian Chromium through playwright-core with fake camera/microphone,
 * for real-browser tests (calls, demo). Never runs Playwright's browser installer.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Where TOOLCHAIN.md says Chromium lives; override with `CHROMIUM_PATH`. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The flags that work on this machine (TOOLCHAIN.md), fake media included. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // getUserMedia is granted without a prompt and yields a moving test pattern with a beep.
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
];

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
