/**
 * Everything a live call does with media beyond the Askless signaling (issue 15): the in-band
 * channel to an askless-react peer, mute and camera state both ways, hold, screen share, input
 * device switching, audio levels and network quality. One per CallSession; it follows the
 * session's peer (a glare switch replaces it) and releases all it acquired when the call ends.
 *
 * With a Flutter peer there is no data channel: remote mute is inferred from the remote tracks'
 * `mute`/`unmute`, hold only stops our side, and a screen share replaces the camera track.
 */
import { AsklessError, ClientErrorCode } from '../errors.js';
import { Listeners } from '../internal/listeners.js';
import type { CallSession } from './call-session.js';
import { audioLevels, gradeQuality, SpeakingDetector, summariseStats, type StatsTotals } from './call-metrics.js';
import type { CallActionResult, CallInputKind, CallQuality, CallStats, PeerCapabilities } from './manager-types.js';
import { mediaFailure, stopStream } from './media.js';
import { PeerChannel, type PeerSignal } from './peer-channel.js';
import type { CallPeer } from './peer.js';

/** The part of `navigator.mediaDevices` calls use; injectable for Node tests. */
export interface MediaDevicesLike {
  getUserMedia?(constraints: MediaStreamConstraints): Promise<MediaStream>;
  getDisplayMedia?(constraints?: DisplayMediaStreamOptions): Promise<MediaStream>;
  enumerateDevices?(): Promise<MediaDeviceInfo[]>;
  addEventListener?(type: 'devicechange', listener: () => void): void;
  removeEventListener?(type: 'devicechange', listener: () => void): void;
}

/** Timers and environment of a call's media (from the manager's options). */
export interface CallMediaEnv {
  /** 0 disables levels. */
  levelIntervalMs: number;
  statsIntervalMs: number;
  mediaDevices(): MediaDevicesLike | undefined;
}

const ok: CallActionResult = Object.freeze({ ok: true });
const fail = (code: string, message: string, cause?: unknown): CallActionResult => ({ ok: false, error: new AsklessError(code, message, cause === undefined ? undefined : { cause }) });

function textOf(data: unknown): string | undefined {
  if (typeof data === 'string') return data;
  if (data instanceof Uint8Array) return new TextDecoder().decode(data);
  return undefined;
}

/**
 * The media side of one call.
 * @example
 * const media = new CallMedia(session, env);
 * media.setMicrophoneEnabled(false);
 */
export class CallMedia {
  audioMuted = false;
  videoMuted = false;
  localHold = false;
  remoteHold = false;
  remoteAudioMuted = false;
  remoteVideoMuted = false;
  localScreen: MediaStream | undefined;
  remoteScreen: MediaStream | undefined;
  capabilities: PeerCapabilities | undefined;
  audioLevel = 0;
  remoteAudioLevel = 0;
  isSpeaking = false;
  isRemoteSpeaking = false;
  quality: CallQuality | undefined;
  stats: CallStats | undefined;
  /** The device each input kind was switched to (for unplug fallback). */
  readonly inputDevices: Partial<Record<CallInputKind, string>> = {};
  channel: PeerChannel | undefined;
  /** The peer whose data channel `channel` is. */
  private channelPeer: CallPeer | undefined;

  private ownsScreen = false;
  /** Flutter peer: the camera track the screen replaced, put back on stop. */
  private replacedCamera: MediaStreamTrack | undefined;
  private remoteScreenId: string | undefined;
  private readonly remoteStreams = new Map<string, MediaStream>();
  private readonly ownedTracks = new Set<MediaStreamTrack>();
  private readonly cleanups: Array<() => void> = [];
  private levelTimer: ReturnType<typeof setInterval> | undefined;
  private statsTimer: ReturnType<typeof setInterval> | undefined;
  private totals: StatsTotals | undefined;
  private readonly localSpeaking = new SpeakingDetector();
  private readonly remoteSpeaking = new SpeakingDetector();
  private released = false;

  constructor(
    private readonly session: CallSession,
    private readonly env: CallMediaEnv,
  ) {
    this.cleanups.push(session.peerListeners.add((peer) => this.attach(peer)));
    this.cleanups.push(session.stateListeners.add((state) => this.onState(state)));
    if (session.peer) this.attach(session.peer);
    session.onEnd(() => this.release());
  }

  private get peer(): CallPeer | undefined {
    return this.session.ended ? undefined : this.session.peer;
  }

