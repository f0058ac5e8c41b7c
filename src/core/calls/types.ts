/**
 * Public call types (issue 5). The call service (src/core/calls) implements them; the React call
 * hooks and components consume them. Add freely; never rename.
 */
import type { AsklessError } from '../errors.js';

/** Finite call states. Caller: requesting → ringing → connecting → connected → ended.
 * Callee: incoming → accepting → connecting → connected → ended. `reconnecting` while the remote
 * user's signaling connection is gone. `idle` when there is no call. */
export type CallState =
  | 'idle'
  | 'requesting'
  | 'ringing'
  | 'incoming'
  | 'accepting'
  | 'connecting'
  | 'connected'
  | 'reconnecting'
  | 'ended';

/** Why a call ended. */
export type CallEndReason =
  | 'hangup'
  | 'remote_hangup'
  | 'rejected'
  | 'canceled'
  | 'missed'
  | 'busy'
  | 'connection_failed'
  | 'media_error'
  /** Another device of the same user answered (issue 15). */
  | 'answered_elsewhere'
  /** The callee went away (closed the tab) while it rang (issue 15). */
  | 'unavailable';

/** Camera/microphone permission as learned from getUserMedia. */
export type MediaPermission = 'prompting' | 'granted' | 'blocked' | 'not_found' | 'in_use' | 'constraints_invalid';

/** Free-form application data carried with call requests and answers (JSON object). */
export type CallAdditionalData = Record<string, unknown>;

/**
 * What `client.requestCallToUser(...)` takes.
 * @example
 * client.requestCallToUser({ userId: 2, localStream, additionalData: { name: 'Ann' }, ringTimeoutMs: 30_000 });
 */
export interface RequestCallToUserOptions<UserId = string | number> {
  userId: UserId;
  localStream?: MediaStream;
  additionalData?: CallAdditionalData;
  /** Ring timeout of this call (ms); defaults to the client's `callRingTimeoutMs` (45 s). */
  ringTimeoutMs?: number;
}

/**
 * What `RequestCallHandle.response()` resolves to (never rejects).
 * @example
 * const { callAccepted, liveCall, endReason } = await handle.response();
 */
export interface RequestCallResult {
  callAccepted: boolean;
  liveCall?: LiveCall;
  error?: AsklessError;
  /** The callee's additionalData (e.g. `{ reason: 'busy' }` on a busy rejection). */
  additionalData: CallAdditionalData;
  /** Set when the call did not happen: rejected, canceled, missed, busy, connection_failed... */
  endReason?: CallEndReason;
}

/**
 * An outgoing call: its outcome, its state, and `dispose()` to cancel or hang up.
 * @example
 * const handle = client.requestCallToUser({ userId: 2 });
 * handle.onStateChange((state) => setLabel(state));
 */
export interface RequestCallHandle {
  response(): Promise<RequestCallResult>;
  /** Current state of this outgoing call (requesting, ringing, connecting, connected, ended). */
  readonly state: CallState;
  onStateChange(listener: (state: CallState) => void): () => void;
  /** Cancel (before an answer) or hang up (after); idempotent. */
  dispose(): void;
}

/**
 * What `ReceivingCall.acceptCall(...)` takes.
 * @example
 * await call.acceptCall({ localStream, additionalData: { name: 'Bob' } });
 */
export interface AcceptCallOptions {
  localStream?: MediaStream;
  additionalData?: CallAdditionalData;
}

/**
 * What `acceptCall` resolves to (never rejects).
 * @example
 * const { success, liveCall, error } = await call.acceptCall({ localStream });
 */
export interface AcceptingCallResult {
  success: boolean;
  liveCall?: LiveCall;
  error?: AsklessError;
}

/**
 * A call ringing for us (from `client.onIncomingCall`).
 * @example
 * client.onIncomingCall((call) => (confirm(`${call.remoteUserId} calls`) ? call.acceptCall({ localStream }) : call.rejectCall()));
 */
export interface ReceivingCall<UserId = string | number> {
  readonly remoteUserId: UserId;
  readonly additionalData: CallAdditionalData;
  /** incoming → accepting → connecting → connected (then the LiveCall owns it) | ended. */
  readonly state: CallState;
  /** Why the call ended before it went live (`canceled`, `missed`, ...); added for the call UI. */
  readonly endReason?: CallEndReason | undefined;
  onStateChange(listener: (state: CallState) => void): () => void;
  acceptCall(options?: AcceptCallOptions): Promise<AcceptingCallResult>;
  rejectCall(additionalData?: CallAdditionalData): void;
  /** Called once if the caller cancels (or the ring times out) before an answer. */
  onCanceled(listener: () => void): () => void;
  dispose(): void;
}

/**
 * An accepted call, the same object on both sides' APIs.
 * @example
 * liveCall.onRemoteStream((stream) => (video.srcObject = stream));
 * liveCall.onClose((reason) => showEnded(reason));
 */
export interface LiveCall<UserId = string | number> {
  readonly remoteUserId: UserId;
  readonly remoteStream: MediaStream | undefined;
  readonly localStream: MediaStream | undefined;
  /** connecting, connected, reconnecting or ended. */
  readonly state: CallState;
  readonly endReason: CallEndReason | undefined;
  onStateChange(listener: (state: CallState) => void): () => void;
  /** Hang up; idempotent. */
  closeCall(): void;
  /** Called once when the call ends, with the reason. */
  onClose(listener: (reason: CallEndReason) => void): () => void;
  onRemoteUserConnectionChange(listener: (connected: boolean) => void): () => void;
  /** Called when the remote media stream (re)arrives. */
  onRemoteStream(listener: (stream: MediaStream) => void): () => void;
  dispose(): void;
}
