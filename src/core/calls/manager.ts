/**
 * The CallManager (issue 15): every call of one client, as immutable snapshots. It sits on the
 * CallService (which runs the Askless signaling per remote user) and adds what several calls
 * need: one active call and the others held (call waiting, swap), the limits that turn a new
 * caller away as busy, missed calls, the ringing delegate and devices. Loaded lazily with the
 * service; `client.calls` is a small facade in the core bundle (manager-facade.ts).
 */
import { AsklessError, ClientErrorCode } from '../errors.js';
import { Listeners } from '../internal/listeners.js';
import { randomAlphanumeric } from '../ids.js';
import type { CallService, IncomingDecision } from './call-service.js';
import { CallMedia, type MediaDevicesLike } from './call-media.js';
import type { CallSession } from './call-session.js';
import { inertCall, liveCallHandle } from './call-handle.js';
import { snapshotCall, type CallActions } from './call-snapshot.js';
import { audioOutputResult, DeviceWatcher, listDevices } from './devices.js';
import type {
  AudioOutputResult,
  Call,
  CallActionResult,
  CallDeviceChange,
  CallDeviceList,
  CallInputKind,
  CallManager,
  CallManagerOptions,
  CallsSnapshot,
  MissedCall,
  RingAlertOptions,
  StartCallOptions,
} from './manager-types.js';
import { isWireUserId, sameUserId, type WireUserId } from './wire.js';
import { RingAlerts, type RingAlertPlatform } from './ring-alerts.js';

/** Defaults of {@link CallManagerOptions}. */
export const CALL_MANAGER_DEFAULTS = Object.freeze({
  maxConcurrentCalls: 4,
  reconnectTimeoutMs: 20_000,
  endedCallLingerMs: 2_000,
  statsIntervalMs: 2_000,
  levelUpdatesPerSecond: 10,
  maxMissedCalls: 50,
});

/** Options plus the media devices lookup (tests inject a fake; default `navigator.mediaDevices` at that moment). */
export interface CallManagerEngineOptions extends CallManagerOptions<WireUserId> {
  mediaDevices?: () => MediaDevicesLike | undefined;
  /** Where ring alerts show (tests: a fake document and Notification). */
  ringAlertPlatform?: () => RingAlertPlatform;
}

interface Entry {
  readonly session: CallSession;
  readonly media: CallMedia;
  readonly actions: CallActions;
  call: Call | undefined;
  dirty: boolean;
  ringing: boolean;
}

const EMPTY_SNAPSHOT: CallsSnapshot<WireUserId> = Object.freeze({ calls: Object.freeze([]), missedCalls: Object.freeze([]) });
const RECENT_LIMIT = 32;

const platformMediaDevices = (): MediaDevicesLike | undefined => (globalThis as { navigator?: { mediaDevices?: MediaDevicesLike } }).navigator?.mediaDevices;

/**
 * The engine behind `client.calls`.
 * @example
 * const manager = new CallManagerEngine(service, { maxConcurrentCalls: 2 });
 * manager.subscribe(() => render(manager.getSnapshot()));
 */
export class CallManagerEngine implements CallManager<WireUserId> {
  private readonly entries = new Map<string, Entry>();
  /** Ended calls that left the snapshot, still answerable by `getCall` (bounded). */
  private readonly recent = new Map<string, Call>();
  private readonly listeners = new Listeners<[]>();
  private readonly deviceListeners = new Listeners<[CallDeviceChange]>();
  private readonly watcher: DeviceWatcher;
  private stopWatching: (() => void) | undefined;
  private snapshot: CallsSnapshot<WireUserId> = EMPTY_SNAPSHOT;
  private dirty = false;
  private missed: readonly MissedCall<WireUserId>[] = Object.freeze([]);
  private audioOutputDeviceId: string | undefined;
  private releaseReceiving: (() => void) | undefined;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly alerts: RingAlerts | undefined;
  /** The 1:1 API keeps its one-call rule until the app uses the manager. */
  private used = false;
  private readonly options: Required<Omit<CallManagerEngineOptions, 'canHandleNewCall' | 'onRing' | 'onRingStop' | 'ringAlerts' | 'ringAlertPlatform' | 'ringTimeoutMs' | 'unavailableGraceMs'>> & CallManagerEngineOptions;

