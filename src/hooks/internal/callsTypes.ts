/**
 * Types shared by the call hooks, their per-provider controller and the call components.
 * Kept React-free so the controller can be unit-tested without rendering.
 */
import type { AsklessError } from '../../core/errors.js';
import type { LocalMediaResult } from '../../core/calls/media.js';
import type {
  CallAdditionalData,
  CallEndReason,
  CallState,
  MediaPermission,
  ReceivingCall,
  RequestCallHandle,
  RequestCallToUserOptions,
} from '../../core/calls/types.js';

/**
 * A user id as the server knows it.
 * @example
 * const peer: CallUserId = 2;
 */
export type CallUserId = string | number;

/**
 * The part of `AsklessClient` the call hooks need. The real client satisfies it structurally;
 * unit tests hand in a small fake.
 * @example
 * const client: CallCapableClient = new AsklessClient({ serverUrl });
 */
export interface CallCapableClient {
  requestCallToUser(options: RequestCallToUserOptions): RequestCallHandle;
  onIncomingCall(listener: (call: ReceivingCall) => void): () => void;
}

/**
 * What getUserMedia gave: a stream, or a typed permission failure (the core's `LocalMediaResult`).
 * @example
 * const result: MediaAcquisition = await getLocalMedia({ audio: true });
 */
export type MediaAcquisition = LocalMediaResult;

/**
 * Acquires local media for a call; injectable so tests and apps can replace getUserMedia.
 * @example
 * const acquire: AcquireMedia = async (c) => ({ stream: await navigator.mediaDevices.getUserMedia(c), permission: 'granted' });
 */
export type AcquireMedia = (constraints: MediaStreamConstraints) => Promise<MediaAcquisition>;

/**
 * Who is calling, as `useIncomingCall()` shows it (the store's `calls.incoming`).
 * @example
 * const info: IncomingCallInfo = { remoteUserId: 1, additionalData: { callerName: 'Ada' } };
 */
export interface IncomingCallInfo {
  readonly remoteUserId: CallUserId;
  readonly additionalData: CallAdditionalData;
}

/**
 * Where local media comes from: constraints we acquire (and later stop) or a stream you own.
 * @example
 * const options: CallMediaOptions = { media: { audio: true, video: false } };
 */
export interface CallMediaOptions {
  /** Acquire a stream with these constraints; every track acquired is stopped when the call ends. */
  media?: MediaStreamConstraints;
  /** Use this stream as is; it stays yours, the call never stops its tracks. */
  localStream?: MediaStream;
  additionalData?: CallAdditionalData;
}

/**
 * Options of `useCall().requestCall(...)`.
 * @example
 * call.requestCall({ userId: 2, media: { audio: true, video: true }, additionalData: { callerName: 'Ada' } });
 */
export interface RequestCallOptions extends CallMediaOptions {
  userId: CallUserId;
}

/**
 * Options of `useIncomingCall().accept(...)`.
 * @example
 * accept({ media: { audio: true, video: true } });
 */
export type AcceptIncomingCallOptions = CallMediaOptions;

/**
 * What `requestCall` / `accept` resolve to once the call is live or did not happen.
 * @example
 * const { ok, endReason } = await call.requestCall({ userId: 2 });
 */
export interface CallAttemptResult {
  /** True when the call reached the live stage (connecting or later). */
  readonly ok: boolean;
  readonly endReason?: CallEndReason;
  readonly error?: AsklessError;
}

/**
 * One call as the hooks show it: the active call, or the outcome of the last one.
 * @example
 * const ended = store.getState().calls.call.state === 'ended';
 */
export interface CallSnapshot {
  readonly state: CallState;
  readonly direction: 'outgoing' | 'incoming' | undefined;
  readonly remoteUserId: CallUserId | undefined;
  readonly endReason: CallEndReason | undefined;
  readonly error: AsklessError | undefined;
  readonly localStream: MediaStream | undefined;
  readonly remoteStream: MediaStream | undefined;
  readonly isMicrophoneOn: boolean;
  readonly isCameraOn: boolean;
  readonly remoteUserConnected: boolean;
  /** Undefined until media is requested through `media` constraints. */
  readonly permission: MediaPermission | undefined;
}

/**
 * The snapshot with no call.
 * @example
 * createStore(() => ({ calls: { incoming: null, call: IDLE_CALL_SNAPSHOT } }));
 */
export const IDLE_CALL_SNAPSHOT: CallSnapshot = Object.freeze({
  state: 'idle',
  direction: undefined,
  remoteUserId: undefined,
  endReason: undefined,
  error: undefined,
  localStream: undefined,
  remoteStream: undefined,
  isMicrophoneOn: false,
  isCameraOn: false,
  remoteUserConnected: false,
  permission: undefined,
});
