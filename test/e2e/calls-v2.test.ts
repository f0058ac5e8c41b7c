/**
 * Calls v2 in real Chromium (two pages, fake devices: two cameras, a fake screen capture) through
 * the project's server, driven through `client.calls`: a remote mute is seen within a second, a
 * screen share (getDisplayMedia) arrives as `remoteScreen` and becomes `primaryRemoteStream` with
 * frames decoding, and a camera switch mid-call stops the old track and keeps video flowing.
 */
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../support/reference-app.js';
import { launchChromium, type LaunchedChromium } from './support/chromium.js';
import { serveTestPage, type ServedTestPage } from './support/testPage.js';

let app: ReferenceServer;
let page: ServedTestPage;
let browser: LaunchedChromium;
let alice: Page;
let bob: Page;

beforeAll(async () => {
  [app, page, browser] = await Promise.all([
    startReferenceServer(),
    serveTestPage({ root: fileURLToPath(new URL('./support/calls-v2-page', import.meta.url)) }),
    launchChromium({ args: ['--use-fake-device-for-media-stream=device-count=2'] }),
  ]);
  [alice, bob] = await Promise.all([openUser(11), openUser(12)]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await page?.close();
  await app?.stop();
});

async function openUser(user: number): Promise<Page> {
  const tab = await browser.newPage();
  await tab.goto(`${page.url}?server=${encodeURIComponent(app.url)}&token=token-${user}`);
  await tab.waitForFunction(() => window.__authenticated === true, undefined, { timeout: 10_000 });
  return tab;
}

describe('calls v2 in Chromium', () => {
  it('remote mute within a second, screen share as remoteScreen, camera switch mid-call', async () => {
    await alice.evaluate(() => void window.__calls.call({ userId: 12, media: { audio: true, video: { width: 320, height: 240 } } }));
    await bob.waitForFunction(() => window.__calls.getSnapshot().calls[0]?.state === 'incoming');
    await bob.evaluate(() => window.__calls.getSnapshot().calls[0]!.accept({ media: { audio: true, video: true } }));
    await alice.waitForFunction(() => window.__calls.getSnapshot().calls[0]?.peerCapabilities !== undefined, undefined, { timeout: 10_000 });
    await bob.waitForFunction(() => window.__calls.getSnapshot().calls[0]?.state === 'connected');

    // Remote mute and camera-off, seen by Bob within a second.
    const muteMs = await alice.evaluate(() => {
      const call = window.__calls.getSnapshot().calls[0]!;
      call.setMicrophoneEnabled(false);
      call.setCameraEnabled(false);
      return Date.now();
    });
    await bob.waitForFunction(() => {
      const call = window.__calls.getSnapshot().calls[0]!;
      return call.remoteAudioMuted && call.remoteVideoMuted;
    }, undefined, { timeout: 1_000, polling: 20 });
    expect(Date.now() - muteMs).toBeLessThan(1_500); // includes the page round trips
    await alice.evaluate(() => {
      const call = window.__calls.getSnapshot().calls[0]!;
      call.setMicrophoneEnabled(true);
      call.setCameraEnabled(true);
    });

    // Screen share: the fake capture reaches Bob as remoteScreen, shown first, with frames.
    const shared = await alice.evaluate(() => window.__calls.getSnapshot().calls[0]!.startScreenShare());
    expect(shared).toEqual({ ok: true });
    await bob.waitForFunction(() => {
      const call = window.__calls.getSnapshot().calls[0]!;
      return !!call.streams.remoteScreen && call.primaryRemoteStream === call.streams.remoteScreen;
    }, undefined, { timeout: 10_000 });
    const screenWidth = await bob.evaluate(async () => {
      const video = document.createElement('video');
      video.muted = true;
      video.srcObject = window.__calls.getSnapshot().calls[0]!.streams.remoteScreen!;
      document.body.append(video);
      await video.play();
      while (video.videoWidth === 0) await new Promise((r) => requestAnimationFrame(r));
      return video.videoWidth;
    });
    expect(screenWidth).toBeGreaterThan(320); // the fake monitor, not the 320 px camera
    await alice.evaluate(() => window.__calls.getSnapshot().calls[0]!.stopScreenShare());
    await bob.waitForFunction(() => {
      const call = window.__calls.getSnapshot().calls[0]!;
      return !call.streams.remoteScreen && call.primaryRemoteStream === call.streams.remoteUserMedia;
    }, undefined, { timeout: 10_000 });

    // Camera switch to the second fake camera: the old track stops, the new one is sent.
    const switched = await alice.evaluate(async () => {
      const { videoinput } = await window.__calls.listDevices();
      const call = window.__calls.getSnapshot().calls[0]!;
      const old = call.streams.localUserMedia!.getVideoTracks()[0]!;
      const target = videoinput.find((d) => d.label !== old.label)!;
      const result = await call.setInputDevice('videoinput', target.deviceId);
      const now = call.streams.localUserMedia!.getVideoTracks()[0]!;
      return { ok: result.ok, cameras: videoinput.length, oldEnded: old.readyState === 'ended', newLabel: now.label, wanted: target.label };
    });
    expect(switched).toMatchObject({ ok: true, cameras: 2, oldEnded: true });
    expect(switched.newLabel).toBe(switched.wanted);
    await bob.waitForFunction(() => (window.__calls.getSnapshot().calls[0]!.stats?.inboundBitrate ?? 0) > 0, undefined, { timeout: 5_000 });

    await alice.evaluate(() => window.__calls.getSnapshot().calls[0]!.hangUp());
    await bob.waitForFunction(() => window.__calls.getSnapshot().calls.length === 0, undefined, { timeout: 5_000 });
  });
});
