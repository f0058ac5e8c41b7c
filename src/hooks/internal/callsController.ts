/**
 * The per-provider call controller behind `useCall()` and `useIncomingCall()`: it owns at most
 * one call at a time (outgoing or incoming), writes what React shows into the store's `calls`
 * slice, and stops every track it acquired when that call ends or the last hook unmounts.
 * React-free on purpose: the hooks are thin readers, the rules live here.
 */
import { AsklessError, ClientErrorCode } from '../../core/errors.js';
import type { CallEndReason, CallState, LiveCall, ReceivingCall, RequestCallHandle } from '../../core/calls/types.js';
import type { AsklessStore } from './store.js';
import {
  IDLE_CALL_SNAPSHOT,
  type AcceptIncomingCallOptions,
  type AcquireMedia,
  type CallAttemptResult,
  type CallCapableClient,
  type CallMediaOptions,
  type CallSnapshot,
  type CallUserId,
  type IncomingCallInfo,
  type MediaAcquisition,
} from './callsTypes.js';
import { mediaFailure, stopStream } from '../../core/calls/media.js';
import { acquireUserMedia, isKindOn, setKindEnabled } from './callsMedia.js';
import type { RequestCallOptions } from './callsTypes.js';

/**
 * Options of the controller (tests inject media and a zero grace period).
 * @example
 * new CallsController(client, store, { releaseGraceMs: 0 });
 */
export interface CallsControllerOptions {
  acquireMedia?: AcquireMedia;
  /** How long after the last hook unmounts the call is ended; absorbs StrictMode remounts. */
  releaseGraceMs?: number;
}

/** One call attempt. A new attempt gets a new generation, so late events of old ones are ignored. */
interface Session {
  readonly generation: number;
  ended: boolean;
  localStream?: MediaStream;
  /** Tracks we acquired and therefore must stop; a stream the app passed in stays the app's. */
  ownedStream?: MediaStream;
  handle?: RequestCallHandle;
  receiving?: ReceivingCall;
  liveCall?: LiveCall;
  readonly cleanups: Array<() => void>;
}

const ACTIVE_STATES: ReadonlySet<CallState> = new Set(['requesting', 'ringing', 'incoming', 'accepting', 'connecting', 'connected', 'reconnecting']);

/**
 * True while a call occupies the controller (anything but idle or ended).
 * @example
 * isCallActive('ringing') // true
 */
export function isCallActive(state: CallState): boolean {
  return ACTIVE_STATES.has(state);
}

/**
 * Drives one provider's calls and mirrors them into its store.
 * @example
 * const controller = new CallsController(client, store);
 * const release = controller.retain({ incoming: true });
 * await controller.requestCall({ userId: 2, media: { audio: true, video: true } });
 */
