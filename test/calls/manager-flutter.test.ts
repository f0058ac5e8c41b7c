/**
 * `client.calls` with a Flutter-shaped peer (no data channel): the call connects, every in-band
 * feature degrades without a word on the Askless routes, and a screen share replaces the camera
 * track (the Flutter side receives the screen's frames on the same track, then the camera's).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { FlutterPeer } from '../support/flutter-peer.js';
import { startReferenceServer, type ReferenceServer } from '../support/reference-app.js';
import type { Call } from '../../src/core/calls/manager-types.js';
import { cleanup, flowingMedia, loggedIn } from './helpers.js';

let app: ReferenceServer;
/** Routes of every c2s frame that carries one. */
const routes: string[] = [];
const flutters: FlutterPeer[] = [];
beforeAll(async () => {
  app = await startReferenceServer({
    init: {
      tap: ({ direction, frame }) => {
        const route = (frame as { route?: unknown } | null)?.route;
        if (direction === 'in' && typeof route === 'string') routes.push(route);
      },
    },
  });
});
afterEach(async () => {
  await Promise.all(flutters.splice(0).map((f) => f.close()));
  cleanup();
});
afterAll(async () => {
  await app.stop();
});

/** The width of the video the Flutter side receives, from its own stats. */
async function receivedWidth(peer: FlutterPeer): Promise<number | undefined> {
  let width: number | undefined;
  (await peer.pc!.getStats()).forEach((r: Record<string, unknown>) => {
    if ((r.type === 'inbound-rtp' || r.type === 'track') && r.kind === 'video' && typeof r.frameWidth === 'number') width = r.frameWidth;
  });
  return width;
}

describe('client.calls with a Flutter-shaped peer', () => {
  it('connects without capabilities; hold and mute stay local and nothing unknown reaches the Askless routes; screen share replaces the camera track and gives it back', async () => {
    const callee = await FlutterPeer.connect(app.url, { userId: 602 });
    flutters.push(callee);
    callee.onIncoming(() => void callee.accept());
    const web = await loggedIn(app.url, 601, { calls: { statsIntervalMs: 300 } });
    const camera = flowingMedia({ video: true, audio: true });
    const call: Call = web.calls.call({ userId: 602, localStream: camera });
    await vi.waitFor(() => expect(call.state).toBe('connected'), { timeout: 10_000 });
    await callee.waitForIceConnected();
    await vi.waitFor(async () => expect(await receivedWidth(callee)).toBe(160), { timeout: 10_000 });
    // Stats are sampled after connecting: by then an askless-react peer would have said hello.
    await vi.waitFor(() => expect(call.stats).toBeDefined(), { timeout: 5_000 });
    expect(call.peerCapabilities).toBeUndefined();

    call.setMicrophoneEnabled(false);
    call.hold();
    expect(call).toMatchObject({ audioMuted: true, isLocalOnHold: true, isRemoteOnHold: false });
    expect(camera.getTracks().every((t) => !t.enabled)).toBe(true);
    call.resume();
    call.setMicrophoneEnabled(true);
    expect(camera.getVideoTracks()[0]!.enabled).toBe(true);

    const screen = flowingMedia({ video: true, audio: false, width: 320, height: 240 });
    expect(await call.startScreenShare({ stream: screen })).toEqual({ ok: true });
    expect(call.streams.localScreen).toBe(screen);
    await vi.waitFor(async () => expect(await receivedWidth(callee)).toBe(320), { timeout: 10_000 });
    call.stopScreenShare();
    expect(call.streams.localScreen).toBeUndefined();
    await vi.waitFor(async () => expect(await receivedWidth(callee)).toBe(160), { timeout: 10_000 });

    call.hangUp();
    await callee.waitForState('ended');
    const unknown = routes.filter((r) => !r.startsWith('askless-internal/'));
    expect(unknown).toEqual([]);
  });
});
