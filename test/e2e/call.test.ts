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

beforeAll(async () => {
  [app, page, browser] = await Promise.all([
    startReferenceServer(),
    serveTestPage({ root: fileURLToPath(new URL('./support/call-page', import.meta.url)) }),
    launchChromium(),
  ]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await page?.close();
  await app?.stop();
});

async function openUser(user: number, peer: number): Promise<Page> {
  const tab = await browser.newPage();
  await tab.goto(`${page.url}?server=${encodeURIComponent(app.url)}&token=token-${user}&peer=${peer}`);
  await tab.waitForFunction(() => window.__e2e?.authenticated === true);
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
  // Audio: the remote track is live and unmuted (RTP is arriving), and an analyser hears the
  // fake device's beep (non-silent samples).
  await tab.evaluate((selector) => {
    const stream = document.querySelector<HTMLVideoElement>(selector)!.srcObject as MediaStream;
    const context = new AudioContext();
    const analyser = context.createAnalyser();
    context.createMediaStreamSource(stream).connect(analyser);
    (window as unknown as { __analyser: AnalyserNode; __ctx: AudioContext }).__analyser = analyser;
    (window as unknown as { __ctx: AudioContext }).__ctx = context;
    void context.resume();
  }, REMOTE_VIDEO);
  await tab.waitForFunction((selector) => {
    const stream = document.querySelector<HTMLVideoElement>(selector)!.srcObject as MediaStream;
    const audio = stream.getAudioTracks()[0];
    if (!audio || audio.readyState !== 'live' || audio.muted) return false;
    const analyser = (window as unknown as { __analyser: AnalyserNode }).__analyser;
    const samples = new Float32Array(analyser.fftSize);
    analyser.getFloatTimeDomainData(samples);
    return samples.some((sample) => Math.abs(sample) > 0.01);
  }, REMOTE_VIDEO);
}

describe('a real browser call through the project server', () => {
  it('connects two users with flowing video and audio, then ends both sides with the right reasons and every track stopped', async () => {
    const [alice, bob] = await Promise.all([openUser(1, 2), openUser(2, 1)]);

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
});

declare global {
  interface Window {
    __e2e: { authenticated: boolean; localTracks: MediaStreamTrack[]; remoteTracks: MediaStreamTrack[]; states: string[] };
  }
}
