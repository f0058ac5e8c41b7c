/**
 * One call with one remote user, from either side: its state machine, its peer, its
 * `listen-for-a-call` stream and everything it must release when it ends. The public views
 * (RequestCallHandle, ReceivingCall, LiveCall) are thin wrappers over a session, so the rules
 * live in one place. The caller/callee signaling steps are in caller-flow.ts and callee-flow.ts.
 */
import { AsklessError, ClientErrorCode } from '../errors.js';
import { Listeners } from '../internal/listeners.js';
import { InternalRoute } from '../protocol/wire.js';
import type { CallPeer, CallPeerFactory } from './peer.js';
import type { CallTransport } from './transport.js';
import type { CallAdditionalData, CallEndReason, CallState } from './types.js';
import { decodeListenForACall, type CallCloseBody, type ListenForACallEvent, type WireSdp, type WireUserId } from './wire.js';
import { stopStream } from './media.js';
import { randomAlphanumeric } from '../ids.js';
import { restartIce, type IceRestartRelay } from './ice-restart.js';
import { reestablishAsOfferer } from './re-request.js';
import type { CallDirection } from './manager-types.js';
import type { MediaPermission } from './types.js';

/**
 * Tunables shared by every session of a service.
 * @example
 * const config: CallSessionConfig = { transport, createPeer: createSimplePeer, ringTimeoutMs: 45_000, peerCloseGraceMs: 3_000 };
 */
export interface CallSessionConfig {
  transport: CallTransport;
  createPeer: CallPeerFactory;
  /** Unanswered calls end as `missed` after this long. */
  ringTimeoutMs: number;
  /** After the media connection closes, how long to wait for the signaling to say why. */
  peerCloseGraceMs: number;
  /** A live call whose ICE stays `disconnected` this long ends `connection_failed`. Default 20 s. */
  reconnectTimeoutMs?: number;
  /** The relay for ICE-restart offers and answers (one per client). */
  iceRestartRelay?: IceRestartRelay;
  /** After the callee's signaling goes away while it rings, end the caller's call `unavailable`. */
  unavailableGraceMs?: number;
  /** Acquire local media when the app passed no stream (browsers); undefined → data only. */
  acquireLocalMedia?: (constraints: MediaStreamConstraints | undefined) => Promise<{ stream?: MediaStream; error?: AsklessError; permission?: MediaPermission }>;
}

/** Which side of the call a session plays (a glare switch turns a caller into the callee). */
export type CallRole = 'caller' | 'callee';

const LIVE_STATES: ReadonlySet<CallState> = new Set(['connecting', 'connected', 'reconnecting']);

/** Why the remote side's "call is over" maps to which end reason, by our state. */
function reasonForRemoteEnd(session: CallSession, event: ListenForACallEvent): CallEndReason {
  if ('endReason' in event && event.endReason) return event.endReason;
  if (LIVE_STATES.has(session.state)) return 'remote_hangup';
  if (session.role === 'callee') return 'canceled';
  // A callee's rejection carries its data; a bare close while we ring means it went away.
  if (event.kind === 'canceled') return 'unavailable';
  if (event.kind === 'rejected') {
    const reason = event.additionalData.reason;
    if (reason === 'busy' || reason === 'missed' || reason === 'media_error' || reason === 'unavailable') return reason;
  }
  return 'rejected';
}

let nextSessionId = 1;

/**
 * The state of one call. Created by the CallService; drive it through caller-flow/callee-flow.
 * @example
 * const session = new CallSession(config, 'caller', 2, {});
 * session.onStateChange((s) => console.log(s));
 */
