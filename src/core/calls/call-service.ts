/**
 * One client's calls: starts outgoing calls, turns `call/receive` pushes into ReceivingCalls and
 * enforces the rules 2.0.3 leaves to clients (Q22): one call at a time (`busy`), one incoming
 * call per caller (duplicates merged), glare resolved to exactly one call, ring timeouts.
 */
import { AsklessError, ClientErrorCode } from '../errors.js';
import { Listeners } from '../internal/listeners.js';
import { InternalRoute } from '../protocol/wire.js';
import { CallSession, type CallSessionConfig } from './call-session.js';
import { runAccept, runCaller } from './flows.js';
import { answerReestablish, isReestablishRequest } from './re-request.js';
import { canGetLocalMedia, getLocalMedia } from './media.js';
import { createSimplePeer, type CallPeerFactory } from './peer.js';
import { IceRestartRelay } from './ice-restart.js';
import type { CallTransport } from './transport.js';
import type { AcceptCallOptions, ReceivingCall, RequestCallHandle, RequestCallToUserOptions } from './types.js';
import { failedHandle, outgoingHandle, receivingCallOf } from './views.js';
import { decodeCallReceive, isWireUserId, sameUserId, type WireSdp, type WireUserId } from './wire.js';

import { DEFAULT_RING_TIMEOUT_MS } from './constants.js';

export { DEFAULT_RING_TIMEOUT_MS };

/**
 * Options of the call service (the client passes its own).
 * @example
 * new CallService({ transport: clientCallTransport(client), ringTimeoutMs: 30_000 });
 */
export interface CallServiceOptions {
  transport: CallTransport;
  /** Unanswered calls end as `missed` after this long. Default 45 s. */
  ringTimeoutMs?: number;
  /** Grace after the media connection drops before the call ends as `connection_failed`. Default 3 s. */
  peerCloseGraceMs?: number;
  /** Replace simple-peer (tests). */
  createPeer?: CallPeerFactory;
  /** Replace local media acquisition; the default uses getUserMedia where it exists at that moment. */
  acquireLocalMedia?: CallSessionConfig['acquireLocalMedia'];
  /** After a ringing callee's connection drops, end the caller's call `unavailable`. Default 5 s. */
  unavailableGraceMs?: number;
  /** A live call whose ICE stays disconnected this long ends `connection_failed`. Default 20 s. */
  reconnectTimeoutMs?: number;
}

/** What the service tells the manager about each incoming call it could ring. */
export type IncomingDecision = 'ring' | 'busy';

/**
 * Deterministic glare tie-break: the lower user id's outgoing call wins on both sides.
 * @example
 * compareUserIds(9, 10); // -1: user 9's call survives
 */
