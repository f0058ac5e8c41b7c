/**
 * One joined group call: membership (join, renew at a third of the TTL, rejoin when it expired,
 * leave), the members and signals streams, one {@link MeshPair} per remote member device, local
 * media, levels and the snapshot the UI reads. Loaded lazily (see lazy.ts).
 */
import type SimplePeer from 'simple-peer';
import { AsklessError } from '../errors.js';
import type { AsklessResponse, AsklessStream, ModifyOptions, ReadStreamOptions, WebRTCParams } from '../types.js';
import { getLocalMedia, stopStream } from '../calls/media.js';
import { loadSimplePeer } from '../calls/peer.js';
import type { GroupCallEngine, SnapshotStore } from './lazy.js';
import { MeshPair, type PairBatch, type PairLocalState, type PairPayload } from './pair.js';
import { SpeakerTracker } from './speaker.js';
import type { GroupCallActionResult, GroupCallParticipant, GroupCallSnapshot, GroupCallState, JoinGroupCallOptions } from './types.js';
import {
  GroupCallErrorCode,
  GroupCallRoute,
  addressOf,
  isOfferer,
  type GroupCallMember,
  type JoinAnswer,
  type MemberAddress,
  type MembersEntity,
  type SignalsEntity,
} from './wire.js';

/** The part of AsklessClient a group call uses (structural, to avoid an import cycle). */
export interface GroupCallCore {
  create(options: ModifyOptions): Promise<AsklessResponse<unknown>>;
  readStream(options: ReadStreamOptions): AsklessStream<unknown>;
  onConnectionChange(listener: (state: { status: string }) => void, options?: { immediately?: boolean }): () => void;
  readonly options: { readonly wrtc: unknown; readonly getWebRTCParams: ((userId: never) => Promise<WebRTCParams>) | undefined };
}

const LOCAL = 'local';
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A validated join answer, or undefined. */
function joinAnswerOf(value: unknown): JoinAnswer | undefined {
  if (!isObject(value) || typeof value.membershipId !== 'string' || typeof value.membershipTtlMs !== 'number') return undefined;
  const address = addressOf(value);
  if (!address) return undefined;
  // A server-sent TTL is clamped: renewals at a third of it must neither flood nor lapse.
  const membershipTtlMs = Math.min(Math.max(value.membershipTtlMs, 300), 10 * 60_000);
  return { ...address, groupCallId: String(value.groupCallId), joinedAt: Number(value.joinedAt) || Date.now(), expiresAt: Number(value.expiresAt) || 0, membershipTtlMs };
}

/** The members list of a stream value, validated, or undefined. */
function membersOf(value: unknown, groupCallId: string): GroupCallMember[] | undefined {
  if (!isObject(value) || value.groupCallId !== groupCallId || !Array.isArray(value.members)) return undefined;
  const out: GroupCallMember[] = [];
  for (const m of value.members.slice(0, 64)) {
    const address = addressOf(m);
    if (address) out.push({ ...address, joinedAt: Number((m as MembersEntity['members'][number]).joinedAt) || 0, expiresAt: Number((m as MembersEntity['members'][number]).expiresAt) || 0 });
  }
  return out;
}

/**
 * The engine of one group call.
 * @example
 * const session = new GroupCallSession(client, store, 'room', {});
 */
export class GroupCallSession implements GroupCallEngine {
  private state: GroupCallState = 'joining';
  private error: AsklessError | undefined;
  private me: JoinAnswer | undefined;
  private readonly pairs = new Map<string, MeshPair>();
  /** Signals waiting for the request in flight to each member, by membership id. */
  private readonly outboxes = new Map<string, { queue: PairPayload[]; sending: boolean }>();
  private localStream: MediaStream | undefined;
  private ownsLocalStream = false;
  private screen: MediaStream | undefined;
  private ownsScreen = false;
  private audioMuted = false;
  private videoMuted = false;
  private localLevel = 0;
  private lastSeq = 0;
  private readonly speakers = new SpeakerTracker();
  private Peer: SimplePeer.SimplePeer | undefined;
  private config: RTCConfiguration | undefined;
  private offMembers: (() => void) | undefined;
  private offSignals: (() => void) | undefined;
  private offConnection: (() => void) | undefined;
  private renewTimer: ReturnType<typeof setInterval> | undefined;
  private sampleTimer: ReturnType<typeof setInterval> | undefined;
  private lastQualityAt = 0;
  private renewing = false;
  private ended = false;

