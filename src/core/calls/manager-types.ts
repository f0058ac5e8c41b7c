/**
 * Public types of calls v2 (issue 15): the framework-free `CallManager` that owns every call of a
 * client, and the immutable `Call` snapshots it hands out. The React hooks and the call UI are
 * typed against these; add fields freely, never rename.
 */
import type { AsklessError } from '../errors.js';
import type { CallAdditionalData, CallEndReason, CallState, MediaPermission } from './types.js';

/** Which side placed the call. */
export type CallDirection = 'outgoing' | 'incoming';

/** Network quality of a connected call (thresholds in docs/calls.md, "Quality"). */
export type CallQuality = 'good' | 'fair' | 'poor' | 'lost';

/**
 * Figures from `RTCPeerConnection.getStats()`, sampled every `statsIntervalMs` (2 s).
 * Undefined fields were not reported by the browser (or there is no such media).
 * @example
 * const rtt = call.stats?.roundTripTimeMs;
 */
export interface CallStats {
  /** When the sample was taken (ms since the epoch). */
  readonly timestamp: number;
  /** Round trip time of the selected ICE candidate pair. */
  readonly roundTripTimeMs?: number;
  /** Inbound audio jitter (the worst inbound RTP stream). */
  readonly jitterMs?: number;
  /** Fraction (0..1) of inbound packets lost since the previous sample. */
  readonly packetLoss?: number;
  /** Bits per second received since the previous sample. */
  readonly inboundBitrate?: number;
  /** Bits per second sent since the previous sample. */
  readonly outboundBitrate?: number;
  /** Size and frame rate of the inbound video, if any. */
  readonly frameWidth?: number;
  readonly frameHeight?: number;
  readonly framesPerSecond?: number;
}

/**
 * What the other side said it can do in its in-band hello. Undefined until the hello arrives, and
 * forever with a peer that has no in-band channel (a Flutter client).
 * @example
 * const canShare = call.peerCapabilities?.features.includes('screen-share') ?? false;
 */
export interface PeerCapabilities {
  /** Protocol version of the peer's in-band channel. */
  readonly version: number;
  /** Feature names, e.g. `mute`, `hold`, `screen-share`, `renegotiate`. */
  readonly features: readonly string[];
}

/**
 * The four streams of a call. Remote screen share arrives as its own stream from an askless-react
 * peer; from a Flutter peer a screen share replaces the camera track, so it is `remoteUserMedia`.
 * @example
 * <video srcObject={call.streams.localUserMedia} muted />
 */
export interface CallStreams {
  readonly localUserMedia: MediaStream | undefined;
  readonly localScreen: MediaStream | undefined;
  readonly remoteUserMedia: MediaStream | undefined;
  readonly remoteScreen: MediaStream | undefined;
}

/**
 * What `call.accept(...)` takes. Without `localStream`, media is acquired with `media`
 * constraints (default audio and video) and stopped when the call ends.
 * @example
 * await call.accept({ media: { audio: true, video: false } });
 */
export interface CallAcceptOptions {
  media?: MediaStreamConstraints;
  localStream?: MediaStream;
  additionalData?: CallAdditionalData;
}

/**
 * What `call.reject(...)` takes.
 * @example
 * call.reject({ additionalData: { reason: 'in a meeting' } });
 */
export interface CallRejectOptions {
  additionalData?: CallAdditionalData;
}

/**
 * The outcome of an asynchronous call action; never rejected.
 * @example
 * const { ok, error } = await call.startScreenShare();
 */
export interface CallActionResult {
  readonly ok: boolean;
  readonly error?: AsklessError;
}

/** Input devices `setInputDevice` can switch. */
export type CallInputKind = 'audioinput' | 'videoinput';

/**
 * One call, as an immutable snapshot: a change gives a new object (the one `call()` returns keeps
 * reading the latest state, so an app holding it still sees `endReason`). Methods act on the
 * call whatever snapshot they are called on.
 * @example
 * const call = client.calls.call({ userId: 2 });
 * call.setMicrophoneEnabled(false);
 */