  constructor(
    private readonly service: CallService,
    options: CallManagerEngineOptions = {},
  ) {
    this.options = { ...CALL_MANAGER_DEFAULTS, mediaDevices: platformMediaDevices, ...stripUndefined(options) };
    this.options.endedCallLingerMs = Math.min(this.options.endedCallLingerMs, 2_900);
    this.watcher = new DeviceWatcher(() => this.options.mediaDevices());
    if (this.options.ringAlerts) this.alerts = new RingAlerts(this.options.ringAlerts as RingAlertOptions, this.options.ringAlertPlatform);
    service.admitIncoming = (callerId) => this.admit(callerId);
    service.sessionListeners.add((session) => this.adopt(session));
    service.refusedListeners.add((callerId, data) => this.addMissed(callerId, data, 'busy'));
    for (const session of service.liveSessions()) this.adopt(session);
  }

  readonly getSnapshot = (): CallsSnapshot<WireUserId> => {
    if (!this.dirty) return this.snapshot;
    this.dirty = false;
    const calls = [...this.entries.values()].map((entry) => this.callOf(entry));
    const active = [...this.entries.values()].find((e) => e.session.isLive && !e.media.localHold);
    const prev = this.snapshot;
    const same =
      prev.calls.length === calls.length &&
      prev.calls.every((c, i) => c === calls[i]) &&
      prev.activeCallId === active?.session.callId &&
      prev.missedCalls === this.missed &&
      prev.audioOutputDeviceId === this.audioOutputDeviceId;
    if (same) return prev;
    const next: { -readonly [K in keyof CallsSnapshot<WireUserId>]: CallsSnapshot<WireUserId>[K] } = { calls: Object.freeze(calls), missedCalls: this.missed };
    if (active) next.activeCallId = active.session.callId;
    if (this.audioOutputDeviceId !== undefined) next.audioOutputDeviceId = this.audioOutputDeviceId;
    this.snapshot = Object.freeze(next);
    return this.snapshot;
  };

  readonly subscribe = (listener: () => void): (() => void) => {
    this.used = true;
    const off = this.listeners.add(listener);
    this.releaseReceiving ??= this.service.retainReceiving();
    return () => {
      off();
      if (this.listeners.size === 0) {
        this.releaseReceiving?.();
        this.releaseReceiving = undefined;
      }
    };
  };

  readonly call = (options: StartCallOptions<WireUserId> & { callId?: string }): Call => {
    this.used = true;
    const { userId } = options ?? ({} as StartCallOptions<WireUserId>);
    if (!isWireUserId(userId)) return this.failedCall(options, new AsklessError(ClientErrorCode.INVALID_ARGUMENT, 'call() needs a userId (string or number)'));
    const existing = this.entryWith(userId);
    if (existing) {
      // Same user again: one call. They are ringing us: calling back answers.
      if (existing.session.state === 'incoming') void existing.actions.accept({ localStream: options.localStream, media: options.media, additionalData: options.additionalData });
      return this.handle(existing.session.callId);
    }
    if (this.liveCount() >= this.options.maxConcurrentCalls) {
      return this.failedCall(options, new AsklessError(ClientErrorCode.CONFLICT, `Already in ${this.options.maxConcurrentCalls} calls (maxConcurrentCalls)`));
    }
    const me = this.service.selfId();
    if (me !== undefined && sameUserId(me, userId)) return this.failedCall(options, new AsklessError(ClientErrorCode.INVALID_ARGUMENT, 'A user cannot call themself'));
    const session = this.service.startCall({ ...options, callId: options.callId ?? randomAlphanumeric(16) });
    return this.handle(session.callId);
  };

  readonly getCall = (callId: string): Call | undefined => {
    const entry = this.entries.get(callId);
    return entry ? this.callOf(entry) : this.recent.get(callId);
  };

  readonly listDevices = (): Promise<CallDeviceList> => listDevices(this.options.mediaDevices());