export function compareUserIds(a: WireUserId, b: WireUserId): number {
  const na = typeof a === 'number' ? a : /^-?\d+(\.\d+)?$/.test(a) ? Number(a) : NaN;
  const nb = typeof b === 'number' ? b : /^-?\d+(\.\d+)?$/.test(b) ? Number(b) : NaN;
  if (!Number.isNaN(na) && !Number.isNaN(nb) && na !== nb) return na < nb ? -1 : 1;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

const RECEIVE_RETRY_MS = 2_000;

/** End `session` after an unexpected throw in its flow (never an unhandled rejection). */
function failSession(session: CallSession, cause: unknown): AsklessError {
  const error = new AsklessError('CONNECTION_FAILED', 'The call failed unexpectedly', { cause });
  session.end('connection_failed', { error, notifyRemote: true });
  return session.error ?? error;
}

/**
 * The call service behind `client.requestCallToUser` / `client.onIncomingCall`.
 * @example
 * const calls = new CallService({ transport });
 * const off = calls.onIncomingCall((call) => call.acceptCall({ localStream }));
 * const handle = calls.requestCallToUser({ userId: 2, localStream });
 */
export class CallService {
  private readonly config: CallSessionConfig;
  /** Active sessions by remote user (String(id)). */
  private readonly sessions = new Map<string, CallSession>();
  private readonly incomingListeners = new Listeners<[ReceivingCall<WireUserId>]>();
  /** Every session the service starts tracking (the manager builds its calls from them). */
  readonly sessionListeners = new Listeners<[CallSession]>();
  /** Incoming calls also ring while this is above zero (the manager's subscribers). */
  private receivers = 0;
  /**
   * Whether a new incoming call rings or is refused as busy. Default (the 1:1 API): one call at a
   * time. The manager replaces it with `maxConcurrentCalls` / `canHandleNewCall`.
   */
  admitIncoming: (callerId: WireUserId) => IncomingDecision = () => (this.activeCount > 0 ? 'busy' : 'ring');
  /** A refused caller (busy), for the manager's missed calls. */
  readonly refusedListeners = new Listeners<[WireUserId, Record<string, unknown>]>();
  private stopReceive: (() => void) | undefined;
  private receiveRetry: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;

  constructor(private readonly options: CallServiceOptions) {
    this.config = {
      transport: options.transport,
      createPeer: options.createPeer ?? createSimplePeer,
      ringTimeoutMs: options.ringTimeoutMs ?? DEFAULT_RING_TIMEOUT_MS,
      peerCloseGraceMs: options.peerCloseGraceMs ?? 3_000,
      unavailableGraceMs: options.unavailableGraceMs,
      reconnectTimeoutMs: options.reconnectTimeoutMs,
      iceRestartRelay: new IceRestartRelay(options.transport),
      // Looked up when a call needs media, not now: a page may gain `mediaDevices` later, and
      // where there is none (Node without a fake) the call goes on data only, as before.
      acquireLocalMedia:
        options.acquireLocalMedia ??
        ((constraints) =>
          canGetLocalMedia()
            ? getLocalMedia(constraints ?? { audio: true, video: true })
            : Promise.resolve({ stream: undefined, error: undefined })),
    };
  }

  /** The active call with `userId`, if any. */
  activeCallWith(userId: WireUserId): CallSession | undefined {
    const session = this.sessions.get(String(userId));
    return session && !session.ended ? session : undefined;
  }

  /** Number of active calls (0 or 1 in practice). */
  get activeCount(): number {
    let n = 0;
    for (const s of this.sessions.values()) if (!s.ended) n++;
    return n;
  }

  /**
   * Call `userId`. Never throws: problems surface in `response()`.
   * @example
   * const { callAccepted, liveCall } = await calls.requestCallToUser({ userId: 2 }).response();
   */
  requestCallToUser(options: RequestCallToUserOptions<WireUserId> & { ringTimeoutMs?: number }): RequestCallHandle {
    const { userId } = options;
    if (this.disposed) return failedHandle(new AsklessError(ClientErrorCode.CLIENT_CLOSED, 'The client is closed'));
    if (!isWireUserId(userId)) return failedHandle(new AsklessError(ClientErrorCode.INVALID_ARGUMENT, 'requestCallToUser needs a userId (string or number)'));
    if (sameUserId(userId, this.config.transport.userId())) {
      return failedHandle(new AsklessError(ClientErrorCode.INVALID_ARGUMENT, 'A user cannot call themself'));
    }
    const existing = this.activeCallWith(userId);
    if (existing?.role === 'caller') return outgoingHandle(existing); // same request twice: one call
    if (existing?.role === 'callee') {
      // They are calling us already: calling back means answering.
      if (existing.state === 'incoming') void this.accept(existing, { localStream: options.localStream, additionalData: options.additionalData });
      return outgoingHandle(existing);
    }
    if (this.activeCount > 0) return failedHandle(new AsklessError(ClientErrorCode.CONFLICT, 'Already in a call: hang up first'));
    return outgoingHandle(this.startCall(options));
  }

  /**
   * Start an outgoing call without the 1:1 API's rules (the manager checks its own). Never throws.
   * @example
   * const session = service.startCall({ userId: 2, media: { audio: true } });
   */
  startCall(options: RequestCallToUserOptions<WireUserId> & { callId?: string; media?: MediaStreamConstraints }): CallSession {
    const session = new CallSession(this.config, 'caller', options.userId, options.additionalData ?? {});
    if (options.callId) session.callId = options.callId;
    session.mediaConstraints = options.media;
    if (options.ringTimeoutMs !== undefined) session.ringTimeoutOverride = options.ringTimeoutMs;
    this.track(session);
    void runCaller(session, options.localStream).catch((error: unknown) => failSession(session, error));
    return session;
  }

  /**
   * Answer an incoming session (the manager's `Call.accept`). Never rejects.
   * @example
   * await service.acceptSession(session, { localStream });
   */
  acceptSession(session: CallSession, options: AcceptCallOptions & { media?: MediaStreamConstraints }): Promise<{ success: boolean; error?: AsklessError }> {
    if (options.media) session.mediaConstraints = options.media;
    return this.accept(session, options);
  }

  /** The signed-in user (to refuse self-calls). */
  selfId(): WireUserId | undefined {
    return this.config.transport.userId();
  }

  /** All sessions not yet ended. */
  liveSessions(): CallSession[] {
    return [...this.sessions.values()].filter((s) => !s.ended);
  }

  /**
   * Let incoming calls ring while the returned release has not been called (manager subscribers).
   * @example
   * const release = service.retainReceiving();
   */
  retainReceiving(): () => void {
    this.receivers++;
    this.updateReceiving();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.receivers--;
      this.updateReceiving();
    };
  }

  /**
   * Receive calls; returns unsubscribe. Listens to `call/receive` while anyone listens.
   * @example
   * const off = calls.onIncomingCall((call) => showRinging(call.remoteUserId));
   */
  onIncomingCall(listener: (call: ReceivingCall<WireUserId>) => void): () => void {
    const off = this.incomingListeners.add(listener);
    this.updateReceiving();
    return () => {
      off();
      this.updateReceiving();
    };
  }

  /** End every call and stop listening. */
  dispose(): void {
    this.disposed = true;
    for (const session of this.sessions.values()) {
      // A callee going away while it rings is `unavailable` to the caller, not a decline.
      const rejectData = session.role === 'callee' && !session.isLive ? { reason: 'unavailable' } : undefined;
      session.end(session.isLive ? 'hangup' : 'canceled', { notifyRemote: true, rejectData });
    }
    this.incomingListeners.clear();
    this.updateReceiving();
  }

  private track(session: CallSession): CallSession {
    this.sessions.set(String(session.remoteUserId), session);
    session.watchOwnConnection();
    session.onEnd(() => {
      if (this.sessions.get(String(session.remoteUserId)) === session) this.sessions.delete(String(session.remoteUserId));
      this.updateReceiving();
    });
    this.updateReceiving();
    this.sessionListeners.emit(session);
    return session;
  }

  /** `acceptCall` promises never to reject; an unexpected throw (an app's `acquireLocalMedia`, a peer) ends the call instead. */
  private accept(session: CallSession, options: AcceptCallOptions): Promise<{ success: boolean; error?: AsklessError }> {
    return runAccept(session, options).catch((error: unknown) => ({ success: false, error: failSession(session, error) }));
  }

  /** `call/receive` is needed by incoming listeners, and by an outgoing call to spot glare. */
  private updateReceiving(): void {
    const needed = !this.disposed && (this.incomingListeners.size > 0 || this.receivers > 0 || this.activeCount > 0);
    if (needed && !this.stopReceive && this.receiveRetry === undefined) {
      this.stopReceive = this.config.transport.listen(InternalRoute.callReceive, {}, {
        onValue: (value) => this.onCallReceive(value),
        onStop: () => {
          this.stopReceive = undefined;
          // Resubscribe after a pause rather than hammering a server that refuses us.
          this.receiveRetry = setTimeout(() => {
            this.receiveRetry = undefined;
            this.updateReceiving();
          }, RECEIVE_RETRY_MS);
        },
      });
    } else if (!needed) {
      clearTimeout(this.receiveRetry);
      this.receiveRetry = undefined;
      this.stopReceive?.();
      this.stopReceive = undefined;
    }
  }

  private onCallReceive(value: unknown): void {
    const request = decodeCallReceive(value);
    if (!request.hasCallRequest || this.disposed) return;
    const { remoteUserId: callerId, sdp, additionalData } = request;
    if (sameUserId(callerId, this.config.transport.userId())) return;
    const existing = this.activeCallWith(callerId);
    if (isReestablishRequest(additionalData)) {
      // Our askless-react peer re-establishing a call we are in (no ICE-restart relay on this
      // server): answer it by ourselves, but only while our side lost the media too, so a request
      // can never tear down a healthy call. Anywhere else (another device of ours) it is not a call.
      if (existing?.state === 'reconnecting') void answerReestablish(existing, sdp, additionalData);
      return;
    }
    if (existing?.role === 'callee') {
      // Same caller again (re-listen re-emission or a repeated request): one ringing call.
      if (existing.state === 'incoming' && existing.offer?.sdp !== sdp.sdp) existing.offer = sdp;
      return;
    }
    if (existing?.role === 'caller') return this.onGlare(existing, sdp, additionalData);
    const nobodyToRing = this.incomingListeners.size === 0 && this.receivers === 0;
    if (nobodyToRing || this.admitIncoming(callerId) === 'busy') {
      // Busy (or nobody to ring): tell the caller now instead of letting it ring out.
      void this.config.transport.create(InternalRoute.callResponse, { callAccepted: false, remoteUserId: callerId, additionalData: { reason: 'busy' } });
      if (!nobodyToRing) this.refusedListeners.emit(callerId, additionalData);
      return;
    }
    const session = new CallSession(this.config, 'callee', callerId, {});
    session.offer = sdp;
    session.remoteAdditionalData = additionalData;
    this.track(session);
    session.listenForTheCall();
    // A little longer than the caller's timer, so the caller's `missed` normally arrives first.
    session.startRingTimer(this.config.ringTimeoutMs + 5_000, () => session.end('missed', { notifyRemote: true, rejectData: { reason: 'missed' } }));
    this.incomingListeners.emit(receivingCallOf(session, (o) => this.accept(session, o)));
  }

  /** Both called each other: the lower user id's call survives; the other side answers it. */
  private onGlare(outgoing: CallSession, theirOffer: WireSdp, theirData: Record<string, unknown>): void {
    if (outgoing.answerApplied || outgoing.isLive) return;
    const me = this.config.transport.userId();
    if (me === undefined || compareUserIds(me, outgoing.remoteUserId) < 0) return; // ours wins: they will answer it
    outgoing.log('glare: answering their call instead of ours');
    const oldPeer = outgoing.peer;
    outgoing.peer = undefined;
    oldPeer?.destroy();
    outgoing.role = 'callee';
    outgoing.requestSent = false;
    outgoing.offer = theirOffer;
    outgoing.remoteAdditionalData = theirData;
    outgoing.clearRingTimer();
    outgoing.state = 'incoming';
    outgoing.listenForTheCall();
    void this.accept(outgoing, { localStream: outgoing.localStream, additionalData: outgoing.additionalData });
  }
}