export class CallSession {
  readonly id = nextSessionId++;
  /** The public id (`Call.id`); the manager may preset it right after construction. */
  callId = randomAlphanumeric(16);
  /** Which side placed the call (a glare switch keeps it). */
  readonly direction: CallDirection;
  /** When media first flowed (ms since the epoch). */
  connectedAt: number | undefined;
  /** Constraints for media acquired by the call itself (the manager's `media` option). */
  mediaConstraints: MediaStreamConstraints | undefined;
  /** Permission learned while acquiring media ourselves. */
  permission: MediaPermission | undefined;
  role: CallRole;
  readonly remoteUserId: WireUserId;
  state: CallState;
  endReason: CallEndReason | undefined;
  error: AsklessError | undefined;
  /** Ours (sent with the request or answer). */
  additionalData: CallAdditionalData;
  /** Theirs (the caller's request data, or the callee's answer/rejection data). */
  remoteAdditionalData: CallAdditionalData = {};
  localStream: MediaStream | undefined;
  /** True when the service acquired the local stream and so must stop its tracks. */
  ownsLocalStream = false;
  remoteStream: MediaStream | undefined;
  remoteConnected = true;
  /** Our own signaling connection (see CallTransport.onConnectionChange). */
  selfConnected = true;
  peer: CallPeer | undefined;
  /** The offer: ours as caller, theirs as callee. */
  offer: WireSdp | undefined;
  /** Caller: the request reached the server, so ending must tell the callee. */
  requestSent = false;
  /** Caller: the answer was applied (a re-sent initial value must not apply it twice). */
  answerApplied = false;
  /** Callee: the answer was posted. */
  answerSent = false;
  peerConnected = false;
  /** Callee: add candidates that arrived before the peer existed. */
  flushCandidates: (() => void) | undefined;

  readonly stateListeners = new Listeners<[CallState]>();
  readonly closeListeners = new Listeners<[CallEndReason]>();
  readonly remoteConnectionListeners = new Listeners<[boolean]>();
  readonly remoteStreamListeners = new Listeners<[MediaStream]>();
  readonly canceledListeners = new Listeners<[]>();
  /** Anything the manager's snapshot shows changed. */
  readonly changeListeners = new Listeners<[]>();
  /** A peer was attached (the first one, or a glare replacement). */
  readonly peerListeners = new Listeners<[CallPeer]>();
  /** Caller: resolves `response()` once accepted or ended. */
  readonly settled: Promise<void>;
  private settle!: () => void;

  private stopCallStream: (() => void) | undefined;
  private callStreamValues = 0;
  private readonly cleanups: Array<() => void> = [];
  private ringTimer: ReturnType<typeof setTimeout> | undefined;
  private peerCloseTimer: ReturnType<typeof setTimeout> | undefined;
  private unavailableTimer: ReturnType<typeof setTimeout> | undefined;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private stopIceRestart: (() => void) | undefined;
  /** Role when the current peer was made: that side's peer offered first, so it restarts ICE. */
  private peerInitiator = false;
  /** ICE went `disconnected` (the network dropped): the call is `reconnecting` until it recovers. */
  private iceDisconnected = false;

  constructor(
    readonly config: CallSessionConfig,
    role: CallRole,
    remoteUserId: WireUserId,
    additionalData: CallAdditionalData,
    initialState: CallState = role === 'caller' ? 'requesting' : 'incoming',
  ) {
    this.role = role;
    this.direction = role === 'caller' ? 'outgoing' : 'incoming';
    this.remoteUserId = remoteUserId;
    this.additionalData = additionalData;
    this.state = initialState;
    this.settled = new Promise((resolve) => (this.settle = resolve));
  }

  /** Follow our own connection for the life of the session. */
  watchOwnConnection(): void {
    const off = this.config.transport.onConnectionChange?.((connected) => this.onOwnConnection(connected));
    if (off) this.onEnd(off);
  }

  get ended(): boolean {
    return this.state === 'ended';
  }

  get isLive(): boolean {
    return LIVE_STATES.has(this.state);
  }

  log(message: string): void {
    this.config.transport.log(`call#${this.id} ${this.role} peer=${String(this.remoteUserId)} ${message}`);
  }

  /** Move to `next` (no-op once ended or unchanged) and tell the listeners. */
  setState(next: CallState): void {
    if (this.ended || this.state === next) return;
    this.log(`${this.state} -> ${next}`);
    this.state = next;
    if (next === 'connected') this.connectedAt ??= Date.now();
    if (next === 'connecting' || next === 'connected') this.settle();
    this.stateListeners.emit(next);
    this.touch();
  }

  /** Tell the manager something it shows changed. */
  touch(): void {
    this.changeListeners.emit();
  }

