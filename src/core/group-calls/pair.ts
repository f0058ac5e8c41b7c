/**
 * One pair of a group call's mesh: this device and one remote member device on their own peer
 * connection (simple-peer, trickle on: candidates travel through the signal relay). The side with
 * the smaller membership id offers (see `isOfferer`), so there is no glare. A failed connection is
 * rebuilt by the offerer under a new `epoch`; the answerer follows any higher epoch it sees.
 * Mute, camera and screen-share state travel in-band on the pair's data channel, through the same
 * {@link PeerChannel} 1:1 calls use.
 */
import type SimplePeer from 'simple-peer';
import type { MemberAddress } from './wire.js';
import type { GroupCallQuality, ParticipantConnectionState } from './types.js';
import { qualityOf, readPairStats, type PairSample } from './stats.js';
import { PeerChannel } from '../calls/peer-channel.js';

/** What this side tells a pair in-band: the calls' peer channel `media` and `screen` messages. */
export interface PairLocalState {
  audioMuted: boolean;
  videoMuted: boolean;
  /** The id of the stream that is this side's screen share, while sharing. */
  screenStreamId: string | undefined;
}

/** What travels through the relay for a pair: simple-peer's signal data under an epoch. */
export interface PairPayload {
  e: number;
  s: SimplePeer.SignalData;
}

/** What a pair needs from its group call. */
export interface PairContext {
  Peer: SimplePeer.SimplePeer;
  config: RTCConfiguration | undefined;
  wrtc: unknown;
  /** Local camera/microphone and, while sharing, the screen. */
  localStreams(): MediaStream[];
  /** Our in-band state, sent on connect and on every change. */
  localState(): PairLocalState;
  send(payload: PairPayload): void;
  changed(): void;
  /** Delay before the offerer rebuilds a failed connection. */
  retryDelayMs: number;
  /** An offerer whose connection is not up after this long rebuilds it (a lost signal, a dead answerer). */
  connectTimeoutMs: number;
}

/** Signals sent in one relay request: candidates come in bursts, and each request costs a round trip. */
export interface PairBatch {
  b: PairPayload[];
}

const isPayload = (v: unknown): v is PairPayload =>
  typeof v === 'object' && v !== null && typeof (v as PairPayload).e === 'number' && typeof (v as PairPayload).s === 'object' && (v as PairPayload).s !== null;

/**
 * The peer connection to one remote member.
 * @example
 * const pair = new MeshPair(address, joinedAt, isOfferer(me, address.membershipId), ctx);
 */
export class MeshPair {
  epoch = 0;
  connectionState: ParticipantConnectionState = 'new';
  remoteState: PairLocalState = { audioMuted: false, videoMuted: false, screenStreamId: undefined };
  private channel: PeerChannel | undefined;
  readonly remoteStreams = new Map<string, MediaStream>();
  audioLevel = 0;
  quality: GroupCallQuality | undefined;
  private peer: SimplePeer.Instance | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private connectTimer: ReturnType<typeof setTimeout> | undefined;
  /** Set once a members list named this member: only then does its absence mean it left. */
  seenInMembers = false;
  readonly createdAt = Date.now();
  private localLevel = 0;
  private lastQualitySample: PairSample | undefined;
  /** Set when getStats refused a track selector: this connection's samples then read the whole report. */
  private fullStatsOnly = false;
  private destroyed = false;

  constructor(
    readonly address: MemberAddress,
    readonly joinedAt: number,
    readonly offerer: boolean,
    private readonly ctx: PairContext,
  ) {
    if (offerer) this.open(1);
  }

  /** A relayed payload (or batch of them) from the remote member. */
  receive(payload: unknown): void {
    const batch = (payload as Partial<PairBatch> | null)?.b;
    if (Array.isArray(batch)) {
      for (const one of batch.slice(0, 1000)) this.receive(one);
      return;
    }
    if (this.destroyed || !isPayload(payload)) return;
    if (payload.e < this.epoch) return; // a signal of a connection already replaced
    if (payload.e > this.epoch) {
      // Only the offerer starts epochs; an answerer follows the newest one.
      if (this.offerer) return;
      this.open(payload.e);
    }
    try {
      this.peer?.signal(payload.s);
    } catch {
      // A malformed or out-of-order signal: the connection fails and is rebuilt by the offerer.
    }
  }