  readonly onDeviceChange = (listener: (change: CallDeviceChange) => void): (() => void) => {
    const off = this.deviceListeners.add(listener);
    this.stopWatching ??= this.watcher.add((list) => void this.onDevicesChanged(list));
    return () => {
      off();
      if (this.deviceListeners.size === 0) {
        this.stopWatching?.();
        this.stopWatching = undefined;
      }
    };
  };

  readonly setAudioOutput = async (deviceId: string): Promise<AudioOutputResult> => {
    const result = audioOutputResult(deviceId);
    if (result.status === 'applied' && this.audioOutputDeviceId !== deviceId) {
      this.audioOutputDeviceId = deviceId;
      this.changed();
    }
    return result;
  };

  readonly clearMissedCalls = (): void => {
    if (this.missed.length === 0) return;
    this.missed = Object.freeze([]);
    this.changed();
  };

  /** Stop timers and listening (the service ends the calls). */
  dispose(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.releaseReceiving?.();
    this.releaseReceiving = undefined;
    this.stopWatching?.();
    this.stopWatching = undefined;
    this.alerts?.dispose();
  }

  private changed(): void {
    this.dirty = true;
    this.listeners.emit();
  }

  private callOf(entry: Entry): Call {
    if (!entry.call || entry.dirty) {
      entry.call = snapshotCall(entry.session, entry.media, entry.actions, entry.call);
      entry.dirty = false;
    }
    return entry.call;
  }

  private handle(callId: string): Call {
    let last: Call | undefined;
    return liveCallHandle(() => (last = this.getCall(callId) ?? last)!);
  }

  private entryWith(userId: WireUserId): Entry | undefined {
    for (const entry of this.entries.values()) if (!entry.session.ended && sameUserId(entry.session.remoteUserId, userId)) return entry;
    return undefined;
  }

  private liveCount(): number {
    let n = 0;
    for (const entry of this.entries.values()) if (!entry.session.ended) n++;
    return n;
  }

  private admit(callerId: WireUserId): IncomingDecision {
    if (!this.used) return this.liveCount() > 0 ? 'busy' : 'ring';
    if (this.liveCount() >= this.options.maxConcurrentCalls) return 'busy';
    try {
      if (this.options.canHandleNewCall && this.options.canHandleNewCall(callerId) === false) return 'busy';
    } catch {
      return 'busy'; // a throwing app callback must not ring a call the app cannot handle
    }
    return 'ring';
  }

  private adopt(session: CallSession): void {
    if (this.entries.has(session.callId)) return;
    const media = new CallMedia(session, {
      levelIntervalMs: this.options.levelUpdatesPerSecond > 0 ? Math.max(100, 1000 / this.options.levelUpdatesPerSecond) : 0,
      statsIntervalMs: this.options.statsIntervalMs,
      mediaDevices: () => this.options.mediaDevices(),
    });
    const entry: Entry = { session, media, actions: this.actionsFor(session, media), call: undefined, dirty: true, ringing: false };
    this.entries.set(session.callId, entry);
    session.changeListeners.add(() => {
      entry.dirty = true;
      this.updateRinging(entry);
      this.changed();
    });
    session.stateListeners.add((state) => {
      // A call going live becomes the active one: the others go on hold.
      if (state === 'connecting' && !media.localHold) this.holdOthers(entry);
    });
    session.onEnd(() => this.onEnded(entry));
    this.updateRinging(entry);
    this.changed();
  }

  private actionsFor(session: CallSession, media: CallMedia): CallActions {
    const live = () => session.isLive;
    return {
      accept: async (options = {}): Promise<CallActionResult> => {
        if (session.state !== 'incoming') {
          return { ok: false, error: session.error ?? new AsklessError(ClientErrorCode.INVALID_ARGUMENT, `Cannot accept a call in state ${session.state}`) };
        }
        const entry = this.entries.get(session.callId);
        if (entry) this.holdOthers(entry);
        const result = await this.service.acceptSession(session, options);
        return result.success ? { ok: true } : { ok: false, error: result.error };
      },
      reject: (options = {}) => {
        if (session.state === 'incoming' || session.state === 'accepting') session.end('rejected', { notifyRemote: true, rejectData: options.additionalData ?? {} });
      },
      hangUp: () => {
        if (session.ended) return;
        if (session.role === 'callee' && (session.state === 'incoming' || session.state === 'accepting')) session.end('rejected', { notifyRemote: true, rejectData: {} });
        // `hangup` whatever the stage (what the call UI shows); the callee still hears a cancel.
        else session.end('hangup', { notifyRemote: true });
      },
      hold: () => {
        if (live()) media.setLocalHold(true);
      },
      resume: () => {
        if (!live()) return;
        const entry = this.entries.get(session.callId);
        if (entry) this.holdOthers(entry);
        media.setLocalHold(false);
      },
      setMicrophoneEnabled: (on) => media.setMicrophoneEnabled(on),
      setCameraEnabled: (on) => media.setCameraEnabled(on),
      startScreenShare: (options = {}) => media.startScreenShare(options.stream),
      stopScreenShare: () => media.stopScreenShare(),
      setInputDevice: (kind: CallInputKind, deviceId: string) => media.setInputDevice(kind, deviceId),
    };
  }