  constructor(
    private readonly client: GroupCallCore,
    private readonly store: SnapshotStore<GroupCallSnapshot<any>>,
    readonly groupCallId: string,
    private readonly options: JoinGroupCallOptions,
  ) {
    void this.start();
  }

  private async start(): Promise<void> {
    const peerLoad = loadSimplePeer();
    if (this.options.localStream) {
      this.localStream = this.options.localStream;
    } else {
      const media = await getLocalMedia(this.options.media ?? { audio: true, video: true });
      if (this.ended) return void (media.stream && stopStream(media.stream));
      if (media.error) return this.end(media.error);
      this.localStream = media.stream;
      this.ownsLocalStream = true;
    }
    try {
      this.Peer = await peerLoad;
    } catch (error) {
      return this.end(new AsklessError('GROUP_CALLS_UNAVAILABLE', 'simple-peer could not be loaded', { cause: error }));
    }
    if (this.ended) return;
    if (!(await this.join())) return;
    this.offMembers = this.client.readStream({ route: GroupCallRoute.members, params: { groupCallId: this.groupCallId }, persevere: true }).subscribe((value) => this.onMembers(value));
    this.offConnection = this.client.onConnectionChange((connection) => {
      if (this.ended || this.state === 'joining') return;
      if (connection.status === 'connected') void this.renew();
      else this.setState('reconnecting');
    });
    const ttl = this.me!.membershipTtlMs;
    this.renewTimer = setInterval(() => void this.renew(), Math.floor(ttl / 3));
    this.sampleTimer = setInterval(() => void this.sample(), this.options.levelIntervalMs ?? 250);
    this.setState('joined');
  }

  /** Join (or rejoin after expiry): a fresh membership and its signals stream. */
  private async join(): Promise<boolean> {
    const res = await this.client.create({ route: GroupCallRoute.join, body: { groupCallId: this.groupCallId }, params: null });
    if (this.ended) {
      // Left while the join was in flight: do not stay a member until expiry.
      const answer = joinAnswerOf(res.output);
      if (answer) void this.client.create({ route: GroupCallRoute.leave, body: { groupCallId: this.groupCallId, membershipId: answer.membershipId }, params: null });
      return false;
    }
    const answer = res.success ? joinAnswerOf(res.output) : undefined;
    if (!answer) {
      this.end(res.error ?? new AsklessError('BAD_RESPONSE', 'join: the server answered without a membership'));
      return false;
    }
    this.me = answer;
    const config = await this.client.options.getWebRTCParams?.(answer.userId as never).catch(() => undefined);
    // Both ends of every pair are our clients, which bundle: one transport per pair instead of one
    // per media section until the answer arrives, so a third of the candidates to gather, relay
    // and check. An app's own bundlePolicy (getWebRTCParams) still wins.
    this.config = { bundlePolicy: 'max-bundle', ...config?.configuration };
    this.lastSeq = 0;
    this.offSignals?.();
    this.offSignals = this.client
      .readStream({ route: GroupCallRoute.signals, params: { groupCallId: this.groupCallId, membershipId: answer.membershipId }, persevere: true })
      .subscribe((value) => this.onSignals(value));
    this.publish();
    return true;
  }

  private async renew(): Promise<void> {
    if (this.ended || this.renewing || !this.me) return;
    this.renewing = true;
    try {
      const res = await this.client.create({ route: GroupCallRoute.renew, body: { groupCallId: this.groupCallId, membershipId: this.me.membershipId }, params: null });
      if (this.ended) return;
      if (res.success) return this.setState('joined');
      if (res.error?.code !== GroupCallErrorCode.NOT_A_MEMBER) return; // offline: the next tick retries
      // Gone past expiry: rejoin with a new membership; every pair is rebuilt with it.
      for (const pair of this.pairs.values()) pair.destroy();
      this.pairs.clear();
      this.setState('reconnecting');
      if (await this.join()) this.setState('joined');
    } finally {
      this.renewing = false;
    }
  }

