#!/usr/bin/env node
/**
 * Screenshot of the demo from real Chromium (playwright-core + Debian's /usr/bin/chromium):
 * starts the demo on free ports, signs Alice, Bob and Carol in from three pages, exchanges a few
 * messages, edits the catalog, and saves Alice's view to docs/demo-screenshot.png; then Alice
 * calls Bob and, once remote frames flow, Alice's call view goes to docs/demo-call-screenshot.png.
 *
 * Usage: node scripts/screenshot.mjs [chat.png [call.png]]
 */
import { mkdtemp, rm, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { spawnDemo } from '../demo/spawnDemo.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium-flags.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const output = path.resolve(process.argv[2] ?? path.join(repo, 'docs/demo-screenshot.png'));
const callOutput = path.resolve(process.argv[3] ?? path.join(repo, 'docs/demo-call-screenshot.png'));

const demo = await spawnDemo();
const profile = await mkdtemp(path.join(tmpdir(), 'askless-shot-'));
let context;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS],
    viewport: { width: 1280, height: 720 },
    deviceScaleFactor: 1,
  });
  const alice = await context.newPage();
  const bob = await context.newPage();
  await alice.goto(`${demo.url}?as=alice`);
  await bob.goto(`${demo.url}?as=bob`);

  // Both signed in, each sees the other online.
  await alice.locator('[data-contact="bob"] [data-online="true"]').waitFor();
  await bob.locator('[data-contact="alice"] [data-online="true"]').waitFor();

  const say = async (page, to, text) => {
    await page.locator(`[data-contact="${to}"] .contact-main`).click();
    await page.getByPlaceholder(/^Message /).fill(text);
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('.message-text', { hasText: text }).waitFor();
  };
  await say(alice, 'bob', 'Hi Bob! Did you see the new catalog?');
  await say(bob, 'alice', 'Yes, I just added a lamp to it.');
  await bob.getByLabel('Product name', { exact: true }).fill('Desk lamp');
  await bob.getByLabel('Price', { exact: true }).fill('35');
  await bob.getByRole('button', { name: 'Add', exact: true }).click();
  await alice.locator('.catalog td', { hasText: 'Desk lamp' }).waitFor();
  await say(alice, 'bob', 'Got it, it shows up here live. Call you in a minute?');
  await bob.locator('.message-text', { hasText: 'Call you in a minute?' }).waitFor();
  // A third user writes while Alice is busy with Bob: her list shows Carol online, unread.
  const carol = await context.newPage();
  await carol.goto(`${demo.url}?as=carol`);
  await say(carol, 'alice', 'Lunch at noon?');
  await alice.locator('[data-contact="carol"] [data-unread]').waitFor();

  await mkdir(path.dirname(output), { recursive: true });
  await alice.bringToFront();
  await alice.screenshot({ path: output });
  console.log(`Saved ${path.relative(process.cwd(), output)}`);

  // A call: Bob answers, and the shot waits for moving remote video on Alice's side.
  await alice.getByRole('button', { name: 'Call Bob' }).click();
  await bob.getByRole('alertdialog', { name: 'Incoming call' }).getByRole('button', { name: 'Accept' }).click();
  await alice.waitForFunction(() => {
    const video = document.querySelector('[data-part="remote"] video');
    return !!video && video.videoWidth > 0 && video.currentTime > 1;
  });
  await alice.screenshot({ path: callOutput });
  console.log(`Saved ${path.relative(process.cwd(), callOutput)}`);
  await alice.getByRole('button', { name: 'Hang up' }).click();
} finally {
  await context?.close();
  await demo.stop();
  await rm(profile, { recursive: true, force: true });
}