  private touch(): void {
    if (!this.released) this.session.touch();
  }

  private attach(peer: CallPeer): void {
    const current = () => this.session.peer === peer && !this.session.ended;
    if (this.channelPeer && this.channelPeer !== peer) {
      // A re-established peer (re-request.ts): its own channel says hello again; what the old one
      // carried (remote streams, a screen share) is gone with it.
      this.channel = undefined;
      this.channelPeer = undefined;
      this.remoteStreams.clear();
      this.remoteScreenId = undefined;
      this.classifyRemote();
      if (this.localScreen) this.stopScreenShare();
    }
    const data = new Listeners<[string]>();
    peer.on('data', (chunk) => {
      const text = textOf(chunk);
      if (text !== undefined && current()) data.emit(text);
    });
    peer.on('connect', () => {
      // `connect` means the data channel is open: the peer is askless-react (Flutter opens none).
      if (!current() || !peer.send || this.channel) return;
      this.openChannel(new PeerChannel({ send: (text) => peer.send!(text), onText: (l) => data.add(l) }), peer);
      // Renegotiations after the first exchange go in-band; the first offer/answer are the flows'.
      peer.on('signal', (signal) => {
        if (current()) this.channel?.send({ t: 'signal', data: signal as PeerSignal });
      });
    });
    peer.on('stream', (stream) => {
      if (!current()) return;
      this.remoteStreams.set(stream.id, stream);
      this.classifyRemote();
    });
    peer.on('track', (track) => {
      if (!current()) return;
      // A peer without the in-band channel tells us nothing: read mute from the tracks.
      const infer = () => {
        if (this.channel?.remote || !current()) return;
        if (track.kind === 'audio') this.remoteAudioMuted = track.muted;
        else this.remoteVideoMuted = track.muted;
        this.touch();
      };
      track.addEventListener?.('mute', infer);
      track.addEventListener?.('unmute', infer);
      this.cleanups.push(() => {
        track.removeEventListener?.('mute', infer);
        track.removeEventListener?.('unmute', infer);
      });
    });
  }

  private openChannel(channel: PeerChannel, peer: CallPeer): void {
    this.channel = channel;
    this.channelPeer = peer;
    channel.on('hello', (hello) => {
      this.session.inBandPeer = true;
      this.capabilities = Object.freeze({ version: hello.v, features: Object.freeze([...hello.features]) });
      // What the peer knows so far is nothing: tell it our state (once per hello is cheap).
      this.remoteAudioMuted = false;
      this.remoteVideoMuted = false;
      channel.send({ t: 'media', audioMuted: this.audioMuted, videoMuted: this.videoMuted });
      if (this.localHold) channel.send({ t: 'hold', on: true });
      this.touch();
    });
    channel.on('media', (m) => {
      this.remoteAudioMuted = m.audioMuted;
      this.remoteVideoMuted = m.videoMuted;
      this.touch();
    });
    channel.on('hold', (m) => {
      this.remoteHold = m.on;
      this.applyEnabled();
      this.touch();
    });
    channel.on('screen', (m) => {
      this.remoteScreenId = m.on ? m.streamId : undefined;
      this.classifyRemote();
    });
    channel.on('signal', (m) => {
      try {
        if (this.session.peer === peer && !this.session.ended) peer.signal(m.data as never);
      } catch {
        // A destroyed peer refuses signals; the call is ending anyway.
      }
    });
    channel.open();
  }

  /** Remote streams: the announced screen stream is `remoteScreen`, the first other one the camera. */
  private classifyRemote(): void {
    const screen = this.remoteScreenId ? this.remoteStreams.get(this.remoteScreenId) : undefined;
    if (screen !== this.remoteScreen) {
      this.remoteScreen = screen;
      this.applyEnabled();
      this.touch();
    }
  }

  private onState(state: string): void {
    if (state === 'connected') this.startTimers();
    if (state === 'reconnecting' && this.quality !== undefined) {
      this.quality = 'lost';
      this.touch();
    }
  }

  /** Our sending tracks follow mute and hold; received tracks stop playing while either side holds. */
  private applyEnabled(): void {
    const held = this.localHold || this.remoteHold;
    const local = this.session.localStream;
    for (const track of local?.getAudioTracks() ?? []) track.enabled = !this.audioMuted && !held;
    for (const track of local?.getVideoTracks() ?? []) track.enabled = !this.videoMuted && !held;
    for (const track of this.localScreen?.getTracks() ?? []) track.enabled = !held;
    for (const stream of [this.session.remoteStream, this.remoteScreen]) for (const track of stream?.getTracks() ?? []) track.enabled = !held;
  }

