/**
 * An in-memory `CallManager` (calls v2 snapshot shape) for stories and unit tests: calls are
 * seeded and changed by hand, and every `Call` method changes the snapshot the way the real
 * manager does (mute, hold with a swap, screen share, accept, reject, hang up). No WebRTC.
 */
import type {
  AudioOutputResult,
  Call,
  CallActionResult,
  CallDevice,
  CallDeviceChange,
  CallDeviceList,
  CallManager,
  CallsSnapshot,
  MissedCall,
  StartCallOptions,
} from '../../src/core/calls/manager-types.js';

/** The data part of a call, as a story seeds it. */
export type FakeCallData = Omit<Call, 'accept' | 'reject' | 'hangUp' | 'hold' | 'resume' | 'setMicrophoneEnabled' | 'setCameraEnabled' | 'startScreenShare' | 'stopScreenShare' | 'setInputDevice'>;

/** What a story gives to seed a call; everything else has a plausible default. */
export type FakeCallInit = Partial<FakeCallData> & { remoteUserId: string | number };

/** Every method call a fake call received, for assertions. */
export interface FakeCallLog {
  readonly callId: string;
  readonly method: string;
  readonly args: unknown[];
}

const DEVICES: CallDeviceList = {
  audioinput: [
    { deviceId: 'mic-1', groupId: 'g1', kind: 'audioinput', label: 'Built-in microphone' },
    { deviceId: 'mic-2', groupId: 'g2', kind: 'audioinput', label: 'Headset microphone' },
  ],
  videoinput: [
    { deviceId: 'cam-1', groupId: 'g1', kind: 'videoinput', label: 'Front camera' },
    { deviceId: 'cam-2', groupId: 'g3', kind: 'videoinput', label: 'USB camera' },
  ],
  audiooutput: [
    { deviceId: 'spk-1', groupId: 'g1', kind: 'audiooutput', label: 'Speakers' },
    { deviceId: 'spk-2', groupId: 'g2', kind: 'audiooutput', label: 'Headset' },
  ],
};

const EMPTY_STREAMS = { localUserMedia: undefined, localScreen: undefined, remoteUserMedia: undefined, remoteScreen: undefined };

/**
 * @example
 * const manager = new FakeCallManager();
 * const call = manager.seed({ remoteUserId: 'bob', state: 'connected' });
 * manager.update(call.id, { remoteAudioMuted: true });
 */
export class FakeCallManager implements CallManager {
  private data: FakeCallData[] = [];
  private missed: MissedCall[] = [];
  private outputId: string | undefined;
  private snapshot: CallsSnapshot | undefined;
  private readonly listeners = new Set<() => void>();
  private nextId = 1;
  /** Every method called on a call, oldest first. */
  readonly log: FakeCallLog[] = [];
  devices: CallDeviceList = DEVICES;
  /** The stream `startScreenShare()` shares (a story sets one). */
  screenStream: MediaStream | undefined;

  getSnapshot = (): CallsSnapshot => {
    this.snapshot ??= {
      calls: this.data.map((d) => this.bind(d)),
      activeCallId: this.data.find((d) => d.state !== 'ended' && d.state !== 'incoming' && !d.isLocalOnHold)?.id,
      missedCalls: this.missed,
      audioOutputDeviceId: this.outputId,
    };
    return this.snapshot;
  };

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Seed a call (ringing here, outgoing, connected...). */
  seed(init: FakeCallInit): Call {
    const data: FakeCallData = {
      id: `call-${this.nextId++}`,
      direction: 'outgoing',
      state: 'connected',
      endReason: undefined,
      error: undefined,
      connectedAt: init.state === undefined || init.state === 'connected' ? Date.now() : undefined,
      peerCapabilities: { version: 1, features: ['mute', 'hold', 'screen-share', 'renegotiate'] },
      streams: EMPTY_STREAMS,
      primaryRemoteStream: undefined,
      isLocalOnHold: false,
      isRemoteOnHold: false,
      audioMuted: false,
      videoMuted: false,
      remoteAudioMuted: false,
      remoteVideoMuted: false,
      audioLevel: 0,
      remoteAudioLevel: 0,
      isSpeaking: false,
      isRemoteSpeaking: false,
      quality: undefined,
      stats: undefined,
      additionalData: {},
      permission: undefined,
      remoteUserConnected: true,
      ...init,
    };
    this.data = [...this.data, data];
    this.changed();
    return this.getCall(data.id)!;
  }