  /** Run `fn` when the session ends (or now if it already has). */
  onEnd(fn: () => void): void {
    if (this.ended) fn();
    else this.cleanups.push(fn);
  }

  /** Per-call ring timeout (requestCallToUser option). */
  ringTimeoutOverride: number | undefined;

  startRingTimer(ms = this.ringTimeoutOverride ?? this.config.ringTimeoutMs, onExpire: () => void = () => this.end('missed', { notifyRemote: true })): void {
    this.clearRingTimer();
    this.ringTimer = setTimeout(() => {
      this.ringTimer = undefined;
      if (!this.ended && !this.isLive) onExpire();
    }, ms);
  }

  clearRingTimer(): void {
    if (this.ringTimer !== undefined) clearTimeout(this.ringTimer);
    this.ringTimer = undefined;
  }

  /** Listen to `listen-for-a-call {remoteUserId}` for the life of the session. */
  listenForTheCall(): void {
    if (this.stopCallStream || this.ended) return;
    this.stopCallStream = this.config.transport.listen(
      InternalRoute.callListenForACall,
      { remoteUserId: this.remoteUserId },
      {
        onValue: (value) => this.onCallStreamValue(value),
        onStop: (error) => this.onCallStreamStop(error),
      },
    );
  }

  private onCallStreamValue(value: unknown): void {
    if (this.ended) return;
    const first = this.callStreamValues++ === 0;
    const event = decodeListenForACall(value);
    if (this.probing && event.kind !== 'remoteConnection') return this.onProbeValue(event);
    if (first && this.role === 'callee' && this.state === 'incoming' && event.kind !== 'offer' && event.kind !== 'remoteConnection') {
      // The stored offer is gone: the caller canceled before we started listening (Q22).
      this.end('canceled');
      return;
    }
    // The caller's first value was computed before its request existed: a stale leftover.
    if (first && this.role === 'caller' && event.kind !== 'remoteConnection') return;
    switch (event.kind) {
      case 'remoteConnection':
        this.onRemoteConnection(event.connected);
        return;
      case 'accepted':
        // The answer to a re-establishing request (re-request.ts), not the call's first one.
        if (this.reestablishAnswer) return this.reestablishAnswer(event.sdp, event.additionalData);
        this.onAccepted?.(event.sdp, event.additionalData);
        return;
      case 'rejected':
        this.remoteAdditionalData = event.additionalData;
        this.end(reasonForRemoteEnd(this, event));
        return;
      case 'canceled':
      case 'closed':
        this.end(reasonForRemoteEnd(this, event));
        return;
      default:
        return;
    }
  }

  /** Set by the caller flow: apply the callee's answer. */
  onAccepted: ((sdp: WireSdp, additionalData: CallAdditionalData) => void) | undefined;
  /** Set while a re-establishing request waits for its answer (re-request.ts). */
  reestablishAnswer: ((sdp: WireSdp, additionalData: CallAdditionalData) => void) | undefined;
  /** When a re-established peer last replaced the old one (its ICE needs a moment to connect). */
  reestablishedAt = 0;
  /** The peer said hello on the in-band channel: it is askless-react (set by CallMedia). */
  inBandPeer = false;

  private onCallStreamStop(error?: AsklessError): void {
    const release = this.stopCallStream;
    this.stopCallStream = undefined;
    release?.();
    if (this.ended) return;
    if (error && error.code !== ClientErrorCode.STREAM_STOPPED) {
      this.log(`call stream failed: ${error.code}`);
      this.end('connection_failed', { error, notifyRemote: true });
      return;
    }
    if (this.isLive && !this.probing) {
      // Askless 2.0.3 also stops this stream when it cleans an *unrelated* call of ours (declining
      // a third caller as busy). Listen again: the fresh initial value says whether our call is
      // still stored (then it goes on) or was cleaned (then the peer hung up).
      this.probing = true;
      this.listenForTheCall();
      return;
    }
    // StopListening: the server cleaned the call (the push saying why may come after, §8.3).
    this.end(this.isLive ? 'remote_hangup' : this.role === 'callee' ? 'canceled' : 'rejected');
  }