  setMicrophoneEnabled(on: boolean): void {
    this.audioMuted = !on;
    this.afterMediaChange();
  }

  setCameraEnabled(on: boolean): void {
    this.videoMuted = !on;
    this.afterMediaChange();
  }

  private afterMediaChange(): void {
    this.applyEnabled();
    this.channel?.send({ t: 'media', audioMuted: this.audioMuted, videoMuted: this.videoMuted });
    this.touch();
  }

  setLocalHold(on: boolean): void {
    if (this.localHold === on || this.session.ended) return;
    this.localHold = on;
    this.applyEnabled();
    this.channel?.send({ t: 'hold', on });
    this.touch();
  }

  /**
   * Share a screen: a second stream to an askless-react peer (renegotiated in-band), or the
   * camera track replaced for a Flutter peer.
   */
  async startScreenShare(given?: MediaStream): Promise<CallActionResult> {
    if (this.localScreen) return ok;
    if (!this.peer || !this.session.isLive) return fail(ClientErrorCode.INVALID_ARGUMENT, 'Screen sharing needs a live call');
    let stream = given;
    if (!stream) {
      const devices = this.env.mediaDevices();
      if (!devices?.getDisplayMedia) return fail('MEDIA_UNAVAILABLE', 'getDisplayMedia is not available here');
      try {
        stream = await devices.getDisplayMedia({ video: true });
      } catch (error) {
        return { ok: false, error: mediaFailure(error).error };
      }
      this.ownsScreen = true;
    } else {
      this.ownsScreen = false;
    }
    const peer = this.peer;
    const screenTrack = stream.getVideoTracks()[0];
    if (!peer || !screenTrack) {
      if (this.ownsScreen) stopStream(stream);
      return fail(ClientErrorCode.INVALID_ARGUMENT, peer ? 'The screen stream has no video track' : 'The call ended');
    }
    try {
      if (this.channel?.supports('screen-share') && peer.addStream) {
        this.channel.send({ t: 'screen', on: true, streamId: stream.id });
        peer.addStream(stream);
      } else {
        const camera = this.session.localStream?.getVideoTracks()[0];
        if (!camera || !peer.replaceTrack) throw new AsklessError('SCREEN_SHARE_UNSUPPORTED', 'This peer takes a screen share only in place of a camera track');
        peer.replaceTrack(camera, screenTrack, this.session.localStream!);
        this.replacedCamera = camera;
      }
    } catch (error) {
      if (this.ownsScreen) stopStream(stream);
      return { ok: false, error: error instanceof AsklessError ? error : new AsklessError('SCREEN_SHARE_FAILED', 'Could not share the screen', { cause: error }) };
    }
    this.localScreen = stream;
    // The browser's own "Stop sharing" button ends the capture track.
    const onEnded = () => this.stopScreenShare();
    screenTrack.addEventListener?.('ended', onEnded);
    this.cleanups.push(() => screenTrack.removeEventListener?.('ended', onEnded));
    this.applyEnabled();
    this.touch();
    return ok;
  }

  stopScreenShare(): void {
    const stream = this.localScreen;
    if (!stream) return;
    this.localScreen = undefined;
    const peer = this.peer;
    try {
      if (this.replacedCamera) {
        if (peer?.replaceTrack) peer.replaceTrack(stream.getVideoTracks()[0]!, this.replacedCamera, this.session.localStream!);
      } else if (peer?.removeStream) {
        peer.removeStream(stream);
      }
    } catch {
      // The peer is gone: nothing to take the screen back from.
    }
    this.replacedCamera = undefined;
    this.channel?.send({ t: 'screen', on: false });
    if (this.ownsScreen) stopStream(stream);
    this.touch();
  }

