/**
 * Devices through `client.calls`, with wrtc media behind a `navigator.mediaDevices` stand-in (two
 * synthetic cameras of different sizes): listDevices grouped by kind, a camera switch mid-call
 * with replaceTrack that the other side sees in its stats, the old track stopped, and an unplugged
 * camera falling back to the default with the app told.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../support/reference-app.js';
import type { CallDeviceChange } from '../../src/core/calls/manager-types.js';
import { cleanup, flowingMedia, loggedIn } from './helpers.js';

let app: ReferenceServer;
beforeAll(async () => {
  app = await startReferenceServer();
});
afterEach(() => cleanup());
afterAll(async () => {
  await app.stop();
});

/** Two cameras (`cam-small` 160 px, `cam-large` 320 px) and one microphone. */
class FakeDevices extends EventTarget {
  cameras = ['cam-small', 'cam-large'];
  readonly requests: MediaStreamConstraints[] = [];
  watchers = 0;
  override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null): void {
    if (type === 'devicechange') this.watchers++;
    super.addEventListener(type, listener);
  }
  override removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null): void {
    if (type === 'devicechange') this.watchers--;
    super.removeEventListener(type, listener);
  }
  async enumerateDevices(): Promise<MediaDeviceInfo[]> {
    return [
      ...this.cameras.map((deviceId) => ({ deviceId, groupId: deviceId, kind: 'videoinput', label: deviceId }) as MediaDeviceInfo),
      { deviceId: 'mic', groupId: 'mic', kind: 'audioinput', label: 'Mic' } as MediaDeviceInfo,
      { deviceId: 'speaker', groupId: 'spk', kind: 'audiooutput', label: 'Speaker' } as MediaDeviceInfo,
    ];
  }
  async getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream> {
    this.requests.push(constraints);
    const video = constraints.video as { deviceId?: { exact?: string } } | boolean | undefined;
    const id = typeof video === 'object' ? video.deviceId?.exact : undefined;
    if (id && !this.cameras.includes(id)) throw Object.assign(new Error('gone'), { name: 'NotFoundError' });
    const width = id === 'cam-large' ? 320 : 160;
    return flowingMedia({ video: !!video, audio: !!constraints.audio, width, height: (width * 3) / 4 });
  }
}

let devices: FakeDevices;
const original = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
beforeAll(() => {
  devices = new FakeDevices();
  Object.defineProperty(globalThis, 'navigator', { configurable: true, value: { mediaDevices: devices } });
});
afterAll(() => {
  if (original) Object.defineProperty(globalThis, 'navigator', original);
  else Reflect.deleteProperty(globalThis, 'navigator');
});

describe('devices through client.calls (wrtc, real server)', () => {
  it('lists devices by kind, switches the camera mid-call (the remote sees it), and falls back when it is unplugged', async () => {
    const a = await loggedIn(app.url, 701, { calls: { statsIntervalMs: 250 } });
    const b = await loggedIn(app.url, 702, { calls: { statsIntervalMs: 250 } });
    const list = await a.calls.listDevices();
    expect(list.videoinput.map((d) => d.deviceId)).toEqual(['cam-small', 'cam-large']);
    expect(list.audioinput.map((d) => d.label)).toEqual(['Mic']);
    expect(list.audiooutput).toHaveLength(1);

    const offB = b.calls.subscribe(() => undefined);
    // No localStream: the call acquires its media through navigator.mediaDevices.
    const call = a.calls.call({ userId: 702, media: { audio: true, video: true } });
    let incoming!: ReturnType<typeof b.calls.getSnapshot>['calls'][number];
    await vi.waitFor(() => {
      incoming = b.calls.getSnapshot().calls[0]!;
      expect(incoming?.state).toBe('incoming');
    }, { timeout: 10_000 });
    await incoming.accept({ localStream: flowingMedia() });
    const remote = () => b.calls.getCall(incoming.id)!;
    await vi.waitFor(() => expect(remote().stats?.frameWidth).toBe(160), { timeout: 10_000 });

    const firstCamera = call.streams.localUserMedia!.getVideoTracks()[0]!;
    expect(await call.setInputDevice('videoinput', 'cam-large')).toEqual({ ok: true });
    expect(firstCamera.readyState).toBe('ended');
    expect(call.streams.localUserMedia!.getVideoTracks()).toHaveLength(1);
    await vi.waitFor(() => expect(remote().stats?.frameWidth).toBe(320), { timeout: 10_000 });

    const changes: CallDeviceChange[] = [];
    const off = a.calls.onDeviceChange((change) => changes.push(change));
    await vi.waitFor(() => expect(devices.watchers).toBe(1)); // the manager follows devicechange now
    devices.cameras = ['cam-small'];
    devices.dispatchEvent(new Event('devicechange'));
    await vi.waitFor(() => expect(changes).toHaveLength(1), { timeout: 5_000 });
    expect(changes[0]!.lost).toEqual([{ kind: 'videoinput', deviceId: 'cam-large', callId: call.id }]);
    expect(changes[0]!.devices.videoinput.map((d) => d.deviceId)).toEqual(['cam-small']);
    await vi.waitFor(() => expect(remote().stats?.frameWidth).toBe(160), { timeout: 10_000 });
    off();
    expect(devices.watchers).toBe(0);

    const acquired = call.streams.localUserMedia!;
    call.hangUp();
    expect(acquired.getTracks().every((t) => t.readyState === 'ended')).toBe(true);
    offB();
  });
});
