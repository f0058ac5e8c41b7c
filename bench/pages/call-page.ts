/**
 * The call-setup figure's page (one per user), with two call stacks side by side:
 * - `askless`: our client, authenticated as `token-<me>`; the callee auto-accepts;
 * - `bare`: bare simple-peer over a bare `ws` relay (`{to, from, data}` frames), the
 *   baseline, with the same peer options our call layer uses (trickle off, no ICE servers);
 * - `bareTrickle`: the same with simple-peer's default trickle ICE, for reference.
 * Each page holds both, so the two modes run in the same pages. Camera streams are acquired before any measurement, so both modes time signaling + WebRTC
 * only: from `requestCall` (or `new SimplePeer`) to the first remote video frame on the caller.
 *
 * @example
 * // caller page
 * const ms = await page.evaluate(() => window.__call.askless.call());
 */
import SimplePeer from 'simple-peer/simplepeer.min.js';
import type { Instance as PeerInstance } from 'simple-peer';
import { AsklessClient } from '../../src/core/index.js';
import type { LiveCall } from '../../src/core/calls/types.js';

/**
 * What the driver calls on each page (one per call stack).
 * @example await page.evaluate(() => window.__call.bare.ready);
 */
export interface CallBench {
  /** Resolves once the page is ready to call or be called. */
  ready: Promise<void>;
  /** Caller: place one call; ms from the request to the first remote video frame. */
  call(): Promise<number>;
  /** Both sides: end the current call; resolves once it is torn down here. */
  hangUp(): Promise<void>;
  /** Calls answered so far (callee). */
  answered(): number;
  /** Resolves once no call is live on this page (the callee after the caller hung up). */
  settled(): Promise<void>;
}

declare global {
  interface Window {
    __call: { askless: CallBench; bare: CallBench; bareTrickle: CallBench };
  }
}

const query = new URLSearchParams(location.search);
const me = Number(query.get('me'));
const peerId = Number(query.get('peer'));
const config: RTCConfiguration = { iceServers: [] };

const localStream = navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 320, height: 240 } });

/** Resolve at the first decoded frame of `stream` (rVFC where available, else loadeddata). */
function firstFrame(stream: MediaStream): Promise<number> {
  const video = document.createElement('video');
  video.muted = true;
  video.autoplay = true;
  video.playsInline = true;
  document.body.append(video);
  video.srcObject = stream;
  void video.play().catch(() => undefined);
  return new Promise((resolve) => {
    if ('requestVideoFrameCallback' in video) {
      video.requestVideoFrameCallback(() => resolve(performance.now()));
    } else {
      (video as HTMLVideoElement).addEventListener('loadeddata', () => resolve(performance.now()), { once: true });
    }
  });
}

function clearVideos(): void {
  for (const v of document.querySelectorAll('video')) {
    v.srcObject = null;
    v.remove();
  }
}

function asklessBench(): CallBench {
  const client = new AsklessClient<number>({ serverUrl: query.get('server') ?? '', getWebRTCParams: async () => ({ configuration: config }) });
  client.start();
  let live: LiveCall | undefined;
  let answered = 0;
  const ready = (async () => {
    const stream = await localStream;
    const auth = await client.authenticate({ credential: { accessToken: `token-${me}` } });
    if (!auth.success) throw new Error(`login failed: ${auth.error?.code}`);
    client.onIncomingCall((incoming) => {
      void incoming.acceptCall({ localStream: stream }).then((result) => {
        if (result.liveCall) {
          live = result.liveCall;
          answered += 1;
        }
      });
    });
  })();
  return {
    ready,
    async call() {
      const stream = await localStream;
      const t0 = performance.now();
      const handle = client.requestCallToUser({ userId: peerId, localStream: stream });
      const result = await handle.response();
      if (!result.callAccepted || !result.liveCall) throw new Error(`call not accepted: ${result.endReason ?? result.error?.code}`);
      const call = result.liveCall;
      live = call;
      const remote = call.remoteStream ?? (await new Promise<MediaStream>((resolve) => call.onRemoteStream(resolve)));
      return (await firstFrame(remote)) - t0;
    },
    async hangUp() {
      const call = live;
      live = undefined;
      if (call && call.state !== 'ended') {
        const ended = new Promise<void>((resolve) => call.onClose(() => resolve()));
        call.closeCall();
        await ended;
      }
      clearVideos();
    },
    answered: () => answered,
    async settled() {
      const call = live;
      if (call && call.state !== 'ended') await new Promise<void>((resolve) => call.onClose(() => resolve()));
      live = undefined;
      clearVideos();
    },
  };
}

function bareBench(trickle: boolean, relayUrl: string): CallBench {
  const socket = new WebSocket(relayUrl);
  let peer: PeerInstance | undefined;
  let onGone: (() => void) | undefined;
  let answered = 0;
  // Each stack has its own relay address, so the two bare stacks of a page never cross.
  const channel = trickle ? 'trickle' : 'batch';
  const send = (data: unknown) => socket.send(JSON.stringify({ to: `${peerId}:${channel}`, from: me, data }));
  const makePeer = (initiator: boolean, stream: MediaStream) => {
    const p = new SimplePeer({ initiator, trickle, config, stream, offerOptions: { offerToReceiveAudio: true, offerToReceiveVideo: true } });
    p.on('signal', (data) => send(data));
    p.on('error', () => undefined);
    return p;
  };
  const ready = (async () => {
    const stream = await localStream;
    if (socket.readyState !== WebSocket.OPEN) {
      await new Promise<void>((resolve) => socket.addEventListener('open', () => resolve(), { once: true }));
    }
    socket.send(JSON.stringify({ register: `${me}:${channel}` }));
    socket.addEventListener('message', (event) => {
      const { data } = JSON.parse(String(event.data)) as { data: SimplePeer.SignalData | { bye: true } };
      if ('bye' in data) {
        peer?.destroy();
        peer = undefined;
        onGone?.();
        onGone = undefined;
        return;
      }
      if (!peer) {
        peer = makePeer(false, stream);
        answered += 1;
      }
      peer.signal(data);
    });
  })();
  return {
    ready,
    async call() {
      const stream = await localStream;
      const t0 = performance.now();
      const p = makePeer(true, stream);
      peer = p;
      const remote = await new Promise<MediaStream>((resolve) => p.on('stream', resolve));
      return (await firstFrame(remote)) - t0;
    },
    async hangUp() {
      send({ bye: true });
      peer?.destroy();
      peer = undefined;
      clearVideos();
    },
    answered: () => answered,
    async settled() {
      // The callee drops its peer when the caller's "bye" arrives; wait for that.
      if (peer) await new Promise<void>((resolve) => { onGone = resolve; });
      clearVideos();
    },
  };
}

// Two bare stacks on separate relay connections: our peer options, and simple-peer's default
// trickle ICE (which the Askless protocol cannot use: it sends candidates in one batch, §8).
const relay = query.get('relay') ?? '';
window.__call = { askless: asklessBench(), bare: bareBench(false, relay), bareTrickle: bareBench(true, relay) };