export interface Call<UserId = string | number> {
  /** Stable id of this call on this client. */
  readonly id: string;
  readonly remoteUserId: UserId;
  readonly direction: CallDirection;
  readonly state: CallState;
  readonly endReason: CallEndReason | undefined;
  readonly error: AsklessError | undefined;
  /** When media first flowed (ms since the epoch). */
  readonly connectedAt: number | undefined;
  readonly peerCapabilities: PeerCapabilities | undefined;
  readonly streams: CallStreams;
  /** The remote screen share while there is one, else the remote camera. */
  readonly primaryRemoteStream: MediaStream | undefined;
  /** This side put the call on hold. */
  readonly isLocalOnHold: boolean;
  /** The other side put the call on hold. */
  readonly isRemoteOnHold: boolean;
  /** Our microphone is off. */
  readonly audioMuted: boolean;
  /** Our camera is off. */
  readonly videoMuted: boolean;
  readonly remoteAudioMuted: boolean;
  readonly remoteVideoMuted: boolean;
  /** 0..1, updated at most `levelUpdatesPerSecond` (10) times a second. */
  readonly audioLevel: number;
  readonly remoteAudioLevel: number;
  readonly isSpeaking: boolean;
  readonly isRemoteSpeaking: boolean;
  /** Undefined until the first stats sample of a connected call. */
  readonly quality: CallQuality | undefined;
  readonly stats: CallStats | undefined;
  /** The other side's additionalData (the caller's request data, or the callee's answer data). */
  readonly additionalData: CallAdditionalData;
  /** Camera/microphone permission, once this call acquired media itself. */
  readonly permission: MediaPermission | undefined;
  /** False while the other user's signaling connection is gone. */
  readonly remoteUserConnected: boolean;
  /** Accept an incoming call (a call active meanwhile goes on hold). Never rejects. */
  accept(options?: CallAcceptOptions): Promise<CallActionResult>;
  /** Decline an incoming call (on every device of this user). */
  reject(options?: CallRejectOptions): void;
  /** Cancel, decline or hang up; idempotent. */
  hangUp(): void;
  /** Put the call on hold: media stops both ways. */
  hold(): void;
  /** Resume a held call; the call active meanwhile goes on hold (a swap). */
  resume(): void;
  setMicrophoneEnabled(on: boolean): void;
  setCameraEnabled(on: boolean): void;
  /** Share the screen (`getDisplayMedia`, or the stream given). */
  startScreenShare(options?: { stream?: MediaStream }): Promise<CallActionResult>;
  stopScreenShare(): void;
  /** Switch microphone or camera mid-call (`replaceTrack`, no renegotiation). */
  setInputDevice(kind: CallInputKind, deviceId: string): Promise<CallActionResult>;
}

/**
 * A call that rang here without being answered (or was refused as busy).
 * @example
 * for (const missed of client.calls.getSnapshot().missedCalls) notify(missed.remoteUserId);
 */
export interface MissedCall<UserId = string | number> {
  readonly id: string;
  readonly remoteUserId: UserId;
  /** When it rang (ms since the epoch). */
  readonly at: number;
  readonly additionalData: CallAdditionalData;
  /** `missed` (rang out or canceled before an answer) or `busy` (refused by the call limits). */
  readonly reason: 'missed' | 'busy';
}

/**
 * What `client.calls.getSnapshot()` returns: the same object while nothing changes.
 * @example
 * const { calls, activeCallId, missedCalls } = client.calls.getSnapshot();
 */
export interface CallsSnapshot<UserId = string | number> {
  /** Every call not yet ended, plus ended ones for up to `endedCallLingerMs` (< 3 s). */
  readonly calls: readonly Call<UserId>[];
  /** The one call not on hold (media flows), if any. */
  readonly activeCallId?: string;
  readonly missedCalls: readonly MissedCall<UserId>[];
  /** The audio output chosen with `setAudioOutput` (apply it with `setSinkId` on media elements). */
  readonly audioOutputDeviceId?: string;
}

/**
 * What `client.calls.call(...)` takes.
 * @example
 * client.calls.call({ userId: 2, media: { audio: true, video: true }, additionalData: { name: 'Ann' } });
 */
export interface StartCallOptions<UserId = string | number> {
  userId: UserId;
  /** Constraints for the media acquired when no `localStream` is given (default audio + video). */
  media?: MediaStreamConstraints;
  /** Use this stream; it stays the app's (never stopped by the call). */
  localStream?: MediaStream;
  additionalData?: CallAdditionalData;
  /** Ring timeout of this call (ms). */
  ringTimeoutMs?: number;
}

/** One media device, as `enumerateDevices` reports it (labels once permission is granted). */
export interface CallDevice {
  readonly deviceId: string;
  readonly groupId: string;
  readonly kind: MediaDeviceKind;
  readonly label: string;
}

/**
 * Devices grouped by kind.
 * @example
 * const { audioinput, videoinput, audiooutput } = await client.calls.listDevices();
 */
export interface CallDeviceList {
  readonly audioinput: readonly CallDevice[];
  readonly videoinput: readonly CallDevice[];
  readonly audiooutput: readonly CallDevice[];
}

/**
 * What `onDeviceChange` listeners get: the new list, and the inputs in use that disappeared (the
 * calls using them fell back to the default device).
 * @example
 * client.calls.onDeviceChange(({ lost }) => lost.length && toast('Device unplugged'));
 */
