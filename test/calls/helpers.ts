/**
 * Support for the Node call tests: real clients (with `ws` and `@roamhq/wrtc`) logged in to the
 * reference server, wrtc media streams made from synthetic sources, and a recorder of a call's
 * states. Every stream and client made here is released by `cleanup()`.
 */
import wrtc from '@roamhq/wrtc';
import WebSocket from 'ws';
import { expect } from 'vitest';
import { AsklessClient } from '../../src/core/client.js';
import type { CallState } from '../../src/core/calls/types.js';
import type { AsklessClientOptions, WebSocketConstructor } from '../../src/core/types.js';

const opened: AsklessClient<number>[] = [];
const tracks: Array<{ stop(): void }> = [];

/**
 * A started client logged in as user `n` (`token-<n>`).
 * @example
 * const alice = await loggedIn(url, 1);
 */
export async function loggedIn(url: string, n: number, options: Partial<AsklessClientOptions<number>> = {}): Promise<AsklessClient<number>> {
  const client = new AsklessClient<number>({
    serverUrl: url,
    WebSocket: WebSocket as unknown as WebSocketConstructor,
    wrtc,
    streamReleaseGraceMs: 50,
    // No STUN: this machine has no internet, and gathering would wait for simple-peer's 5 s timeout.
    getWebRTCParams: async () => ({ configuration: { iceServers: [] } }),
    ...options,
  });
  opened.push(client);
  client.start();
  const auth = await client.authenticate({ credential: { accessToken: `token-${n}` } });
  expect(auth.success).toBe(true);
  expect(auth.userId).toBe(n);
  return client;
}

/**
 * A wrtc MediaStream with a synthetic video (and optionally audio) track; stopped by cleanup().
 * @example
 * const stream = localMedia({ audio: true });
 */
export function localMedia(kinds: { video?: boolean; audio?: boolean } = { video: true }): MediaStream {
  const list: unknown[] = [];
  if (kinds.video !== false) list.push(new wrtc.nonstandard.RTCVideoSource().createTrack());
  if (kinds.audio) list.push(new wrtc.nonstandard.RTCAudioSource().createTrack());
  for (const t of list) tracks.push(t as { stop(): void });
  return new wrtc.MediaStream(list as never) as unknown as MediaStream;
}

/**
 * Record every state a call goes through (starting with its current one).
 * @example
 * const states = recordStates(handle);
 */
export function recordStates(target: { state: CallState; onStateChange(l: (s: CallState) => void): () => void }): CallState[] {
  const seen: CallState[] = [target.state];
  target.onStateChange((s) => seen.push(s));
  return seen;
}

const feeders: Array<ReturnType<typeof setInterval>> = [];

/**
 * A wrtc MediaStream whose sources really produce media: 160×120 video frames at 10 fps and a
 * 440 Hz tone (`loud`) or silence, so stats, levels and quality have something to measure.
 * @example
 * const stream = flowingMedia({ audio: true, video: true, loud: true });
 */
export function flowingMedia(kinds: { video?: boolean; audio?: boolean; loud?: boolean; width?: number; height?: number } = { video: true, audio: true }): MediaStream {
  const list: unknown[] = [];
  const video = kinds.video !== false ? new wrtc.nonstandard.RTCVideoSource() : undefined;
  const audio = kinds.audio !== false ? new wrtc.nonstandard.RTCAudioSource() : undefined;
  if (video) list.push(video.createTrack());
  if (audio) list.push(audio.createTrack());
  for (const t of list) tracks.push(t as { stop(): void });
  const width = kinds.width ?? 160;
  const height = kinds.height ?? 120;
  const frame = { width, height, data: new Uint8Array(width * height * 1.5) };
  const samples = new Int16Array(480);
  let phase = 0;
  let tick = 0;
  const timer = setInterval(() => {
    if (audio) {
      for (let i = 0; i < samples.length; i++) samples[i] = kinds.loud ? Math.round(Math.sin((phase++ * 2 * Math.PI * 440) / 48_000) * 12_000) : 0;
      audio.onData({ samples, sampleRate: 48_000, bitsPerSample: 16, channelCount: 1, numberOfFrames: 480 });
    }
    if (video && tick++ % 10 === 0) {
      frame.data.fill(tick % 255);
      video.onFrame(frame);
    }
  }, 10);
  feeders.push(timer);
  return new wrtc.MediaStream(list as never) as unknown as MediaStream;
}

/** Close every client and stop every local track made by these helpers. */
export function cleanup(): void {
  for (const client of opened.splice(0)) client.close();
  for (const timer of feeders.splice(0)) clearInterval(timer);
  for (const track of tracks.splice(0)) track.stop();
}