  /** Change a call's data (what the other side or the network would do). */
  update(callId: string, patch: Partial<FakeCallData>): void {
    this.data = this.data.map((d) => (d.id === callId ? { ...d, ...patch } : d));
    this.changed();
  }

  addMissed(missed: Omit<MissedCall, 'id'>): void {
    this.missed = [...this.missed, { id: `missed-${this.nextId++}`, ...missed }];
    this.changed();
  }

  call(options: StartCallOptions): Call {
    this.log.push({ callId: '', method: 'call', args: [options] });
    return this.seed({ remoteUserId: options.userId, state: 'requesting', connectedAt: undefined, additionalData: options.additionalData ?? {} });
  }

  getCall(callId: string): Call | undefined {
    const data = this.data.find((d) => d.id === callId);
    return data && this.bind(data);
  }

  listDevices = async (): Promise<CallDeviceList> => this.devices;

  onDeviceChange(listener: (change: CallDeviceChange) => void): () => void {
    void listener;
    return () => {};
  }

  setAudioOutput = async (deviceId: string): Promise<AudioOutputResult> => {
    this.outputId = deviceId;
    this.changed();
    return { status: 'applied' };
  };

  clearMissedCalls(): void {
    this.missed = [];
    this.changed();
  }

  private changed(): void {
    this.snapshot = undefined;
    for (const listener of [...this.listeners]) listener();
  }

  private record(callId: string, method: string, args: unknown[]): void {
    this.log.push({ callId, method, args });
  }

  private end(callId: string, endReason: Call['endReason']): void {
    this.update(callId, { state: 'ended', endReason });
  }

  private bind(data: FakeCallData): Call {
    const id = data.id;
    const ok: CallActionResult = { ok: true };
    return {
      ...data,
      accept: async (options) => {
        this.record(id, 'accept', [options]);
        // Call waiting: the live call goes on hold, as the real manager does.
        for (const other of this.data) if (other.id !== id && other.state === 'connected') this.update(other.id, { isLocalOnHold: true });
        this.update(id, { state: 'connected', connectedAt: Date.now() });
        return ok;
      },
      reject: (options) => {
        this.record(id, 'reject', [options]);
        this.end(id, 'rejected');
      },
      hangUp: () => {
        this.record(id, 'hangUp', []);
        this.end(id, 'hangup');
      },
      hold: () => {
        this.record(id, 'hold', []);
        this.update(id, { isLocalOnHold: true });
      },
      resume: () => {
        this.record(id, 'resume', []);
        for (const other of this.data) if (other.id !== id && other.state === 'connected') this.update(other.id, { isLocalOnHold: true });
        this.update(id, { isLocalOnHold: false });
      },
      setMicrophoneEnabled: (on) => {
        this.record(id, 'setMicrophoneEnabled', [on]);
        this.update(id, { audioMuted: !on });
      },
      setCameraEnabled: (on) => {
        this.record(id, 'setCameraEnabled', [on]);
        this.update(id, { videoMuted: !on });
      },
      startScreenShare: async () => {
        this.record(id, 'startScreenShare', []);
        const current = this.data.find((d) => d.id === id)!;
        this.update(id, { streams: { ...current.streams, localScreen: this.screenStream ?? new MediaStream() } });
        return ok;
      },
      stopScreenShare: () => {
        this.record(id, 'stopScreenShare', []);
        const current = this.data.find((d) => d.id === id)!;
        this.update(id, { streams: { ...current.streams, localScreen: undefined } });
      },
      setInputDevice: async (kind, deviceId) => {
        this.record(id, 'setInputDevice', [kind, deviceId]);
        return ok;
      },
    };
  }
}

/** The fake devices every FakeCallManager lists. */
export const FAKE_DEVICES: CallDeviceList = DEVICES;
export type { CallDevice };