export interface CallDeviceChange {
  readonly devices: CallDeviceList;
  readonly lost: readonly { readonly kind: CallInputKind; readonly deviceId: string; readonly callId: string }[];
}

/**
 * What `setAudioOutput` resolves to: `unsupported` where the browser has no `setSinkId`.
 * @example
 * if ((await client.calls.setAudioOutput(id)).status === 'unsupported') hideSpeakerPicker();
 */
export interface AudioOutputResult {
  readonly status: 'applied' | 'unsupported' | 'failed';
  readonly error?: AsklessError;
}

/**
 * Options of the call manager (`new AsklessClient({ calls: { ... } })`). Every timer is here so
 * tests can shorten it.
 * @example
 * new AsklessClient({ serverUrl, calls: { maxConcurrentCalls: 2, reconnectTimeoutMs: 10_000 } });
 */
export interface CallManagerOptions<UserId = string | number> {
  /** Calls that may exist at once (ringing, active or held). Default 4. */
  maxConcurrentCalls?: number;
  /** Return false to refuse a new incoming call as `busy` (recorded in `missedCalls`). */
  canHandleNewCall?: (remoteUserId: UserId) => boolean;
  /** Unanswered calls end as `missed` after this long. Default 45 s (the client's `callRingTimeoutMs`). */
  ringTimeoutMs?: number;
  /** A call whose media connection is lost ends `connection_failed` after this long. Default 20 s. */
  reconnectTimeoutMs?: number;
  /** A callee whose connection drops while it rings ends the caller's call `unavailable` after this long. Default 5 s. */
  unavailableGraceMs?: number;
  /** How long an ended call stays in `getSnapshot().calls`. Default 2 s (always < 3 s). */
  endedCallLingerMs?: number;
  /** `getStats` period. Default 2 s. */
  statsIntervalMs?: number;
  /** Audio level updates per second (at most 10). Default 10. */
  levelUpdatesPerSecond?: number;
  /** Missed calls kept (oldest dropped first). Default 50. */
  maxMissedCalls?: number;
  /** A call starts ringing here (start a ringtone). */
  onRing?: (call: Call<UserId>) => void;
  /** It stopped ringing (answered, declined, canceled, missed). */
  onRingStop?: (call: Call<UserId>) => void;
  /** Alerts while a call rings and the tab is hidden (title, notification). Off by default. */
  ringAlerts?: RingAlertOptions<UserId>;
}

/**
 * `calls.ringAlerts`: what to do while a call rings and the tab is hidden. Setting it turns the
 * title alert on; the notification needs `notification: true` *and* a permission the app asked
 * for itself (askless-react never calls `Notification.requestPermission()`). Both are cleared
 * when the tab is shown again or the call stops ringing.
 * @example
 * // After a click on "Enable call alerts": await Notification.requestPermission();
 * new AsklessClient({ serverUrl, calls: { ringAlerts: { notification: true, text: (c) => `${names[c.remoteUserId]} is calling` } } });
 */
export interface RingAlertOptions<UserId = string | number> {
  /** Show the call in the document title. Default true. */
  title?: boolean;
  /** Show a system notification (click: focus the tab). Default false. */
  notification?: boolean;
  /** The title and notification text. Default `Incoming call from <additionalData.callerName or user id>`. */
  text?: (call: Call<UserId>) => string;
  /** The notification's body. Default none. */
  notificationBody?: string;
}

/**
 * Every call of one client (`client.calls`), framework-free: read it with `getSnapshot()` /
 * `subscribe()` (React: `useSyncExternalStore`). Subscribing also receives incoming calls.
 * @example
 * const off = client.calls.subscribe(() => render(client.calls.getSnapshot()));
 * const call = client.calls.call({ userId: 2 });
 */
export interface CallManager<UserId = string | number> {
  getSnapshot(): CallsSnapshot<UserId>;
  /** Returns unsubscribe. While anyone subscribes, incoming calls ring here. */
  subscribe(listener: () => void): () => void;
  /** Place a call; never throws (failures end the returned call with `error`). */
  call(options: StartCallOptions<UserId>): Call<UserId>;
  /** The latest snapshot of a call, also after it left `getSnapshot().calls` (while held somewhere). */
  getCall(callId: string): Call<UserId> | undefined;
  listDevices(): Promise<CallDeviceList>;
  onDeviceChange(listener: (change: CallDeviceChange) => void): () => void;
  setAudioOutput(deviceId: string): Promise<AudioOutputResult>;
  /** Forget the missed calls (e.g. once shown). */
  clearMissedCalls(): void;
}
