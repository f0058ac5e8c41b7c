/**
 * Public types of group calls (`client.groupCalls`): a full mesh of up to 8 member devices, each
 * pair on its own peer connection, with membership that expires unless renewed.
 */
import type { AsklessError } from '../errors.js';

/** Lifecycle of a group call on this client. */
export type GroupCallState = 'joining' | 'joined' | 'reconnecting' | 'left';

/** Network quality of one pair (same thresholds as 1:1 calls, docs/calls.md). */
export type GroupCallQuality = 'good' | 'fair' | 'poor' | 'lost';

/** State of the peer connection to one participant. */
export type ParticipantConnectionState = 'new' | 'connecting' | 'connected' | 'reconnecting' | 'failed';

/**
 * One remote member device, as an immutable snapshot.
 * @example
 * <video srcObject={participant.streams.screen ?? participant.streams.userMedia} />
 */
export interface GroupCallParticipant<UserId = string | number> {
  /** Equals `membershipId` (a rejoin is a new participant). */
  readonly id: string;
  readonly userId: UserId;
  readonly deviceId: string;
  readonly membershipId: string;
  readonly streams: { readonly userMedia: MediaStream | undefined; readonly screen: MediaStream | undefined };
  readonly audioMuted: boolean;
  readonly videoMuted: boolean;
  /** 0..1, sampled a few times a second. */
  readonly audioLevel: number;
  readonly isSpeaking: boolean;
  /** Undefined until the first stats sample. */
  readonly quality: GroupCallQuality | undefined;
  readonly connectionState: ParticipantConnectionState;
}

/**
 * This client's own side of the call.
 * @example
 * <video srcObject={snapshot.localParticipant.streams.userMedia} muted />
 */
export interface GroupCallLocalParticipant<UserId = string | number> {
  readonly userId: UserId | undefined;
  readonly deviceId: string | undefined;
  readonly membershipId: string | undefined;
  readonly streams: { readonly userMedia: MediaStream | undefined; readonly screen: MediaStream | undefined };
  readonly audioMuted: boolean;
  readonly videoMuted: boolean;
  readonly audioLevel: number;
  readonly isSpeaking: boolean;
}

/**
 * Everything a UI needs, as one immutable value: `getSnapshot()` returns the same object until
 * something changed.
 * @example
 * const { state, participants, activeSpeakerId } = groupCall.getSnapshot();
 */
export interface GroupCallSnapshot<UserId = string | number> {
  readonly groupCallId: string;
  readonly state: GroupCallState;
  /** Why the call is `left` against this client's will: `PERMISSION_DENIED`, `GROUP_FULL`, a media error. */
  readonly error: AsklessError | undefined;
  readonly membershipId: string | undefined;
  /** Remote member devices, in join order. */
  readonly participants: readonly GroupCallParticipant<UserId>[];
  readonly localParticipant: GroupCallLocalParticipant<UserId>;
  /** The loudest participant over a short window, with hysteresis (a participant id, or `'local'`). */
  readonly activeSpeakerId: string | undefined;
  /** Who shares a screen (a participant id, or `'local'`); the focus layout shows it first. */
  readonly screenShareParticipantId: string | undefined;
}

/**
 * What `join` takes. Without `localStream`, media is acquired with `media` (default audio and
 * video) and stopped on leave.
 * @example
 * client.groupCalls.join('standup', { media: { audio: true, video: false } });
 */
export interface JoinGroupCallOptions {
  media?: MediaStreamConstraints;
  localStream?: MediaStream;
  /** Timers, shortened by tests. */
  statsIntervalMs?: number;
  levelIntervalMs?: number;
  /** A pair whose connection is not up after this long is rebuilt (default 10 000 ms). */
  connectTimeoutMs?: number;
}

/**
 * The outcome of an asynchronous action; never rejected.
 * @example
 * const { ok, error } = await groupCall.startScreenShare();
 */
export interface GroupCallActionResult {
  readonly ok: boolean;
  readonly error?: AsklessError;
}

/**
 * A group call this client joined (or is joining).
 * @example
 * const call = client.groupCalls.join('standup');
 * const off = call.subscribe(() => render(call.getSnapshot()));
 * await call.leave();
 */
export interface GroupCall<UserId = string | number> {
  readonly groupCallId: string;
  getSnapshot(): GroupCallSnapshot<UserId>;
  /** Called after every change; returns unsubscribe. */
  subscribe(listener: () => void): () => void;
  /** Leave, close every peer connection and stop the media this call acquired. Idempotent. */
  leave(): Promise<void>;
  setMicrophoneEnabled(on: boolean): void;
  setCameraEnabled(on: boolean): void;
  startScreenShare(options?: { stream?: MediaStream }): Promise<GroupCallActionResult>;
  stopScreenShare(): void;
  setInputDevice(kind: 'audioinput' | 'videoinput', deviceId: string): Promise<GroupCallActionResult>;
}
