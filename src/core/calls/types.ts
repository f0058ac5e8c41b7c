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
  | 'media_error';

/** Camera/microphone permission as learned from getUserMedia. */
export type MediaPermission = 'prompting' | 'granted' | 'blocked' | 'not_found' | 'in_use' | 'constraints_invalid';

/** Free-form application data carried with call requests and answers (JSON object). */
export type CallAdditionalData = Record<string, unknown>;

export interface RequestCallToUserOptions<UserId = string | number> {
  userId: UserId;
  localStream?: MediaStream;
  additionalData?: CallAdditionalData;
  /** Ring timeout of this call (ms); defaults to the client's `callRingTimeoutMs` (45 s). */
  ringTimeoutMs?: number;
}

export interface RequestCallResult {
  callAccepted: boolean;
  liveCall?: LiveCall;
  error?: AsklessError;
  /** The callee's additionalData (e.g. `{ reason: 'busy' }` on a busy rejection). */
  additionalData: CallAdditionalData;
  /** Set when the call did not happen: rejected, canceled, missed, busy, connection_failed... */
  endReason?: CallEndReason;
}

export interface RequestCallHandle {
  response(): Promise<RequestCallResult>;
  /** Current state of this outgoing call (requesting, ringing, connecting, connected, ended). */
  readonly state: CallState;
  onStateChange(listener: (state: CallState) => void): () => void;
  /** Cancel (before an answer) or hang up (after); idempotent. */
  dispose(): void;
}

export interface AcceptCallOptions {
  localStream?: MediaStream;
  additionalData?: CallAdditionalData;
}

export interface AcceptingCallResult {
  success: boolean;
  liveCall?: LiveCall;
  error?: AsklessError;
}

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