  /** The remote camera/microphone stream and screen stream, as the remote state names them. */
  get streams(): { userMedia: MediaStream | undefined; screen: MediaStream | undefined } {
    const screenId = this.remoteState.screenStreamId;
    let userMedia: MediaStream | undefined;
    let screen: MediaStream | undefined;
    for (const stream of this.remoteStreams.values()) {
      if (screenId !== undefined && stream.id === screenId) screen = stream;
      else userMedia ??= stream;
    }
    return { userMedia, screen };
  }

  /** Send our state now (after a mute, a camera toggle, a screen share). */
  sendState(): void {
    if (this.connectionState !== 'connected' || !this.channel) return;
    const state = this.ctx.localState();
    this.channel.send({ t: 'media', audioMuted: state.audioMuted, videoMuted: state.videoMuted });
    this.channel.send(state.screenStreamId ? { t: 'screen', on: true, streamId: state.screenStreamId } : { t: 'screen', on: false });
  }

  addStream(stream: MediaStream): void {
    try {
      this.peer?.addStream(stream);
    } catch {
      // Not connected yet: the stream goes in with the next (re)connection.
    }
  }

  removeStream(stream: MediaStream): void {
    try {
      this.peer?.removeStream(stream);
    } catch {
      // Already gone.
    }
  }

  replaceTrack(oldTrack: MediaStreamTrack, newTrack: MediaStreamTrack, stream: MediaStream): void {
    try {
      this.peer?.replaceTrack(oldTrack, newTrack, stream);
    } catch {
      // Not sending that track on this pair: nothing to replace.
    }
  }

  /**
   * Sample the remote audio level, our own through `localAudio` (the same on every pair, so the
   * group call asks one pair), and quality when `qualityDue`, from getStats; never rejects.
   */
  async sample(qualityDue: boolean, localAudio?: MediaStreamTrack): Promise<void> {
    const peer = this.peer;
    const pc = (peer as unknown as { _pc?: RTCPeerConnection } | undefined)?._pc;
    if (!pc || this.connectionState !== 'connected') {
      this.audioLevel = 0;
      this.localLevel = 0;
      // A connection on its way up is not lost: its quality is unknown until it is measured.
      if (this.connectionState === 'new' || this.connectionState === 'connecting') this.quality = undefined;
      else if (this.connectionState !== 'connected') this.quality = 'lost';
      return;
    }
    // A (re)connection is measured at once rather than at the next quality tick.
    if (qualityDue || this.quality === undefined || this.quality === 'lost' || this.fullStatsOnly) {
      const sample = await readPairStats(pc);
      if (this.destroyed || !sample) return;
      this.audioLevel = sample.inboundAudioLevel ?? 0;
      this.localLevel = sample.outboundAudioLevel ?? 0;
      if (qualityDue || this.quality === undefined || this.quality === 'lost') {
        this.quality = qualityOf(sample, this.lastQualitySample);
        this.lastQualitySample = sample;
      }
      return;
    }
    // Between quality ticks only levels are read, each through its track's selector: whole
    // reports four times a second cost a 6-member mesh about a third more CPU per member.
    const remoteAudio = this.streams.userMedia?.getAudioTracks()[0];
    const [inbound, local] = await Promise.all([remoteAudio && readPairStats(pc, remoteAudio), localAudio && readPairStats(pc, localAudio)]);
    if (this.destroyed) return;
    if ((remoteAudio && !inbound) || (localAudio && !local)) this.fullStatsOnly = this.peer === peer;
    this.audioLevel = inbound?.inboundAudioLevel ?? 0;
    this.localLevel = local?.outboundAudioLevel ?? 0;
  }

