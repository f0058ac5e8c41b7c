/**
 * The in-band channel between two askless-react peers (issue 15). The Askless routes carry one
 * offer and one answer (§8.4); everything else two askless-react sides want to tell each other
 * travels here, over a WebRTC data channel negotiated in the first offer: a versioned hello with
 * capabilities, then mute/camera state, hold, screen share and renegotiation signals.
 *
 * Not tied to a 1:1 call: it only needs a text link to one remote peer, so a group call can run
 * one per pair. A Flutter peer opens no data channel, so nothing here is ever sent to it, and
 * nothing here ever touches an Askless route.
 */
import { Listeners } from '../internal/listeners.js';

/** The version of this channel's protocol, sent in the hello. */
export const PEER_CHANNEL_VERSION = 1;

/** Features this build understands, announced in the hello. */
export const PEER_CHANNEL_FEATURES: readonly string[] = Object.freeze(['mute', 'hold', 'screen-share', 'renegotiate']);

/** Bigger messages are dropped unread (an SDP is a few kB; 64 kB leaves room for many m-lines). */
export const PEER_CHANNEL_MAX_MESSAGE_CHARS = 64 * 1024;

/**
 * One message of the channel. Unknown `t` values are ignored by the receiver, so later versions
 * can add messages without breaking older peers.
 * @example
 * channel.send({ t: 'media', audioMuted: true, videoMuted: false });
 */
export type PeerMessage =
  | { t: 'hello'; v: number; features: string[] }
  | { t: 'media'; audioMuted: boolean; videoMuted: boolean }
  | { t: 'hold'; on: boolean }
  | { t: 'screen'; on: boolean; streamId?: string }
  | { t: 'signal'; data: PeerSignal };

/** A renegotiation signal as simple-peer emits it (offer, answer, or a request to renegotiate). */
export type PeerSignal =
  | { type: 'offer' | 'answer'; sdp: string }
  | { type: 'renegotiate'; renegotiate: true }
  | { type: 'transceiverRequest'; transceiverRequest: { kind: 'audio' | 'video'; init?: Record<string, unknown> } };

/**
 * The text link a channel runs over (a data channel, or a fake in unit tests).
 * @example
 * const link: PeerLink = { send: (text) => peer.send(text), onText: (l) => onData(l) };
 */
export interface PeerLink {
  send(text: string): void;
  /** Subscribe to incoming text; returns unsubscribe. */
  onText(listener: (text: string) => void): () => void;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function decodeSignal(value: unknown): PeerSignal | undefined {
  if (!isObject(value)) return undefined;
  if ((value.type === 'offer' || value.type === 'answer') && typeof value.sdp === 'string') return { type: value.type, sdp: value.sdp };
  if (value.type === 'renegotiate' && value.renegotiate === true) return { type: 'renegotiate', renegotiate: true };
  const request = value.transceiverRequest;
  if (value.type === 'transceiverRequest' && isObject(request) && (request.kind === 'audio' || request.kind === 'video')) {
    return { type: 'transceiverRequest', transceiverRequest: { kind: request.kind, ...(isObject(request.init) ? { init: request.init } : {}) } };
  }
  return undefined;
}

/**
 * Decode one message off the wire; anything malformed, oversized or unknown is `undefined`.
 * @example
 * decodePeerMessage('{"t":"hold","on":true}'); // { t: 'hold', on: true }
 */
export function decodePeerMessage(text: unknown): PeerMessage | undefined {
  if (typeof text !== 'string' || text.length > PEER_CHANNEL_MAX_MESSAGE_CHARS) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(value)) return undefined;
  switch (value.t) {
    case 'hello':
      if (typeof value.v !== 'number' || !Number.isInteger(value.v) || value.v < 1 || !Array.isArray(value.features)) return undefined;
      return { t: 'hello', v: value.v, features: value.features.filter((f): f is string => typeof f === 'string' && f.length <= 64).slice(0, 64) };
    case 'media':
      if (typeof value.audioMuted !== 'boolean' || typeof value.videoMuted !== 'boolean') return undefined;
      return { t: 'media', audioMuted: value.audioMuted, videoMuted: value.videoMuted };
    case 'hold':
      return typeof value.on === 'boolean' ? { t: 'hold', on: value.on } : undefined;
    case 'screen':
      if (typeof value.on !== 'boolean' || (value.streamId !== undefined && (typeof value.streamId !== 'string' || value.streamId.length > 256))) return undefined;
      return value.streamId === undefined ? { t: 'screen', on: value.on } : { t: 'screen', on: value.on, streamId: value.streamId };
    case 'signal': {
      const data = decodeSignal(value.data);
      return data ? { t: 'signal', data } : undefined;
    }
    default:
      return undefined;
  }
}

/** The remote hello, once received. */
export interface PeerHello {
  readonly version: number;
  readonly features: readonly string[];
}

type Handlers = { [K in PeerMessage['t']]: Listeners<[Extract<PeerMessage, { t: K }>]> };

/**
 * A typed, validated message channel to one remote askless-react peer.
 * @example
 * const channel = new PeerChannel(link);
 * channel.on('hold', ({ on }) => setRemoteHold(on));
 * channel.open();
 */
export class PeerChannel {
  /** The peer's hello; undefined until it arrives. */
  remote: PeerHello | undefined;
  /** Messages dropped as malformed, oversized or unknown (for logs and tests). */
  dropped = 0;
  private readonly handlers: Handlers = {
    hello: new Listeners(),
    media: new Listeners(),
    hold: new Listeners(),
    screen: new Listeners(),
    signal: new Listeners(),
  };
  private off: (() => void) | undefined;
  private closed = false;

  constructor(
    private readonly link: PeerLink,
    private readonly features: readonly string[] = PEER_CHANNEL_FEATURES,
  ) {}

  /** Start reading and say hello. */
  open(): void {
    if (this.off || this.closed) return;
    this.off = this.link.onText((text) => this.receive(text));
    this.sayHello();
  }

  private sayHello(): void {
    this.send({ t: 'hello', v: PEER_CHANNEL_VERSION, features: [...this.features] });
  }

  /** True when the peer announced `feature` in its hello. */
  supports(feature: string): boolean {
    return this.remote?.features.includes(feature) ?? false;
  }

  on<K extends PeerMessage['t']>(type: K, listener: (message: Extract<PeerMessage, { t: K }>) => void): () => void {
    return (this.handlers[type] as Listeners<[Extract<PeerMessage, { t: K }>]>).add(listener);
  }

  /** Send a message; false when the link refused it (closed) or the channel is closed. */
  send(message: PeerMessage): boolean {
    if (this.closed) return false;
    try {
      this.link.send(JSON.stringify(message));
      return true;
    } catch {
      // The data channel closed under us (the peer is going away); the call's own state says why.
      return false;
    }
  }

  close(): void {
    this.closed = true;
    this.off?.();
    this.off = undefined;
    for (const listeners of Object.values(this.handlers)) listeners.clear();
  }

  private receive(text: string): void {
    const message = decodePeerMessage(text);
    if (!message) {
      this.dropped++;
      return;
    }
    if (message.t === 'hello') {
      const first = !this.remote;
      this.remote = { version: message.v, features: message.features };
      // Our hello may have gone out before the peer listened: answer its first hello once, so
      // each side surely hears the other (each replies at most once, so this cannot loop).
      if (first) this.sayHello();
    }
    (this.handlers[message.t] as Listeners<[PeerMessage]>).emit(message);
  }
}