  /** True while a re-LISTEN after a StopListening waits for its initial value. */
  private probing = false;

  /** The initial value of the re-LISTEN: empty means the call is gone on the server. */
  private onProbeValue(event: ListenForACallEvent): void {
    this.probing = false;
    if (event.kind === 'none' || event.kind === 'canceled' || event.kind === 'closed' || event.kind === 'rejected') this.end('remote_hangup');
    else this.log('call stream restarted; the call is still stored');
  }

  onRemoteConnection(connected: boolean): void {
    if (this.remoteConnected === connected) return;
    this.remoteConnected = connected;
    this.remoteConnectionListeners.emit(connected);
    this.updateLiveState();
    this.watchUnavailable();
    this.touch();
  }

  /** ICE often comes back by itself after a network blip; give it `reconnectTimeoutMs`. */
  private watchReconnect(): void {
    if (!this.iceDisconnected) {
      if (this.reconnectTimer !== undefined) clearTimeout(this.reconnectTimer);
      this.reconnectTimer = undefined;
      this.stopIceRestart?.();
      this.stopIceRestart = undefined;
      return;
    }
    const relay = this.config.iceRestartRelay;
    if (relay && !this.stopIceRestart) {
      const timeout = this.config.reconnectTimeoutMs ?? 20_000;
      const retryMs = Math.min(2_000, Math.max(500, timeout / 4));
      this.stopIceRestart = restartIce(
        relay,
        {
          remoteUserId: this.remoteUserId,
          offerer: this.peerInitiator,
          pc: () => (this.ended ? undefined : this.peer?._pc),
          log: (m) => this.log(m),
          // No relay (2.0.3): an askless-react peer takes a new request instead; a Flutter one would ring.
          reestablish: () =>
            // Not to a Flutter peer, and not while the last new peer may still be connecting.
            this.inBandPeer && Date.now() - this.reestablishedAt >= retryMs * 3 ? reestablishAsOfferer(this, retryMs * 2) : Promise.resolve(false),
        },
        retryMs,
      );
    }
    this.reconnectTimer ??= setTimeout(() => {
      this.reconnectTimer = undefined;
      if (this.iceDisconnected) this.end('connection_failed', { error: new AsklessError('CONNECTION_FAILED', 'The media connection did not come back'), notifyRemote: true });
    }, this.config.reconnectTimeoutMs ?? 20_000);
  }

  /** A callee whose signaling went away while ringing (tab closed) will not answer. */
  private watchUnavailable(): void {
    if (this.unavailableTimer !== undefined) clearTimeout(this.unavailableTimer);
    this.unavailableTimer = undefined;
    if (this.remoteConnected || this.role !== 'caller' || this.state !== 'ringing') return;
    this.unavailableTimer = setTimeout(() => {
      this.unavailableTimer = undefined;
      if (!this.remoteConnected && this.state === 'ringing') this.end('unavailable', { notifyRemote: true });
    }, this.config.unavailableGraceMs ?? 5_000);
  }

  /** Our own signaling connection changed. */
  onOwnConnection(connected: boolean): void {
    if (this.selfConnected === connected) return;
    this.selfConnected = connected;
    this.updateLiveState();
  }

  /** A live call is `reconnecting` while either side's signaling is gone, else follows the media. */
  updateLiveState(): void {
    if (!this.isLive) return;
    if (!this.remoteConnected || !this.selfConnected || this.iceDisconnected) this.setState('reconnecting');
    else this.setState(this.peerConnected ? 'connected' : 'connecting');
  }

