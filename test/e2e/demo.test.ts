/**
 * The demo end to end: `demo/start.mjs` (demo server + Vite app) on free ports, two real
 * Chromium pages with fake camera/microphone signed in as Alice and Bob. A message and a catalog
 * change travel between them, then a video call connects with frames flowing both ways and ends.
 * A plain client then checks that the demo server answers bad input with typed errors.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { AsklessClient } from '../../src/core/index.js';
import type { WebSocketConstructor } from '../../src/core/types.js';
import { spawnDemo, type SpawnedDemo } from '../../demo/spawnDemo.mjs';
import { launchChromium, type LaunchedChromium } from './support/chromium.js';
import { seriousA11yViolations } from './support/axe.js';
import { mkdir } from 'node:fs/promises';

// Screenshots are test artifacts (test-results/ is gitignored), never committed.
const ARTIFACTS = new URL('../../test-results/demo/', import.meta.url);

const REMOTE_VIDEO = '[data-part="remote"] video';

let demo: SpawnedDemo;
let browser: LaunchedChromium;
let alice: Page;
let bob: Page;

async function signIn(name: 'Alice' | 'Bob' | 'Carol'): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(demo.url);
  await page.getByRole('button', { name }).click();
  await page.getByText(`Signed in as ${name}`).waitFor();
  return page;
}

/**
 * The remote tile decodes video and its playback clock keeps moving. Resolves early with the end
 * reason if the call ends instead, so a dropped call fails with its reason, not a timeout.
 */
async function expectRemoteFramesAdvance(page: Page, selector = REMOTE_VIDEO): Promise<void> {
  const watch = (minTime: number) =>
    page.waitForFunction(
      ([selector, min]) => {
        const view = document.querySelector('[role="dialog"][data-state]');
        if (view?.getAttribute('data-state') === 'ended') return `ended: ${view.getAttribute('data-end-reason')}`;
        const video = document.querySelector<HTMLVideoElement>(selector);
        return video && video.videoWidth > 0 && video.currentTime > min ? `t=${video.currentTime}` : false;
      },
      [selector, minTime] as const,
    );
  const first = String(await (await watch(0)).jsonValue());
  expect(first).toMatch(/^t=/);
  const t0 = Number(first.slice(2));
  await expect((await watch(t0 + 0.3)).jsonValue()).resolves.toMatch(/^t=/);
}

/** What a page's client holds (demo/app/debugHandle.ts): its streams and its last frames. */
function clientState(page: Page): Promise<unknown> {
  return page.evaluate(() => {
    const page = window as { __asklessDemoClient?: { inspect(): { connection: unknown; streams: unknown; requests: unknown } }; __asklessDemoFrames?: unknown[] };
    if (!page.__asklessDemoClient) return 'no client handle';
    const { connection, streams, requests } = page.__asklessDemoClient.inspect();
    return { connection, streams, requests, frames: page.__asklessDemoFrames };
  });
}