export class CallsController {
  private readonly acquireMedia: AcquireMedia;
  private readonly releaseGraceMs: number;
  private generation = 0;
  private session: Session | undefined;
  private holders = 0;
  private incomingHolders = 0;
  private stopListeningIncoming: (() => void) | undefined;
  private releaseTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly client: CallCapableClient,
    private readonly store: AsklessStore,
    options: CallsControllerOptions = {},
  ) {
    this.acquireMedia = options.acquireMedia ?? acquireUserMedia;
    this.releaseGraceMs = options.releaseGraceMs ?? 50;
  }

  /** The call as last written to the store. */
  get snapshot(): CallSnapshot {
    return this.store.getState().calls.call;
  }

  /**
   * Registers a mounted hook. Incoming calls are listened for while an `incoming` holder exists;
   * when the last holder leaves (after the grace period) the active call is ended.
   */
  retain(options: { incoming: boolean }): () => void {
    this.holders++;
    if (options.incoming) {
      this.incomingHolders++;
      this.stopListeningIncoming ??= this.client.onIncomingCall((call) => this.onIncoming(call));
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holders--;
      if (options.incoming) this.incomingHolders--;
      // The timer re-checks the counts when it fires, so a holder that comes back within the
      // grace period (StrictMode, a route swap) simply finds nothing to release.
      if (this.releaseTimer !== undefined) clearTimeout(this.releaseTimer);
      this.releaseTimer = setTimeout(() => this.onReleaseTimer(), this.releaseGraceMs);
    };
  }

  /** Ends everything now (provider unmount). */
  dispose(): void {
    if (this.releaseTimer !== undefined) clearTimeout(this.releaseTimer);
    this.releaseTimer = undefined;
    this.hangUp();
    this.stopListeningIncoming?.();
    this.stopListeningIncoming = undefined;
  }

  private onReleaseTimer(): void {
    this.releaseTimer = undefined;
    if (this.incomingHolders === 0) {
      this.stopListeningIncoming?.();
      this.stopListeningIncoming = undefined;
    }
    if (this.holders === 0) this.hangUp();
  }

  /** Calls `userId`, acquiring media first when `media` constraints are given. Never rejects. */
  async requestCall(options: RequestCallOptions): Promise<CallAttemptResult> {
    const current = this.snapshot;
    if (current.state === 'incoming' && current.remoteUserId !== undefined && String(current.remoteUserId) === String(options.userId)) {
      // They are already calling us: answering is what both want (glare resolved as Matrix does).
      return this.acceptIncoming({ media: options.media, localStream: options.localStream, additionalData: options.additionalData });
    }
    if (isCallActive(current.state)) {
      return { ok: false, error: new AsklessError(ClientErrorCode.CONFLICT, 'A call is already in progress: hang up first') };
    }
    if (options.userId === undefined || options.userId === null || options.userId === '') {
      return { ok: false, error: new AsklessError(ClientErrorCode.INVALID_ARGUMENT, 'requestCall needs a userId') };
    }
    const session = this.begin('outgoing', options.userId, 'requesting');
    if (!(await this.resolveMedia(session, options))) return this.outcome(session);
    let handle: RequestCallHandle;
    try {
      handle = this.client.requestCallToUser({ userId: options.userId, localStream: session.localStream, additionalData: options.additionalData ?? {} });
    } catch (error) {
      this.end(session, 'connection_failed', toAsklessError(error));
      return this.outcome(session);
    }
    session.handle = handle;
    session.cleanups.push(handle.onStateChange((state) => this.onPreLiveState(session, state)));
    this.onPreLiveState(session, handle.state);
    const result = await this.settle(session, () => handle.response());
    if (!result) return this.outcome(session);
    if (result.callAccepted && result.liveCall) {
      this.attachLiveCall(session, result.liveCall);
      return this.outcome(session);
    }
    this.end(session, result.endReason ?? (result.error ? 'connection_failed' : 'rejected'), result.error);
    return this.outcome(session);
  }

  /** Accepts the ringing call. Never rejects. */
  async acceptIncoming(options: AcceptIncomingCallOptions = {}): Promise<CallAttemptResult> {
    const session = this.session;
    const receiving = session?.receiving;
    if (!session || !receiving || session.ended || this.snapshot.state !== 'incoming') {
      return { ok: false, error: new AsklessError(ClientErrorCode.INVALID_ARGUMENT, 'There is no ringing call to accept') };
    }
    this.setIncoming(null);
    this.patch(session, { state: 'accepting' });
    // Without media we cannot answer: tell the caller before the session is torn down.
    if (!(await this.resolveMedia(session, options, () => receiving.rejectCall({ reason: 'media_error' })))) {
      return this.outcome(session);
    }
    if (session.ended) return this.outcome(session);
    const result = await this.settle(session, () =>
      receiving.acceptCall({ localStream: session.localStream, additionalData: options.additionalData ?? {} }),
    );
    if (!result) return this.outcome(session);
    if (result.success && result.liveCall) this.attachLiveCall(session, result.liveCall);
    else this.end(session, 'connection_failed', result.error);
    return this.outcome(session);
  }

  /** Rejects the ringing call (no-op without one). */
  rejectIncoming(): void {
    const session = this.session;
    if (!session?.receiving || session.ended || this.snapshot.state !== 'incoming') return;
    // Our own reject ends the session synchronously in the core; stop listening first so its
    // `ended` echo cannot be read as the caller canceling.
    this.detach(session);
    session.receiving.rejectCall({});
    this.end(session, 'rejected');
  }

  /** Cancels, rejects or hangs up whatever call is active; idempotent. */
  hangUp(): void {
    const session = this.session;
    if (!session || session.ended) return;
    if (session.receiving && !session.liveCall && this.snapshot.state === 'incoming') return this.rejectIncoming();
    // As for reject: our hang-up is the reason, whatever the call echoes while closing.
    this.detach(session);
    if (session.liveCall) session.liveCall.closeCall();
    else session.handle?.dispose();
    this.end(session, 'hangup');
  }

  /** Flips the microphone of the local stream. */
  toggleMicrophone(): void {
    this.toggle('audio');
  }

  /** Flips the camera of the local stream. */
  toggleCamera(): void {
    this.toggle('video');
  }

  private toggle(kind: 'audio' | 'video'): void {
    const session = this.session;
    if (!session || session.ended || !session.localStream) return;
    setKindEnabled(session.localStream, kind, !isKindOn(session.localStream, kind));
    this.patch(session, mediaFlags(session.localStream));
  }

  private onIncoming(call: ReceivingCall): void {
    if (isCallActive(this.snapshot.state)) {
      // One call at a time: tell the new caller we are busy (issue 5's `busy` end reason).
      call.rejectCall({ reason: 'busy' });
      call.dispose();
      return;
    }
    const session = this.begin('incoming', call.remoteUserId, 'incoming');
    session.receiving = call;
    this.setIncoming({ remoteUserId: call.remoteUserId, additionalData: call.additionalData ?? {} });
    session.cleanups.push(
      call.onCanceled(() => this.end(session, call.endReason ?? 'canceled')),
      call.onStateChange((state) => {
        if (state === 'ended' && this.snapshot.state === 'incoming') this.end(session, call.endReason ?? 'canceled');
        else if (state !== 'incoming') this.onPreLiveState(session, state);
      }),
    );
  }

  private begin(direction: 'outgoing' | 'incoming', remoteUserId: CallUserId, state: CallState): Session {
    if (this.session && !this.session.ended) this.end(this.session, 'hangup');
    const session: Session = { generation: ++this.generation, ended: false, cleanups: [] };
    this.session = session;
    this.writeCall({ ...IDLE_CALL_SNAPSHOT, state, direction, remoteUserId });
    return session;
  }

  /** Resolves the local stream; false when media failed (the session is then ended). */
  private async resolveMedia(session: Session, options: CallMediaOptions, onMediaFailure?: () => void): Promise<boolean> {
    if (options.localStream) {
      session.localStream = options.localStream;
      this.patch(session, { localStream: options.localStream, ...mediaFlags(options.localStream) });
      return true;
    }
    if (!options.media) return true;
    this.patch(session, { permission: 'prompting' });
    let acquired: MediaAcquisition;
    try {
      acquired = await this.acquireMedia(options.media);
    } catch (error) {
      // A custom acquireMedia may throw like getUserMedia does; map it the same way.
      acquired = mediaFailure(error);
    }
    if (session.ended) {
      stopStream(acquired.stream);
      return false;
    }
    if (!acquired.stream) {
      this.patch(session, { permission: acquired.permission });
      onMediaFailure?.();
      this.end(session, 'media_error', acquired.error);
      return false;
    }
    session.ownedStream = acquired.stream;
    session.localStream = acquired.stream;
    this.patch(session, { permission: 'granted', localStream: acquired.stream, ...mediaFlags(acquired.stream) });
    return true;
  }

  /**
   * Awaits the call service's answer; `undefined` when it threw (the session is then ended) or
   * the session ended while it was on its way (a late LiveCall must not outlive the hang-up).
   */
  private async settle<R extends { liveCall?: LiveCall }>(session: Session, answer: () => Promise<R>): Promise<R | undefined> {
    let result: R;
    try {
      result = await answer();
    } catch (error) {
      // The contract says these never reject; a broken implementation must not leak.
      this.end(session, 'connection_failed', toAsklessError(error));
      return undefined;
    }
    if (session.ended) {
      result.liveCall?.closeCall();
      result.liveCall?.dispose();
      return undefined;
    }
    return result;
  }

  private onPreLiveState(session: Session, state: CallState): void {
    // Before the LiveCall exists the handle reports progress; `ended` waits for the outcome,
    // which carries the reason.
    if (session.liveCall || state === 'ended' || state === 'idle') return;
    this.patch(session, { state });
  }

  private attachLiveCall(session: Session, liveCall: LiveCall): void {
    session.liveCall = liveCall;
    session.cleanups.push(
      liveCall.onStateChange((state) => {
        if (state !== 'ended' && state !== 'idle') this.patch(session, { state });
      }),
      liveCall.onClose((reason) => this.end(session, reason)),
      liveCall.onRemoteStream((remoteStream) => this.patch(session, { remoteStream })),
      liveCall.onRemoteUserConnectionChange((remoteUserConnected) => this.patch(session, { remoteUserConnected })),
    );
    if (liveCall.state === 'ended') return this.end(session, liveCall.endReason ?? 'connection_failed');
    const localStream = session.localStream ?? liveCall.localStream;
    this.patch(session, {
      state: liveCall.state === 'idle' ? 'connecting' : liveCall.state,
      remoteStream: liveCall.remoteStream,
      remoteUserConnected: liveCall.state !== 'reconnecting',
      localStream,
      ...mediaFlags(localStream),
    });
  }

  private detach(session: Session): void {
    for (const cleanup of session.cleanups.splice(0)) cleanup();
  }

  private end(session: Session, endReason: CallEndReason, error?: AsklessError): void {
    if (session.ended) return;
    session.ended = true;
    this.detach(session);
    stopStream(session.ownedStream);
    if (session.liveCall) session.liveCall.dispose();
    else session.handle?.dispose();
    if (session.receiving && !session.liveCall) session.receiving.dispose();
    if (session.generation !== this.generation) return;
    this.setIncoming(null);
    this.writeCall({ ...this.snapshot, state: 'ended', endReason, error, localStream: undefined, remoteStream: undefined, isMicrophoneOn: false, isCameraOn: false, remoteUserConnected: false });
  }

  private outcome(session: Session): CallAttemptResult {
    const call = this.snapshot;
    if (session.generation !== this.generation) return { ok: false, endReason: 'hangup' };
    return session.ended ? { ok: false, endReason: call.endReason, error: call.error } : { ok: true };
  }

  private patch(session: Session, partial: Partial<CallSnapshot>): void {
    if (session.ended || session.generation !== this.generation) return;
    this.writeCall({ ...this.snapshot, ...partial });
  }

  private writeCall(call: CallSnapshot): void {
    this.store.setState((state) => ({ calls: { ...state.calls, call } }));
  }

  private setIncoming(incoming: IncomingCallInfo | null): void {
    if (this.store.getState().calls.incoming === incoming) return;
    this.store.setState((state) => ({ calls: { ...state.calls, incoming } }));
  }
}

