/**
 * Files in the demo, in real Chromium: Alice drops a file for Bob while Bob is signed out (the
 * server stores it); Bob signs in, accepts and saves it (byte for byte), and Alice's transfer
 * turns `completed` from his acknowledgement. Then, both online, Bob's reply reaches Alice
 * (peer to peer when the data channel opens in time). The file UI passes axe.
 */
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnDemo, type SpawnedDemo } from '../../demo/spawnDemo.mjs';
import { launchChromium, type LaunchedChromium } from './support/chromium.js';

let demo: SpawnedDemo;
let browser: LaunchedChromium;

async function signIn(name: 'Alice' | 'Bob'): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(demo.url);
  await page.getByRole('button', { name }).click();
  await page.getByText(`Signed in as ${name}`).waitFor();
  return page;
}

/** Drop a file on the page's drop zone, as a user dragging it from the desktop would. */
async function dropFile(page: Page, name: string, text: string): Promise<void> {
  await page.locator('.chat-files [data-state="idle"]').evaluate(
    (zone, [fileName, content]) => {
      const data = new DataTransfer();
      data.items.add(new File([content!], fileName!, { type: 'text/plain' }));
      zone.dispatchEvent(new DragEvent('dragenter', { bubbles: true, cancelable: true, dataTransfer: data }));
      const dropped = new DataTransfer();
      dropped.items.add(new File([content!], fileName!, { type: 'text/plain' }));
      zone.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dropped }));
    },
    [name, text],
  );
}

async function axeViolations(page: Page, selector: string): Promise<string[]> {
  await page.addScriptTag({ path: createRequire(import.meta.url).resolve('axe-core/axe.min.js') });
  return page.evaluate(async (sel) => {
    const result = await (window as unknown as { axe: { run(el: Element): Promise<{ violations: { id: string }[] }> } }).axe.run(document.querySelector(sel)!);
    return result.violations.map((v) => v.id);
  }, selector);
}

beforeAll(async () => {
  [demo, browser] = await Promise.all([spawnDemo(), launchChromium()]);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

describe('files in the demo', () => {
  it('delivers a dropped file to a user who signs in later, and the sender sees it completed', async () => {
    const content = 'Hello Bob!\n'.repeat(20_000); // 220 kB: several chunks
    const alice = await signIn('Alice');
    await alice.locator('[data-contact="bob"] .contact-main').click();
    await dropFile(alice, 'greeting.txt', content);
    const sent = alice.getByRole('group', { name: 'greeting.txt' });
    await sent.and(alice.locator('[data-state="waiting"][data-path="stored"]')).waitFor();
    // Waiting means stored: the upload goes on until the server holds every byte.
    await sent.locator(`[role="progressbar"][aria-valuenow="${content.length}"]`).waitFor();

    const bob = await signIn('Bob');
    await bob.locator('[data-contact="alice"] .contact-main').click();
    await bob.getByText('Alice wants to send you').waitFor();
    expect(await axeViolations(bob, '.chat-files')).toEqual([]);
    await bob.getByRole('button', { name: 'Accept greeting.txt' }).click();
    const received = bob.getByRole('group', { name: 'greeting.txt' });
    await received.and(bob.locator('[data-state="completed"]')).waitFor();
    const [download] = await Promise.all([bob.waitForEvent('download'), received.getByRole('link', { name: 'Save' }).click()]);
    expect(download.suggestedFilename()).toBe('greeting.txt');
    expect(await readFile((await download.path())!, 'utf8')).toBe(content);

    await sent.and(alice.locator('[data-state="completed"]')).waitFor();
    expect(await axeViolations(alice, '.chat-files')).toEqual([]);
    expect(browser.errors).toEqual([]);

    // Both online now: Bob's reply goes peer to peer, or by relay if the loaded machine cannot
    // open the data channel within 10 s (the Node tests pin each path down).
    await dropFile(bob, 'reply.txt', 'Thanks Alice');
    await alice.getByRole('button', { name: 'Accept reply.txt' }).click();
    const reply = alice.getByRole('group', { name: 'reply.txt' });
    await reply.and(alice.locator('[data-state="completed"]')).waitFor();
    await expect(reply.locator('a[download="reply.txt"]').count()).resolves.toBe(1);
    await bob.getByRole('group', { name: 'reply.txt' }).and(bob.locator('[data-state="completed"]')).waitFor();
  });
});
