/**
 * Two real Chromium pages with fake camera/microphone call each other through the project's
 * server, using the library's hooks and components in a Vite-built page.
 */
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../support/reference-app.js';
import { launchChromium, type LaunchedChromium } from './support/chromium.js';
import { serveTestPage, type ServedTestPage } from './support/testPage.js';

const REMOTE_VIDEO = '[data-part="remote"] video';

let app: ReferenceServer;
let page: ServedTestPage;
let browser: LaunchedChromium;
let alice: Page;
let bob: Page;

beforeAll(async () => {
  [app, page, browser] = await Promise.all([
    startReferenceServer(),
    serveTestPage({ root: fileURLToPath(new URL('./support/call-page', import.meta.url)) }),
    launchChromium(),
  ]);
  [alice, bob] = await Promise.all([openUser(1, 2), openUser(2, 1)]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await page?.close();
  await app?.stop();
});

async function openUser(user: number, peer: number): Promise<Page> {
  const tab = await browser.newPage();
  await tab.goto(`${page.url}?server=${encodeURIComponent(app.url)}&token=token-${user}&peer=${peer}`);
  await tab.waitForFunction(() => window.__e2e?.authenticated === true, undefined, { timeout: 10_000 }).catch((error: Error) => {
    throw new Error(`user ${user} did not log in: ${error.message}\npage errors:\n${browser.errors.join('\n')}`);
  });
  return tab;
}

/** Remote video decodes frames and keeps advancing; remote audio is live and carries sound. */
async function expectRemoteMediaFlows(tab: Page): Promise<void> {
  await tab.waitForFunction((selector) => {
    const video = document.querySelector<HTMLVideoElement>(selector);
    return !!video && video.videoWidth > 0 && video.currentTime > 0;
  }, REMOTE_VIDEO);
  const start = await tab.$eval(REMOTE_VIDEO, (video: HTMLVideoElement) => video.currentTime);
  await tab.waitForFunction(([selector, t0]) => document.querySelector<HTMLVideoElement>(selector)!.currentTime > t0 + 0.3, [REMOTE_VIDEO, start] as const);
  // Audio: the remote track is live and unmuted (RTP is arriving), and the fake device's beep
  // reaches us: a processor node keeps the loudest sample heard, so short beeps between two
  // polls are not missed.
  await tab.evaluate((selector) => {
    const stream = document.querySelector<HTMLVideoElement>(selector)!.srcObject as MediaStream;
    const context = new AudioContext();
    const processor = context.createScriptProcessor(1024, 1, 1);
    const silent = context.createGain();
    silent.gain.value = 0;
    const probe = { peak: 0, context, processor };
    processor.onaudioprocess = (event) => {
      for (const sample of event.inputBuffer.getChannelData(0)) probe.peak = Math.max(probe.peak, Math.abs(sample));
    };
    context.createMediaStreamSource(stream).connect(processor);
    processor.connect(silent).connect(context.destination);
    (window as unknown as { __audioProbe: typeof probe }).__audioProbe = probe;
    void context.resume();
  }, REMOTE_VIDEO);
  await tab.waitForFunction((selector) => {
    const stream = document.querySelector<HTMLVideoElement>(selector)!.srcObject as MediaStream;
    const audio = stream.getAudioTracks()[0];
    const probe = (window as unknown as { __audioProbe: { peak: number } }).__audioProbe;
    return !!audio && audio.readyState === 'live' && !audio.muted && probe.peak > 0.01;
  }, REMOTE_VIDEO);
  await tab.evaluate(() => void (window as unknown as { __audioProbe: { context: AudioContext } }).__audioProbe.context.close());
}

describe('a real browser call through the project server', () => {
  it('connects two users with flowing video and audio, then ends both sides with the right reasons and every track stopped', async () => {
    await alice.click('#call');
    const dialog = bob.getByRole('alertdialog', { name: 'Incoming call' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('user token-1 is calling');
    await dialog.getByRole('button', { name: 'Accept' }).click();

    for (const tab of [alice, bob]) await tab.waitForFunction(() => document.querySelector('section[data-state]')?.getAttribute('data-state') === 'connected');
    await Promise.all([expectRemoteMediaFlows(alice), expectRemoteMediaFlows(bob)]);

    await alice.getByRole('button', { name: 'Hang up' }).click();
    await alice.waitForFunction(() => document.querySelector('section')?.getAttribute('data-end-reason') === 'hangup');
    await bob.waitForFunction(() => document.querySelector('section')?.getAttribute('data-end-reason') === 'remote_hangup');

    for (const tab of [alice, bob]) {
      const tracks = await tab.waitForFunction(() => {
        const { localTracks, remoteTracks } = window.__e2e;
        const all = [...localTracks, ...remoteTracks];
        return localTracks.length === 2 && remoteTracks.length === 2 && all.every((track) => track.readyState === 'ended') && all.map((t) => t.kind).sort().join();
      });
      expect(await tracks.jsonValue()).toBe('audio,audio,video,video');
      // Fast transitions may share one render, so only the landmarks are asserted.
      const states = await tab.evaluate(() => window.__e2e.states);
      expect(states).toContain(tab === alice ? 'requesting' : 'incoming');
      expect(states.slice(-2)).toEqual(['connected', 'ended']);
    }
    expect(browser.errors).toEqual([]);
  });

  it('ends both sides with rejected when the callee presses Escape, stopping the caller’s camera and microphone', async () => {
    await Promise.all([alice, bob].map(forgetTracks));
    await alice.click('#call');
    await bob.getByRole('alertdialog', { name: 'Incoming call' }).waitFor();
    await bob.keyboard.press('Escape');
    await alice.waitForFunction(() => document.querySelector('section')?.getAttribute('data-end-reason') === 'rejected');
    await bob.waitForFunction(() => document.querySelector('section')?.getAttribute('data-end-reason') === 'rejected');
    expect(await bob.getByRole('alertdialog').count()).toBe(0);
    await alice.waitForFunction(() => window.__e2e.localTracks.length === 2 && window.__e2e.localTracks.every((t) => t.readyState === 'ended'));
    expect(browser.errors).toEqual([]);
  });

  it('closes the callee’s dialog with canceled when the caller hangs up while it rings', async () => {
    await Promise.all([alice, bob].map(forgetTracks));
    await alice.click('#call');
    await bob.getByRole('alertdialog', { name: 'Incoming call' }).waitFor();
    await alice.waitForFunction(() => document.querySelector('section')?.getAttribute('data-state') === 'ringing');
    await alice.getByRole('button', { name: 'Hang up' }).click();
    await alice.waitForFunction(() => document.querySelector('section')?.getAttribute('data-end-reason') === 'hangup');
    await bob.waitForFunction(() => document.querySelector('section')?.getAttribute('data-end-reason') === 'canceled');
    expect(await bob.getByRole('alertdialog').count()).toBe(0);
    await alice.waitForFunction(() => window.__e2e.localTracks.length === 2 && window.__e2e.localTracks.every((t) => t.readyState === 'ended'));
    expect(browser.errors).toEqual([]);
  });

  it('merges the calls both users place at once (glare) into one connected call, which either side can end', async () => {
    await Promise.all([alice, bob].map(forgetTracks));
    // Both buttons at the same instant. A DOM click, because the first ring to land makes its
    // page inert behind the (modal) incoming dialog, and a user click would then be refused.
    await Promise.all([alice, bob].map((tab) => tab.evaluate(() => document.getElementById('call')!.click())));
    for (const tab of [alice, bob]) await tab.waitForFunction(() => document.querySelector('section')?.getAttribute('data-state') === 'connected');
    for (const tab of [alice, bob]) expect(await tab.getByRole('alertdialog').count()).toBe(0);
    await bob.getByRole('button', { name: 'Hang up' }).click();
    await bob.waitForFunction(() => document.querySelector('section')?.getAttribute('data-end-reason') === 'hangup');
    await alice.waitForFunction(() => document.querySelector('section')?.getAttribute('data-end-reason') === 'remote_hangup');
    for (const tab of [alice, bob]) {
      await tab.waitForFunction(() => window.__e2e.localTracks.length === 2 && window.__e2e.localTracks.every((t) => t.readyState === 'ended'));
    }
    expect(browser.errors).toEqual([]);
  });
});

async function forgetTracks(tab: Page): Promise<void> {
  await tab.evaluate(() => {
    window.__e2e.localTracks = [];
    window.__e2e.remoteTracks = [];
  });
}

declare global {
  interface Window {
    __e2e: { authenticated: boolean; localTracks: MediaStreamTrack[]; remoteTracks: MediaStreamTrack[]; states: string[] };
  }
}