  /** Switch microphone or camera mid-call with `replaceTrack`; the old track is stopped. */
  async setInputDevice(kind: CallInputKind, deviceId: string): Promise<CallActionResult> {
    const devices = this.env.mediaDevices();
    const local = this.session.localStream;
    if (!devices?.getUserMedia) return fail('MEDIA_UNAVAILABLE', 'getUserMedia is not available here');
    if (!local) return fail(ClientErrorCode.INVALID_ARGUMENT, 'This call sends no media');
    const media = kind === 'audioinput' ? 'audio' : 'video';
    let fresh: MediaStream;
    try {
      fresh = await devices.getUserMedia(deviceId ? { [media]: { deviceId: { exact: deviceId } } } : { [media]: true });
    } catch (error) {
      return { ok: false, error: mediaFailure(error).error };
    }
    const track = (media === 'audio' ? fresh.getAudioTracks() : fresh.getVideoTracks())[0];
    const peer = this.peer;
    if (!track || !peer) {
      stopStream(fresh);
      return fail(ClientErrorCode.INVALID_ARGUMENT, track ? 'The call ended' : `No ${media} track from that device`);
    }
    const old = (media === 'audio' ? local.getAudioTracks() : local.getVideoTracks())[0];
    try {
      // While a Flutter peer gets the screen in place of the camera, the camera swap waits for the end of the share.
      if (old && peer.replaceTrack && !(media === 'video' && this.replacedCamera)) peer.replaceTrack(old, track, local);
      else if (!old && peer.addStream) peer.addStream(fresh);
    } catch (error) {
      track.stop();
      return fail('DEVICE_SWITCH_FAILED', 'Could not switch the device', error);
    }
    if (old) {
      local.removeTrack(old);
      old.stop();
      if (this.replacedCamera === old) this.replacedCamera = track;
    }
    local.addTrack(track);
    this.ownedTracks.add(track);
    this.inputDevices[kind] = deviceId;
    this.applyEnabled();
    this.touch();
    return ok;
  }

  private startTimers(): void {
    if (this.released) return;
    if (this.levelTimer === undefined && this.env.levelIntervalMs > 0) {
      this.levelTimer = setInterval(() => void this.sampleLevels(), this.env.levelIntervalMs);
      (this.levelTimer as { unref?: () => void }).unref?.();
    }
    if (this.statsTimer === undefined && this.env.statsIntervalMs > 0) {
      this.statsTimer = setInterval(() => void this.sampleStats(), this.env.statsIntervalMs);
      (this.statsTimer as { unref?: () => void }).unref?.();
      void this.sampleStats();
    }
  }

  private async getStats(): Promise<RTCStatsReport | undefined> {
    const pc = this.peer?._pc;
    if (!pc || typeof pc.getStats !== 'function') return undefined;
    try {
      return await pc.getStats();
    } catch {
      return undefined; // closing under us
    }
  }

  private async sampleLevels(): Promise<void> {
    const report = await this.getStats();
    if (!report || this.released) return;
    const { local = 0, remote = 0 } = audioLevels(report);
    const held = this.localHold || this.remoteHold;
    const mine = this.audioMuted || held ? 0 : local;
    const theirs = held ? 0 : remote;
    const speaking = this.localSpeaking.update(mine);
    const remoteSpeaking = this.remoteSpeaking.update(theirs);
    // Only a visible change makes a new snapshot: React re-renders at most once a tick.
    const round = (v: number) => Math.round(v * 50) / 50;
    if (round(mine) === this.audioLevel && round(theirs) === this.remoteAudioLevel && speaking === this.isSpeaking && remoteSpeaking === this.isRemoteSpeaking) return;
    this.audioLevel = round(mine);
    this.remoteAudioLevel = round(theirs);
    this.isSpeaking = speaking;
    this.isRemoteSpeaking = remoteSpeaking;
    this.touch();
  }

  private async sampleStats(): Promise<void> {
    const report = await this.getStats();
    if (!report || this.released) return;
    const previous = this.totals;
    const { stats, totals } = summariseStats(report, previous, Date.now());
    this.totals = totals;
    const nothingArrived = previous !== undefined && totals.pairBytesReceived <= previous.pairBytesReceived;
    const iceState = this.peer?._pc?.iceConnectionState;
    this.stats = Object.freeze(stats);
    this.quality = this.session.state === 'reconnecting' || iceState === 'disconnected' || iceState === 'failed' ? 'lost' : gradeQuality(stats, nothingArrived);
    this.touch();
  }

  private release(): void {
    if (this.released) return;
    this.released = true;
    clearInterval(this.levelTimer);
    clearInterval(this.statsTimer);
    this.levelTimer = undefined;
    this.statsTimer = undefined;
    this.channel?.close();
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    if (this.localScreen && this.ownsScreen) stopStream(this.localScreen);
    for (const track of this.ownedTracks) track.stop();
    this.ownedTracks.clear();
  }
}