  /** Wire the peer's events to the state machine. */
  attachPeer(peer: CallPeer): void {
    this.peer = peer;
    this.peerInitiator = this.role === 'caller';
    // A glare switch replaces the peer: the old one's events must not touch the session.
    const current = () => this.peer === peer && !this.ended;
    // §8.3 step 11: a call is live on the first remote track. simple-peer's `connect` needs a data
    // channel, which a Flutter peer never opens; when the peer does open one, `connect` is only
    // an earlier signal of the same thing.
    const live = (how: string) => {
      if (!current() || this.peerConnected) return;
      this.peerConnected = true;
      this.log(`media connected (${how})`);
      this.updateLiveState();
    };
    peer.on('stream', (stream) => {
      // The first stream is the remote user media; later ones (a screen share) are the manager's.
      if (!current() || (this.remoteStream && this.remoteStream.id !== stream.id)) return;
      this.remoteStream = stream;
      this.remoteStreamListeners.emit(stream);
      this.touch();
      live('remote track');
    });
    peer.on('connect', () => live('data channel'));
    const lost = (code: string) => {
      if (!current() || this.peerCloseTimer !== undefined) return;
      this.peerConnected = false;
      this.log(`media connection lost (${code})`);
      // The remote's hang-up usually closes the media first; let the signaling say so.
      this.peerCloseTimer = setTimeout(() => {
        this.peerCloseTimer = undefined;
        this.end('connection_failed', { error: new AsklessError('CONNECTION_FAILED', `The media connection closed (${code})`), notifyRemote: true });
      }, this.config.peerCloseGraceMs);
    };
    peer.on('iceStateChange', (iceState) => {
      if (!current()) return;
      const down = iceState === 'disconnected' || iceState === 'failed';
      if (down === this.iceDisconnected) return;
      this.iceDisconnected = down;
      this.log(`ICE ${iceState}`);
      this.watchReconnect();
      this.updateLiveState();
    });
    peer.on('error', (error) => lost(error.code ?? 'ERR_PEER'));
    peer.on('close', () => lost('closed'));
    this.peerListeners.emit(peer);
  }

  /** Swap in a re-established peer (re-request.ts); the old one's events no longer count. */
  replacePeer(peer: CallPeer): void {
    const old = this.peer;
    this.attachPeer(peer);
    try {
      old?.destroy();
    } catch {
      // Already destroyed.
    }
  }

  /**
   * End the call once: release the peer, streams and timers, and tell the remote side when we are
   * the one ending it (`notifyRemote`).
   */
  end(reason: CallEndReason, options: { error?: AsklessError; notifyRemote?: boolean; rejectData?: CallAdditionalData } = {}): void {
    if (this.ended) return;
    const wasLive = this.isLive || this.answerSent;
    this.log(`ended: ${reason}`);
    this.endReason = reason;
    this.error ??= options.error;
    this.state = 'ended';
    this.clearRingTimer();
    if (this.peerCloseTimer !== undefined) clearTimeout(this.peerCloseTimer);
    if (this.unavailableTimer !== undefined) clearTimeout(this.unavailableTimer);
    if (this.reconnectTimer !== undefined) clearTimeout(this.reconnectTimer);
    this.stopIceRestart?.();
    if (options.notifyRemote) this.notifyRemoteOfEnd(reason, wasLive, options.rejectData);
    this.stopCallStream?.();
    this.stopCallStream = undefined;
    try {
      this.peer?.destroy();
    } catch {
      // simple-peer's destroy is idempotent; a fake's may not be. Nothing else to release.
    }
    if (this.ownsLocalStream) stopStream(this.localStream);
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.settle();
    this.stateListeners.emit('ended');
    // Answered on another device: for this one the call is gone, as for a cancel (1:1 API's onCanceled).
    if (this.role === 'callee' && !wasLive && (reason === 'canceled' || reason === 'missed' || reason === 'answered_elsewhere')) this.canceledListeners.emit();
    this.closeListeners.emit(reason);
    this.touch();
  }

  private notifyRemoteOfEnd(reason: CallEndReason, wasLive: boolean, rejectData?: CallAdditionalData): void {
    const { transport } = this.config;
    if (this.role === 'callee' && !wasLive) {
      // Unanswered incoming call: a rejection is what a Flutter caller understands.
      void transport.create(InternalRoute.callResponse, {
        callAccepted: false,
        remoteUserId: this.remoteUserId,
        additionalData: rejectData ?? { reason },
      });
      return;
    }
    if (this.role === 'caller' && !this.requestSent && !this.answerApplied) return;
    const body: CallCloseBody = { remoteUserId: this.remoteUserId, callClosed: true };
    if (reason !== 'hangup') body.endReason = reason;
    void transport.create(InternalRoute.callClose, body);
  }
}