  private onMembers(value: unknown): void {
    const me = this.me;
    const members = me && membersOf(value, this.groupCallId);
    if (this.ended || !members) return;
    const others = new Map(members.filter((m) => m.membershipId !== me.membershipId).map((m) => [m.membershipId, m]));
    const now = Date.now();
    for (const [id, pair] of this.pairs) {
      if (others.has(id)) continue;
      // A pair made from a signal may be newer than this list (pushes of the members stream can
      // trail the relay): drop it only once a list named it, or when no list ever does.
      if (!pair.seenInMembers && now - pair.createdAt < me.membershipTtlMs) continue;
      pair.destroy();
      this.pairs.delete(id);
    }
    for (const member of others.values()) (this.pairs.get(member.membershipId) ?? this.addPair(member, member.joinedAt)).seenInMembers = true;
    this.publish();
  }

  private onSignals(value: unknown): void {
    if (this.ended || !this.me || !isObject(value) || !Array.isArray(value.signals)) return;
    const signals = (value as unknown as SignalsEntity).signals.filter((s) => isObject(s) && typeof s.seq === 'number').sort((a, b) => a.seq - b.seq);
    for (const signal of signals) {
      if (signal.seq <= this.lastSeq) continue; // already handled (a re-read after a reconnect)
      this.lastSeq = signal.seq;
      const from = addressOf(signal.from);
      if (!from || from.membershipId === this.me.membershipId) continue;
      // A signal may overtake the members push that announces its sender.
      const pair = this.pairs.get(from.membershipId) ?? this.addPair(from, Date.now());
      pair.receive(signal.payload);
    }
  }

  private addPair(address: MemberAddress, joinedAt: number): MeshPair {
    const me = this.me!;
    const pair = new MeshPair(address, joinedAt, isOfferer(me.membershipId, address.membershipId), {
      Peer: this.Peer!,
      config: this.config,
      wrtc: this.client.options.wrtc,
      localStreams: () => [this.localStream, this.screen].filter((s): s is MediaStream => s !== undefined),
      localState: () => this.localState(),
      send: (payload: PairPayload) => this.signal(me, address, payload),
      changed: () => this.publish(),
      retryDelayMs: 1000,
      connectTimeoutMs: this.options.connectTimeoutMs ?? 10_000,
    });
    this.pairs.set(address.membershipId, pair);
    return pair;
  }

  /**
   * Relay signals to one member, one request at a time per member: what the peer emits while a
   * request is in flight (candidates come in bursts) goes out as one batch next, in order.
   */
  private signal(me: JoinAnswer, to: MemberAddress, payload: PairPayload): void {
    if (this.ended || this.me !== me) return;
    const outbox = this.outboxes.get(to.membershipId) ?? { queue: [], sending: false };
    this.outboxes.set(to.membershipId, outbox);
    outbox.queue.push(payload);
    if (!outbox.sending) void this.flush(me, to, outbox);
  }

  private async flush(me: JoinAnswer, to: MemberAddress, outbox: { queue: PairPayload[]; sending: boolean }): Promise<void> {
    outbox.sending = true;
    while (outbox.queue.length > 0 && !this.ended && this.me === me) {
      const batch: PairBatch = { b: outbox.queue.splice(0) };
      // A stale addressee (it left or rejoined) answers STALE_MEMBERSHIP: the members push drops the pair.
      const res = await this.client.create({ route: GroupCallRoute.signal, body: { groupCallId: this.groupCallId, membershipId: me.membershipId, to, payload: batch }, params: null });
      if (res.error?.code === GroupCallErrorCode.STALE_MEMBERSHIP) outbox.queue.length = 0;
    }
    outbox.sending = false;
    if (!this.pairs.has(to.membershipId)) this.outboxes.delete(to.membershipId);
  }

  private localState(): PairLocalState {
    return { audioMuted: this.audioMuted, videoMuted: this.videoMuted, screenStreamId: this.screen?.id };
  }