  /** The local audio level as this pair's sender reported it at the last sample. */
  localAudioLevel(): number {
    return this.localLevel;
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.connectTimer) clearTimeout(this.connectTimer);
    this.channel?.close();
    this.peer?.destroy();
    this.peer = undefined;
    this.remoteStreams.clear();
  }

  private open(epoch: number): void {
    if (this.connectTimer) clearTimeout(this.connectTimer);
    this.channel?.close();
    this.peer?.destroy();
    this.remoteStreams.clear();
    // Packet counts start again on a new connection: loss is measured from its first sample.
    this.lastQualitySample = undefined;
    // A refusal may have come from the old connection closing under the sample.
    this.fullStatsOnly = false;
    this.epoch = epoch;
    this.connectionState = epoch === 1 ? 'connecting' : 'reconnecting';
    const options: SimplePeer.Options = {
      initiator: this.offerer,
      trickle: true,
      config: this.ctx.config,
      streams: this.ctx.localStreams(),
      offerOptions: { offerToReceiveAudio: true, offerToReceiveVideo: true },
    };
    if (this.ctx.wrtc) options.wrtc = this.ctx.wrtc as SimplePeer.Options['wrtc'];
    const peer = new this.ctx.Peer(options);
    this.peer = peer;
    const current = () => this.peer === peer && !this.destroyed;
    const sentCandidates = new Set<string>();
    peer.on('signal', (data: SimplePeer.SignalData) => current() && !repeatsTcpCandidate(sentCandidates, data) && this.ctx.send({ e: epoch, s: data }));
    peer.on('stream', (stream: MediaStream) => {
      if (!current()) return;
      this.remoteStreams.set(stream.id, stream);
      this.ctx.changed();
    });
    const channel = new PeerChannel({
      send: (text) => peer.send(text),
      onText: (listener) => {
        const onData = (data: unknown) => listener(typeof data === 'string' ? data : new TextDecoder().decode(data as Uint8Array));
        peer.on('data', onData);
        return () => peer.off('data', onData);
      },
    });
    this.channel = channel;
    channel.on('media', (m) => {
      this.remoteState = { ...this.remoteState, audioMuted: m.audioMuted, videoMuted: m.videoMuted };
      this.ctx.changed();
    });
    channel.on('screen', (m) => {
      this.remoteState = { ...this.remoteState, screenStreamId: m.on ? m.streamId : undefined };
      this.ctx.changed();
    });
    peer.on('connect', () => {
      if (!current()) return;
      if (this.connectTimer) clearTimeout(this.connectTimer);
      this.connectionState = 'connected';
      channel.open();
      this.sendState();
      this.ctx.changed();
    });
    const lost = () => {
      if (!current()) return;
      this.peer = undefined;
      this.connectionState = 'reconnecting';
      this.ctx.changed();
      // The offerer rebuilds; the answerer waits for the offerer's next epoch.
      if (this.offerer) this.retryTimer = setTimeout(() => !this.destroyed && this.open(this.epoch + 1), this.ctx.retryDelayMs);
    };
    peer.on('close', lost);
    peer.on('error', lost);
    if (this.offerer) this.connectTimer = setTimeout(() => this.connectionState !== 'connected' && current() && (peer.destroy(), lost()), this.ctx.connectTimeoutMs);
  }
}

/**
 * True when `data` is a TCP candidate on an address, type and ICE ufrag this connection already
 * sent (recording it otherwise). libwebrtc allocates fresh TCP ports for every session still
 * gathering whenever another peer connection starts in the process, so a mesh whose pairs open
 * one after another emitted up to 90 such candidates per pair (6 members in one process): each
 * one is relayed and costs the receiver an addIceCandidate, and none adds a path the first did not.
 */
function repeatsTcpCandidate(sent: Set<string>, data: SimplePeer.SignalData): boolean {
  const init = (data as { candidate?: { candidate?: unknown; sdpMid?: unknown } }).candidate;
  if (typeof init?.candidate !== 'string') return false;
  // candidate:<foundation> <component> <transport> <priority> <address> <port> typ <type> [raddr ..] [tcptype ..] [ufrag ..] ...
  const f = init.candidate.split(' ');
  if (f[2]?.toLowerCase() !== 'tcp') return false;
  const after = (name: string): string => {
    const i = f.indexOf(name);
    return i < 0 ? '' : (f[i + 1] ?? '');
  };
  const key = `${String(init.sdpMid)} ${f[1]} ${f[4]} ${after('typ')} ${after('tcptype')} ${after('ufrag')}`;
  if (sent.has(key)) return true;
  sent.add(key);
  return false;
}