  private holdOthers(keep: Entry): void {
    for (const entry of this.entries.values()) if (entry !== keep && entry.session.isLive && !entry.media.localHold) entry.media.setLocalHold(true);
  }

  private updateRinging(entry: Entry): void {
    const ringing = entry.session.direction === 'incoming' && entry.session.state === 'incoming';
    if (ringing === entry.ringing) return;
    entry.ringing = ringing;
    const hook = ringing ? this.options.onRing : this.options.onRingStop;
    const call = this.getCall(entry.session.callId);
    if (!call) return;
    try {
      if (ringing) this.alerts?.ring(call);
      else this.alerts?.stop(call);
    } catch {
      // An app's `ringAlerts.text` throwing must not break the call either.
    }
    try {
      hook?.(call);
    } catch {
      // An app's ringtone failing must not break the call.
    }
  }

  private onEnded(entry: Entry): void {
    const { session } = entry;
    const answered = session.answerSent || session.connectedAt !== undefined;
    if (session.role === 'callee' && !answered && (session.endReason === 'canceled' || session.endReason === 'missed')) {
      this.addMissed(session.remoteUserId, session.remoteAdditionalData, 'missed', session.callId);
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      const call = this.callOf(entry);
      this.entries.delete(session.callId);
      this.recent.set(session.callId, call);
      if (this.recent.size > RECENT_LIMIT) this.recent.delete(this.recent.keys().next().value!);
      this.changed();
    }, this.options.endedCallLingerMs);
    (timer as { unref?: () => void }).unref?.();
    this.timers.add(timer);
  }

  private addMissed(remoteUserId: WireUserId, additionalData: Record<string, unknown>, reason: 'missed' | 'busy', id = randomAlphanumeric(16)): void {
    const entry: MissedCall<WireUserId> = Object.freeze({ id, remoteUserId, at: Date.now(), additionalData, reason });
    this.missed = Object.freeze([...this.missed, entry].slice(-this.options.maxMissedCalls));
    this.changed();
  }

  /** Inputs in use that disappeared fall back to the default device; listeners learn which. */
  private async onDevicesChanged(devices: CallDeviceList): Promise<void> {
    const lost: Array<{ kind: CallInputKind; deviceId: string; callId: string }> = [];
    for (const entry of this.entries.values()) {
      if (entry.session.ended) continue;
      for (const kind of ['audioinput', 'videoinput'] as const) {
        const deviceId = entry.media.inputDevices[kind];
        if (!deviceId || devices[kind].some((d) => d.deviceId === deviceId)) continue;
        lost.push({ kind, deviceId, callId: entry.session.callId });
        await entry.media.setInputDevice(kind, '');
        delete entry.media.inputDevices[kind];
      }
    }
    this.deviceListeners.emit(Object.freeze({ devices, lost: Object.freeze(lost) }));
  }

  /** A call that could not start: ended at once, with the error, outside the snapshot. */
  private failedCall(options: Partial<StartCallOptions<WireUserId>> & { callId?: string }, error: AsklessError): Call {
    const id = options.callId ?? randomAlphanumeric(16);
    const call = Object.freeze(inertCall({ id, remoteUserId: (options.userId ?? '') as WireUserId, state: 'ended', error }, {}));
    this.recent.set(id, call);
    return call;
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
