/**
 * Types shared by the 1:1 call hooks (`useCall`, `useIncomingCall`) and the call components.
 */
import type { AsklessError } from '../../core/errors.js';
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
 * Who is calling, as `useIncomingCall()` shows it.
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
 * const { state, endReason }: CallSnapshot = useCall();
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