function mediaFlags(stream: MediaStream | undefined): Pick<CallSnapshot, 'isMicrophoneOn' | 'isCameraOn'> {
  return { isMicrophoneOn: isKindOn(stream, 'audio'), isCameraOn: isKindOn(stream, 'video') };
}

/** A thrown call-service failure as state; `CONNECTION_FAILED` matches the call service's own code. */
function toAsklessError(error: unknown): AsklessError {
  if (error instanceof AsklessError) return error;
  return new AsklessError('CONNECTION_FAILED', error instanceof Error ? error.message : String(error), { cause: error });
}

const controllers = new WeakMap<AsklessStore, CallsController>();

/**
 * The controller of one provider, created on first use (keyed by the provider's store, so two
 * providers never share a call).
 * @example
 * const controller = callsControllerFor(store, client);
 */
export function callsControllerFor(store: AsklessStore, client: CallCapableClient, options?: CallsControllerOptions): CallsController {
  let controller = controllers.get(store);
  if (controller && controller.client !== client) {
    // The provider recreated its client (e.g. a new WebSocket prop): the old call cannot go on.
    controller.dispose();
    controller = undefined;
  }
  if (!controller) {
    controller = new CallsController(client, store, options);
    controllers.set(store, controller);
  }
  return controller;
}