/** A wait that, when it fails, says what both pages showed (a bare locator timeout does not). */
async function explainTimeout<T>(wait: Promise<T>, shown: () => Promise<unknown>): Promise<T> {
  try {
    return await wait;
  } catch (error) {
    throw new Error(`${(error as Error).message}\nthe pages showed: ${JSON.stringify(await shown().catch((e: unknown) => String(e)), null, 1)}`);
  }
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

  it('delivers messages both ways in real time, with an unread badge', async () => {
    await alice.locator('[data-contact="bob"] .contact-main').click();
    await alice.getByText('No messages yet. Say hello!').waitFor();
    await alice.getByPlaceholder('Message Bob').fill('Hello Bob, this is Alice');
    await alice.getByRole('button', { name: 'Send' }).click();

    // Bob has no conversation open: his contact list flags Alice with the preview.
    const aliceInBobsList = bob.locator('[data-contact="alice"]');
    await aliceInBobsList.locator('[data-unread]').waitFor();
    await expect(aliceInBobsList.locator('.contact-preview').textContent()).resolves.toBe('Hello Bob, this is Alice');
    await aliceInBobsList.locator('.contact-main').click();
    const received = bob.locator('.message', { hasText: 'Hello Bob, this is Alice' });
    await received.waitFor();
    await expect(received.locator('.message-author').textContent()).resolves.toBe('Alice');
    await aliceInBobsList.locator('[data-unread]').waitFor({ state: 'detached' });

    // Alice's own conversation gets the push of her message exactly once...
    const sent = alice.locator('.message.mine', { hasText: 'Hello Bob, this is Alice' });
    await sent.waitFor();
    await expect(sent.count()).resolves.toBe(1);
    // ...and Bob's reply arrives in it while it is open.
    await bob.getByPlaceholder('Message Alice').fill('Hi Alice!');
    await bob.getByRole('button', { name: 'Send' }).click();
    await alice.locator('.message:not(.mine)', { hasText: 'Hi Alice!' }).waitFor();
  });

  it("updates Alice's catalog when Bob adds a product", async () => {
    await bob.getByLabel('Product name', { exact: true }).fill('E2E lamp');
    await bob.getByLabel('Price', { exact: true }).fill('42');
    await bob.getByRole('button', { name: 'Add', exact: true }).click();
    const row = alice.locator('.catalog tr', { hasText: 'E2E lamp' });
    await row.waitFor();
    await expect(row.locator('.price').textContent()).resolves.toBe('42.00');
  });

  it('refuses the price 1e308 with a message, and every tab keeps rendering the catalog', async () => {
    await bob.getByLabel('Product name', { exact: true }).fill('Priceless');
    await bob.getByLabel('Price', { exact: true }).fill('1e308');
    await bob.getByRole('button', { name: 'Add', exact: true }).click();
    const alert = bob.locator('.catalog [role="alert"]', { hasText: 'price' });
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toContain('1,000,000,000');
    // Nothing stored: both tabs still list the catalog, with no "Priceless" and no broken price.
    for (const page of [alice, bob]) {
      await page.getByRole('heading', { name: 'Shared catalog' }).waitFor();
      await expect(page.locator('.catalog tr', { hasText: 'E2E lamp' }).count()).resolves.toBe(1);
      await expect(page.locator('.catalog tr', { hasText: 'Priceless' }).count()).resolves.toBe(0);
      await expect(page.locator('.page-error').count()).resolves.toBe(0);
    }
  });

  it('creates one product when "Add" is double-clicked', async () => {
    await bob.getByLabel('Price', { exact: true }).fill('5');
    await bob.getByLabel('Product name', { exact: true }).fill('Double click');
    await bob.getByRole('button', { name: 'Add', exact: true }).dblclick();
    await explainTimeout(alice.locator('.catalog tr', { hasText: 'Double click' }).first().waitFor(), async () => ({
      bobAlerts: await bob.locator('[role="alert"]').allTextContents(),
      bobRows: await bob.locator('.catalog tr').allTextContents(),
      aliceRows: await alice.locator('.catalog tr').allTextContents(),
      bobForm: await bob.locator('.add-product').innerHTML(),
      aliceClient: await clientState(alice),
      bobClient: await clientState(bob),
    }));
    // The server handles Bob's requests in order: once a later product reaches Alice, a second
    // "Double click" would have been created before it.
    await bob.getByLabel('Product name', { exact: true }).fill('After the double click');
    await bob.getByLabel('Price', { exact: true }).fill('6');
    await bob.getByRole('button', { name: 'Add', exact: true }).click();
    await alice.locator('.catalog tr', { hasText: 'After the double click' }).waitFor();
    await expect(alice.locator('.catalog tr', { hasText: /^Double click/ }).count()).resolves.toBe(1);
  });

  it('wraps long words and stays usable at 390 px, with no serious accessibility violation (screenshots in test-results/demo)', async () => {
    const word = 'Supercalifragilisticexpialidocious'.repeat(2);
    await bob.getByLabel('Product name', { exact: true }).fill(word);
    await bob.getByLabel('Price', { exact: true }).fill('1');
    await bob.getByRole('button', { name: 'Add', exact: true }).click();
    await alice.locator('.catalog tr', { hasText: word }).waitFor();
    await alice.getByPlaceholder('Message Bob').fill(word);
    await alice.getByRole('button', { name: 'Send' }).click();
    await alice.locator('.message-text', { hasText: word }).waitFor();

    await mkdir(ARTIFACTS, { recursive: true });
    for (const [width, height] of [[390, 844], [1280, 800]] as const) {
      await alice.setViewportSize({ width, height });
      // Nothing is wider than the viewport: no sideways scrolling, no element sticking out.
      const overflow = await alice.evaluate(() => {
        const limit = document.documentElement.clientWidth;
        const wide = [...document.querySelectorAll<HTMLElement>('body *')]
          .filter((el) => el.getBoundingClientRect().right > limit + 1 && el.getClientRects().length > 0)
          .filter((el) => !el.closest('.visually-hidden'))
          .map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
        return { scroll: document.documentElement.scrollWidth, limit, wide: wide.slice(0, 5) };
      });
      expect(overflow.wide).toEqual([]);
      expect(overflow.scroll).toBeLessThanOrEqual(overflow.limit);
      await alice.screenshot({ path: new URL(`workspace-${width}x${height}.png`, ARTIFACTS).pathname, fullPage: true });
      expect(await seriousA11yViolations(alice)).toEqual([]);
    }
    const signInPage = await browser.newPage();
    await signInPage.setViewportSize({ width: 390, height: 844 });
    await signInPage.goto(demo.url);
    await signInPage.getByRole('button', { name: 'Carol' }).waitFor();
    expect(await seriousA11yViolations(signInPage)).toEqual([]);
    await signInPage.screenshot({ path: new URL('sign-in-390x844.png', ARTIFACTS).pathname });
    await signInPage.close();
  });

  it('places a call through the pre-join screen and answers it with the keyboard alone; media flows both ways in a modal that traps focus', async () => {
    await alice.getByRole('button', { name: 'Call Bob' }).click();
    const preJoin = alice.getByRole('dialog', { name: 'Call Bob' });
    await preJoin.locator('[data-permission="granted"]').waitFor();
    expect(await seriousA11yViolations(alice)).toEqual([]);
    await preJoin.getByRole('button', { name: 'Call', exact: true }).click();

    // Bob: the dialog has focus on Accept; Enter answers.
    const ringing = bob.getByRole('alertdialog', { name: 'Incoming call' });
    await ringing.waitFor();
    await expect(ringing.textContent()).resolves.toContain('Alice is calling');
    await bob.waitForFunction(() => document.activeElement?.textContent === 'Accept');
    expect(await seriousA11yViolations(bob)).toEqual([]);
    await bob.keyboard.press('Enter');

    for (const page of [alice, bob]) await page.locator('[role="dialog"][aria-modal="true"][data-state="connected"]').waitFor();
    await expectRemoteFramesAdvance(alice);
    await expectRemoteFramesAdvance(bob);

    // The call is a real modal: the page behind is inert and covered, Tab never leaves the dialog.
    const behind = await alice.evaluate(() => {
      const signOut = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Sign out')!;
      const box = signOut.getBoundingClientRect();
      const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
      return { inert: signOut.closest('[inert]') !== null, covered: hit !== signOut };
    });
    expect(behind).toEqual({ inert: true, covered: true });
    for (let i = 0; i < 12; i++) {
      await alice.keyboard.press('Tab');
      expect(await alice.evaluate(() => document.activeElement?.closest('[role="dialog"]') !== null)).toBe(true);
    }
    await alice.getByText('Signed in as Alice').waitFor();
    expect(await seriousA11yViolations(alice)).toEqual([]);
    await mkdir(ARTIFACTS, { recursive: true });
    await alice.screenshot({ path: new URL('call-1280x800.png', ARTIFACTS).pathname });
    // The call modal at phone width: nothing sticks out sideways.
    await alice.setViewportSize({ width: 390, height: 844 });
    const wide = await alice.evaluate(() => {
      const limit = document.documentElement.clientWidth;
      return [...document.querySelectorAll<HTMLElement>('[role="dialog"] *')]
        .filter((el) => el.getBoundingClientRect().right > limit + 1 && !el.closest('[role="tooltip"]') && getComputedStyle(el).visibility !== 'hidden')
        .map((el) => `${el.tagName.toLowerCase()}[${el.getAttribute('data-part') ?? el.className}]`);
    });
    expect(wide).toEqual([]);
    await alice.screenshot({ path: new URL('call-390x844.png', ARTIFACTS).pathname });
    await alice.setViewportSize({ width: 1280, height: 800 });
  });

  it('shows Alice\'s mute and her screen share on Bob\'s page', async () => {
    const aliceCall = alice.getByRole('dialog', { name: 'Call with Bob' });
    const bobCall = bob.getByRole('dialog', { name: 'Call with Alice' });
    await aliceCall.getByRole('button', { name: 'Microphone' }).click();
    await bobCall.getByRole('img', { name: 'Microphone off' }).first().waitFor();
    await aliceCall.getByRole('button', { name: 'Microphone' }).click();
    await bobCall.getByRole('img', { name: 'Microphone off' }).waitFor({ state: 'detached' });

    await aliceCall.getByRole('button', { name: 'Share screen' }).click();
    await bobCall.getByRole('group', { name: "Alice's screen" }).waitFor();
    await expectRemoteFramesAdvance(bob, '[data-part="remote-screen"] video');
    await aliceCall.getByRole('button', { name: 'Share screen' }).click();
    await bobCall.getByRole('group', { name: "Alice's screen" }).waitFor({ state: 'detached' });

    // Devices mid-call: the pickers list the fake devices.
    await aliceCall.getByRole('button', { name: 'Devices' }).click();
    const cameras = aliceCall.getByRole('combobox', { name: 'Camera' });
    await expect(cameras.locator('option').count()).resolves.toBeGreaterThan(0);
    await aliceCall.getByRole('button', { name: 'Devices' }).click();
    await cameras.waitFor({ state: 'detached' });
  });

  it('offers call waiting: Carol calls Alice mid-call, Alice holds Bob and answers, then swaps back', async () => {
    const carol = await signIn('Carol');
    await carol.getByRole('button', { name: 'Call Alice' }).click();
    await carol.getByRole('dialog', { name: 'Call Alice' }).locator('[data-permission="granted"]').waitFor();
    await carol.getByRole('button', { name: 'Call', exact: true }).click();

    const waiting = alice.getByRole('alertdialog', { name: 'Call waiting' });
    await waiting.waitFor();
    await expect(waiting.getByRole('button').allTextContents()).resolves.toEqual(['Hold and accept', 'End and accept', 'Decline']);
    await waiting.getByRole('button', { name: 'Hold and accept' }).click();

    await alice.locator('[role="dialog"][aria-label="Call with Carol"][data-state="connected"]').waitFor();
    await carol.locator('[role="dialog"][data-state="connected"]').waitFor();
    // Bob hears nothing now and is told why.
    await bob.locator('section[data-hold="remote"]').waitFor();
    await expect(bob.locator('section [data-part="status"]').textContent()).resolves.toBe('Alice put the call on hold');

    // Swap back to Bob: Carol goes on hold.
    await alice.getByRole('button', { name: 'Switch to Bob' }).click();
    await alice.locator('[role="dialog"][aria-label="Call with Bob"] section:not([data-hold])').waitFor();
    await carol.locator('section[data-hold="remote"]').waitFor();
    await carol.getByRole('button', { name: 'Hang up' }).click();
    await carol.locator('[role="dialog"][data-state="ended"]').waitFor();
    await carol.close();
  });

  it('hangs up: both sides read why, and every video is gone once closed', async () => {
    const aliceCall = alice.getByRole('dialog', { name: 'Call with Bob' });
    await aliceCall.getByRole('button', { name: 'Hang up' }).click();
    await alice.locator('[role="dialog"][data-state="ended"][data-end-reason="hangup"]').waitFor();
    await bob.locator('[role="dialog"][data-state="ended"][data-end-reason="remote_hangup"]').waitFor();
    for (const page of [alice, bob]) {
      await page.getByRole('button', { name: 'Close' }).click();
      await page.getByRole('dialog').waitFor({ state: 'detached' });
      await expect(page.locator('video').count()).resolves.toBe(0);
    }
  });

  it('lists a call that rang out unanswered as a missed call, without blocking the page', async () => {
    await bob.getByRole('button', { name: 'Call Alice' }).click();
    await bob.getByRole('dialog', { name: 'Call Alice' }).locator('[data-permission="granted"]').waitFor();
    await bob.getByRole('button', { name: 'Call', exact: true }).click();
    await alice.getByRole('alertdialog', { name: 'Incoming call' }).waitFor();
    await bob.locator('[role="dialog"][data-state="ringing"]').getByRole('button', { name: 'Hang up' }).click();
    await alice.getByRole('alertdialog').waitFor({ state: 'detached' });
    const badge = alice.getByRole('button', { name: '1 missed call' });
    await badge.click();
    await expect(alice.getByRole('list', { name: 'Missed calls' }).textContent()).resolves.toContain('Bob');
    // Nothing modal is left: the page is not inert.
    await expect(alice.locator('[inert]').count()).resolves.toBe(0);
    await alice.getByRole('button', { name: 'Clear' }).click();
    // Cleared: the list closes itself and the badge says so.
    await alice.getByRole('list', { name: 'Missed calls' }).waitFor({ state: 'detached' });
    await alice.getByRole('button', { name: 'No missed calls' }).waitFor();
    await bob.getByRole('button', { name: 'Close' }).click();
  });

  it('tells the caller "Unavailable" when the callee closes the ringing tab', async () => {
    await alice.getByRole('button', { name: 'Call Bob' }).click();
    await alice.getByRole('dialog', { name: 'Call Bob' }).locator('[data-permission="granted"]').waitFor();
    await alice.getByRole('button', { name: 'Call', exact: true }).click();
    await bob.getByRole('alertdialog', { name: 'Incoming call' }).waitFor();
    await bob.close();
    const ended = alice.locator('[role="dialog"][data-state="ended"]');
    await ended.waitFor({ timeout: 15_000 });
    await expect(ended.getAttribute('data-end-reason')).resolves.toBe('unavailable');
    await expect(ended.locator('[data-part="status"]').textContent()).resolves.toBe('Unavailable');
    await alice.getByRole('button', { name: 'Close' }).click();
  });

  it("shows Bob offline to Alice once Bob's tab closed", async () => {
    await alice.locator('[data-contact="bob"] [data-online="false"]').waitFor();
    await expect(alice.getByRole('button', { name: 'Call Bob' }).isDisabled()).resolves.toBe(true);
  });

  it('logged no page errors', () => {
    expect(browser.errors).toEqual([]);
  });
});

