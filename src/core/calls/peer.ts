/**
 * The WebRTC peer of a call: simple-peer, loaded lazily (apps that never call never load it) from
 * its self-contained bundle, always with `trickle:false` so an offer or answer already carries
 * the gathered candidates (§8.5). Injectable, so unit tests can drive a fake peer.
 */
import type SimplePeer from 'simple-peer';

/** The subset of a simple-peer instance the call service uses. */
export interface CallPeer {
  signal(data: SimplePeer.SignalData): void;
  destroy(error?: Error): void;
  on(event: 'signal', listener: (data: SimplePeer.SignalData) => void): unknown;
  on(event: 'stream', listener: (stream: MediaStream) => void): unknown;
  on(event: 'connect', listener: () => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error & { code?: string }) => void): unknown;
  /** In-band data (the data channel negotiated in the first offer; never with a Flutter peer). */
  on(event: 'data', listener: (data: unknown) => void): unknown;
  on(event: 'track', listener: (track: MediaStreamTrack, stream: MediaStream) => void): unknown;
  /** simple-peer's ICE connection state changes (`disconnected` turns a call `reconnecting`). */
  on(event: 'iceStateChange', listener: (iceConnectionState: string, iceGatheringState: string) => void): unknown;
  /** The following are simple-peer's; optional so a minimal fake can leave them out. */
  send?(text: string): void;
  addStream?(stream: MediaStream): void;
  removeStream?(stream: MediaStream): void;
  replaceTrack?(oldTrack: MediaStreamTrack, newTrack: MediaStreamTrack | null, stream: MediaStream): void;
  /** simple-peer's RTCPeerConnection (stats, senders, ICE state). */
  readonly _pc?: RTCPeerConnection;
}

/** What the service asks of a peer factory. */
export interface CallPeerOptions {
  initiator: boolean;
  stream?: MediaStream;
  config?: RTCConfiguration;
  /** Node: a WebRTC implementation such as `@roamhq/wrtc`. */
  wrtc?: unknown;
  /** Give up waiting for ICE gathering after this long (simple-peer's `iceCompleteTimeout`). */
  iceGatheringTimeoutMs?: number;
}

/**
 * Creates a peer; the default loads simple-peer on first use.
 * @example
 * const factory: CallPeerFactory = createSimplePeer;
 */
export type CallPeerFactory = (options: CallPeerOptions) => Promise<CallPeer>;

let loading: Promise<SimplePeer.SimplePeer> | undefined;

/**
 * Load simple-peer's bundle once (a dynamic import, so bundlers split it out).
 * @example
 * const Peer = await loadSimplePeer();
 */
export function loadSimplePeer(): Promise<SimplePeer.SimplePeer> {
  loading ??= import('simple-peer/simplepeer.min.js').then((mod) => {
    // The bundle is UMD: ESM interop may hand us the constructor or a namespace holding it.
    const candidate = (mod as { default?: unknown }).default ?? mod;
    return ((candidate as { default?: unknown }).default ?? candidate) as SimplePeer.SimplePeer;
  });
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

/**
 * The default factory: a simple-peer with `trickle:false`; the caller offers to receive audio and
 * video even when it sends nothing, so a data-only side still gets the other's media.
 * @example
 * const peer = await createSimplePeer({ initiator: true, stream, config: { iceServers } });
 */
export const createSimplePeer: CallPeerFactory = async (options) => {
  const Peer = await loadSimplePeer();
  const peerOptions: SimplePeer.Options = {
    initiator: options.initiator,
    trickle: false,
    config: options.config,
    stream: options.stream,
    offerOptions: { offerToReceiveAudio: true, offerToReceiveVideo: true },
  };
  if (options.iceGatheringTimeoutMs !== undefined) peerOptions.iceCompleteTimeout = options.iceGatheringTimeoutMs;
  if (options.wrtc) peerOptions.wrtc = options.wrtc as SimplePeer.Options['wrtc'];
  const peer = new Peer(peerOptions) as unknown as CallPeer & SimplePeerInternals;
  keepAliveOnIceFailure(peer);
  return peer;
};

/** The two simple-peer internals that destroy a peer when ICE fails. */
interface SimplePeerInternals {
  _onIceStateChange(): void;
  _onConnectionStateChange(): void;
  emit(event: string, ...args: unknown[]): boolean;
}

/**
 * simple-peer destroys itself when ICE or the connection `failed`; an ICE restart can still
 * bring such a connection back, so the call decides instead (it ends `connection_failed` after
 * `reconnectTimeoutMs`). `failed` is still reported as an `iceStateChange`.
 */
function keepAliveOnIceFailure(peer: CallPeer & SimplePeerInternals): void {
  const onIce = peer._onIceStateChange.bind(peer);
  peer._onIceStateChange = () => {
    const pc = peer._pc;
    if (pc?.iceConnectionState === 'failed') peer.emit('iceStateChange', 'failed', pc.iceGatheringState);
    else onIce();
  };
  const onConnection = peer._onConnectionStateChange.bind(peer);
  peer._onConnectionStateChange = () => {
    if (peer._pc?.connectionState !== 'failed') onConnection();
  };
}
