/**
 * The demo end to end: `demo/start.mjs` (demo server + Vite app) on free ports, two real
 * Chromium pages with fake camera/microphone signed in as Alice and Bob. A message and a catalog
 * change travel between them, then a video call connects with frames flowing both ways and ends.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnDemo, type SpawnedDemo } from '../../demo/spawnDemo.mjs';
import { launchChromium, type LaunchedChromium } from './support/chromium.js';

const REMOTE_VIDEO = '[data-part="remote"] video';

let demo: SpawnedDemo;
let browser: LaunchedChromium;
let alice: Page;
let bob: Page;

async function signIn(name: 'Alice' | 'Bob'): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(demo.url);
  await page.getByRole('button', { name }).click();
  await page.getByText(`Signed in as ${name}`).waitFor();
  return page;
}

/** The remote tile decodes video and its playback clock keeps moving. */
async function expectRemoteFramesAdvance(page: Page): Promise<void> {
  await page.waitForFunction((selector) => {
    const video = document.querySelector<HTMLVideoElement>(selector);
    return !!video && video.videoWidth > 0 && video.currentTime > 0;
  }, REMOTE_VIDEO);
  const t0 = await page.$eval(REMOTE_VIDEO, (video: HTMLVideoElement) => video.currentTime);
  await page.waitForFunction(
    ([selector, start]) => document.querySelector<HTMLVideoElement>(selector)!.currentTime > start + 0.3,
    [REMOTE_VIDEO, t0] as const,
  );
}

beforeAll(async () => {
  [demo, browser] = await Promise.all([spawnDemo(), launchChromium()]);
  alice = await signIn('Alice');
  bob = await signIn('Bob');
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

describe('the demo in two tabs', () => {
  it('shows each user the other online', async () => {
    await alice.locator('[data-contact="bob"] [data-online="true"]').waitFor();
    await bob.locator('[data-contact="alice"] [data-online="true"]').waitFor();
    // Nobody else signed in.
    await expect(alice.locator('[data-contact="carol"] .presence').textContent()).resolves.toBe('offline');
  });

  it('delivers a message from Alice to Bob in real time', async () => {
    await bob.locator('[data-contact="alice"] .contact-main').click();
    await bob.getByText('No messages yet. Say hello!').waitFor();

    await alice.locator('[data-contact="bob"] .contact-main').click();
    await alice.getByPlaceholder('Message Bob').fill('Hello Bob, this is Alice');
    await alice.getByRole('button', { name: 'Send' }).click();

    // Bob's open conversation receives the push; nobody reloads anything.
    const received = bob.locator('.message', { hasText: 'Hello Bob, this is Alice' });
    await received.waitFor();
    await expect(received.locator('.message-author').textContent()).resolves.toBe('Alice');
    // Alice's own conversation gets the same push (it may land just after Bob's), exactly once.
    const sent = alice.locator('.message.mine', { hasText: 'Hello Bob, this is Alice' });
    await sent.waitFor();
    await expect(sent.count()).resolves.toBe(1);
  });

  it("updates Alice's catalog when Bob adds a product", async () => {
    await bob.getByLabel('New product name').fill('E2E lamp');
    await bob.getByLabel('New product price').fill('42');
    await bob.getByRole('button', { name: 'Add' }).click();
    const row = alice.locator('.catalog tr', { hasText: 'E2E lamp' });
    await row.waitFor();
    await expect(row.locator('.price').textContent()).resolves.toBe('42.00');
  });

  it('completes a video call with frames flowing both ways, then hangs up', async () => {
    await alice.getByRole('button', { name: 'Call Bob' }).click();

    const dialog = bob.getByRole('alertdialog', { name: 'Incoming call' });
    await dialog.waitFor();
    await expect(dialog.textContent()).resolves.toContain('Alice is calling');
    await dialog.getByRole('button', { name: 'Accept' }).click();

    const aliceView = alice.getByRole('region', { name: 'Call with Bob' });
    const bobView = bob.getByRole('region', { name: 'Call with Alice' });
    await alice.locator('section[data-state="connected"]').waitFor();
    await bob.locator('section[data-state="connected"]').waitFor();
    await expectRemoteFramesAdvance(alice);
    await expectRemoteFramesAdvance(bob);

    await aliceView.getByRole('button', { name: 'Hang up' }).click();
    await alice.locator('section[data-state="ended"]').waitFor();
    await bob.locator('section[data-state="ended"]').waitFor();
    await expect(aliceView.getAttribute('data-end-reason')).resolves.toBe('hangup');
    await expect(bobView.getAttribute('data-end-reason')).resolves.toBe('remote_hangup');
    // The tiles are gone, and with them every <video> of the call.
    await expect(alice.locator('video').count()).resolves.toBe(0);
    await expect(bob.locator('video').count()).resolves.toBe(0);
  });

  it("shows Bob offline to Alice once Bob's tab closes", async () => {
    await bob.close();
    await alice.locator('[data-contact="bob"] [data-online="false"]').waitFor();
    await expect(alice.getByRole('button', { name: 'Call Bob' }).isDisabled()).resolves.toBe(true);
  });

  it('logged no page errors', () => {
    expect(browser.errors).toEqual([]);
  });
});