describe('the demo server refuses bad input with typed errors', () => {
  let client: AsklessClient<string>;

  beforeAll(() => {
    client = new AsklessClient<string>({ serverUrl: demo.serverUrl, WebSocket: WebSocket as unknown as WebSocketConstructor });
    client.start();
  });
  afterAll(() => client?.close());

  it('rejects a credential that names no demo user', async () => {
    const login = await client.authenticate({ credential: { demoUser: 'mallory' } });
    expect(login.success).toBe(false);
    expect(login.error).toMatchObject({ code: 'UNKNOWN_DEMO_USER', isCredentialError: true });
  });

  it('answers BAD_REQUEST / NOT_FOUND and changes nothing', async () => {
    const login = await client.authenticate({ credential: { demoUser: 'carol' } });
    expect(login.success).toBe(true);
    const before = await client.read<unknown[]>({ route: 'products' });

    const empty = await client.create({ route: 'message', body: { to: 'dave', text: '   ' } });
    expect(empty.error?.code).toBe('BAD_REQUEST');
    const toSelf = await client.create({ route: 'message', body: { to: 'carol', text: 'hi me' } });
    expect(toSelf.error?.code).toBe('BAD_REQUEST');
    const negative = await client.create({ route: 'product', body: { name: 'Free money', price: -5 } });
    expect(negative.error).toMatchObject({ code: 'BAD_REQUEST', description: expect.stringContaining('price') });
    const huge = await client.create({ route: 'product', body: { name: 'Overflow', price: 1e308 } });
    expect(huge.error).toMatchObject({ code: 'BAD_REQUEST', description: expect.stringContaining('price') });
    const longName = await client.create({ route: 'product', body: { name: 'x'.repeat(101), price: 1 } });
    expect(longName.error?.code).toBe('BAD_REQUEST');
    const missing = await client.update({ route: 'product', params: { id: 9999 }, body: { price: 1 } });
    expect(missing.error?.code).toBe('NOT_FOUND');

    const after = await client.read<unknown[]>({ route: 'products' });
    expect(after.output).toEqual(before.output);
    const conversation = await client.read<unknown[]>({ route: 'messages', params: { with: 'dave' } });
    expect(conversation.output).toEqual([]);
  });
});