  private async sample(): Promise<void> {
    const now = Date.now();
    const qualityDue = now - this.lastQualityAt >= (this.options.statsIntervalMs ?? 2000);
    if (qualityDue) this.lastQualityAt = now;
    const pairs = [...this.pairs.values()];
    // Our own level is the same on every pair's sender: one pair reads it.
    const localAudio = this.audioMuted ? undefined : this.localStream?.getAudioTracks()[0];
    const reader = pairs.find((p) => p.connectionState === 'connected');
    await Promise.all(pairs.map((p) => p.sample(qualityDue, p === reader ? localAudio : undefined)));
    if (this.ended) return;
    this.localLevel = this.audioMuted ? 0 : Math.max(0, ...pairs.map((p) => p.localAudioLevel()));
    const levels = new Map<string, number>([[LOCAL, this.localLevel]]);
    for (const [id, pair] of this.pairs) levels.set(id, pair.remoteState.audioMuted ? 0 : pair.audioLevel);
    this.speakers.update(levels);
    this.publish();
  }

  setMicrophoneEnabled(on: boolean): void {
    for (const track of this.localStream?.getAudioTracks() ?? []) track.enabled = on;
    this.audioMuted = !on;
    this.stateChanged();
  }

  setCameraEnabled(on: boolean): void {
    for (const track of this.localStream?.getVideoTracks() ?? []) track.enabled = on;
    this.videoMuted = !on;
    this.stateChanged();
  }

  async startScreenShare(options: { stream?: MediaStream } = {}): Promise<GroupCallActionResult> {
    if (this.ended) return { ok: false, error: new AsklessError('INVALID_STATE', 'the group call has ended') };
    if (this.screen) return { ok: true };
    let stream = options.stream;
    if (!stream) {
      const devices = (globalThis as { navigator?: { mediaDevices?: MediaDevices } }).navigator?.mediaDevices;
      if (typeof devices?.getDisplayMedia !== 'function') return { ok: false, error: new AsklessError('SCREEN_SHARE_UNAVAILABLE', 'getDisplayMedia is not available here') };
      try {
        stream = await devices.getDisplayMedia({ video: true });
      } catch (error) {
        return { ok: false, error: new AsklessError('SCREEN_SHARE_DENIED', 'screen capture was refused', { cause: error }) };
      }
      this.ownsScreen = true;
    } else {
      this.ownsScreen = false;
    }
    this.screen = stream;
    // The browser's own "Stop sharing" button ends the capture track.
    for (const track of stream.getVideoTracks()) track.addEventListener?.('ended', () => this.screen === stream && this.stopScreenShare());
    for (const pair of this.pairs.values()) pair.addStream(stream);
    this.stateChanged();
    return { ok: true };
  }

  stopScreenShare(): void {
    const stream = this.screen;
    if (!stream) return;
    this.screen = undefined;
    for (const pair of this.pairs.values()) pair.removeStream(stream);
    if (this.ownsScreen) stopStream(stream);
    this.stateChanged();
  }

  async setInputDevice(kind: 'audioinput' | 'videoinput', deviceId: string): Promise<GroupCallActionResult> {
    const local = this.localStream;
    if (this.ended || !local) return { ok: false, error: new AsklessError('INVALID_STATE', 'no local media to switch') };
    const key = kind === 'audioinput' ? 'audio' : 'video';
    const media = await getLocalMedia({ [key]: { deviceId: { exact: deviceId } } });
    if (media.error) return { ok: false, error: media.error };
    const next = (kind === 'audioinput' ? media.stream.getAudioTracks() : media.stream.getVideoTracks())[0];
    const old = (kind === 'audioinput' ? local.getAudioTracks() : local.getVideoTracks())[0];
    if (!next) return { ok: false, error: new AsklessError('DEVICE_NOT_FOUND', `no ${key} track from device ${deviceId}`) };
    next.enabled = kind === 'audioinput' ? !this.audioMuted : !this.videoMuted;
    // replaceTrack: no renegotiation, the other members see the new device at once.
    if (old) for (const pair of this.pairs.values()) pair.replaceTrack(old, next, local);
    if (old) {
      local.removeTrack(old);
      if (this.ownsLocalStream) old.stop();
    }
    local.addTrack(next);
    this.publish(true);
    return { ok: true };
  }

  async leave(): Promise<void> {
    if (this.ended) return;
    const me = this.me;
    this.end(undefined);
    if (me) await this.client.create({ route: GroupCallRoute.leave, body: { groupCallId: this.groupCallId, membershipId: me.membershipId }, params: null });
  }

  dispose(): void {
    this.end(undefined);
  }

  private stateChanged(): void {
    for (const pair of this.pairs.values()) pair.sendState();
    this.publish(true);
  }

  private setState(state: GroupCallState): void {
    if (this.ended || this.state === state) return;
    this.state = state;
    this.publish();
  }

  /** Stop everything this call started: timers, streams, peers and the media it acquired. */
  private end(error: AsklessError | undefined): void {
    if (this.ended) return;
    this.ended = true;
    this.error = error;
    this.state = 'left';
    for (const timer of [this.renewTimer, this.sampleTimer]) if (timer) clearInterval(timer);
    this.offMembers?.();
    this.offSignals?.();
    this.offConnection?.();
    for (const pair of this.pairs.values()) pair.destroy();
    this.pairs.clear();
    this.outboxes.clear();
    if (this.ownsScreen) stopStream(this.screen);
    if (this.ownsLocalStream) stopStream(this.localStream);
    this.screen = undefined;
    this.publish(true);
  }

  /** Write a new snapshot if anything a UI shows changed (`force` after stream changes). */
  private publish(force = false): void {
    const prev = this.store.get();
    const participants = [...this.pairs.values()]
      .sort((a, b) => a.joinedAt - b.joinedAt)
      .map((pair) => reuse(prev.participants.find((p) => p.id === pair.address.membershipId), participantOf(pair, this.speakers)));
    const local = prev.localParticipant;
    const screenShareParticipantId = this.screen ? LOCAL : participants.find((p) => p.streams.screen)?.id;
    const next: GroupCallSnapshot<any> = {
      groupCallId: this.groupCallId,
      state: this.state,
      error: this.error,
      membershipId: this.me?.membershipId,
      participants: participants.length === prev.participants.length && participants.every((p, i) => p === prev.participants[i]) ? prev.participants : participants,
      localParticipant:
        !force && local.membershipId === this.me?.membershipId && local.audioMuted === this.audioMuted && local.videoMuted === this.videoMuted &&
        local.audioLevel === this.localLevel && local.isSpeaking === this.speakers.isSpeaking(LOCAL) && local.streams.userMedia === this.localStream && local.streams.screen === this.screen
          ? local
          : {
              userId: this.me?.userId,
              deviceId: this.me?.deviceId,
              membershipId: this.me?.membershipId,
              streams: { userMedia: this.state === 'left' ? undefined : this.localStream, screen: this.screen },
              audioMuted: this.audioMuted,
              videoMuted: this.videoMuted,
              audioLevel: this.localLevel,
              isSpeaking: this.speakers.isSpeaking(LOCAL),
            },
      activeSpeakerId: this.speakers.activeSpeakerId,
      screenShareParticipantId,
    };
    const same = (Object.keys(next) as (keyof GroupCallSnapshot)[]).every((k) => next[k] === prev[k]);
    if (!same) this.store.set(next);
  }
}

function participantOf(pair: MeshPair, speakers: SpeakerTracker): GroupCallParticipant {
  const id = pair.address.membershipId;
  return {
    id,
    userId: pair.address.userId,
    deviceId: pair.address.deviceId,
    membershipId: id,
    streams: pair.streams,
    audioMuted: pair.remoteState.audioMuted,
    videoMuted: pair.remoteState.videoMuted,
    audioLevel: pair.audioLevel,
    isSpeaking: speakers.isSpeaking(id),
    quality: pair.quality,
    connectionState: pair.connectionState,
  };
}

/** Keep the previous participant object when nothing in it changed (so React skips it). */
function reuse(prev: GroupCallParticipant | undefined, next: GroupCallParticipant): GroupCallParticipant {
  if (!prev) return next;
  const same =
    prev.audioMuted === next.audioMuted && prev.videoMuted === next.videoMuted && prev.audioLevel === next.audioLevel && prev.isSpeaking === next.isSpeaking &&
    prev.quality === next.quality && prev.connectionState === next.connectionState && prev.streams.userMedia === next.streams.userMedia && prev.streams.screen === next.streams.screen;
  return same ? prev : next;
}

/**
 * The factory `client.groupCalls` loads lazily.
 * @example
 * const factory = (await import('./session.js')).groupCallEngineFactory(client);
 */
export function groupCallEngineFactory(client: GroupCallCore) {
  return (store: SnapshotStore<GroupCallSnapshot<any>>, groupCallId: string, options: JoinGroupCallOptions): GroupCallEngine =>
    new GroupCallSession(client, store, groupCallId, options);
}
