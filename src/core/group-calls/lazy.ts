/**
 * `client.groupCalls`: the client's entry to group calls. `join` answers at once with a
 * {@link GroupCall} whose snapshot is `joining`; the mesh code (and simple-peer) loads on first
 * use, so apps that never join a group call load none of it.
 */
import { AsklessError, ClientErrorCode } from '../errors.js';
import { Listeners } from '../internal/listeners.js';
import { groupCallIdOf } from './wire.js';
import type { GroupCall, GroupCallActionResult, GroupCallSnapshot, JoinGroupCallOptions } from './types.js';

/**
 * Holds one immutable snapshot and tells subscribers when it is replaced.
 * @example
 * const store = new SnapshotStore(initial); store.set({ ...store.get(), state: 'joined' });
 */
export class SnapshotStore<T> {
  private readonly listeners = new Listeners<[]>();
  constructor(private value: T) {}
  get(): T {
    return this.value;
  }
  set(next: T): void {
    if (next === this.value) return;
    this.value = next;
    this.listeners.emit();
  }
  subscribe(listener: () => void): () => void {
    return this.listeners.add(listener);
  }
}

/** What the loaded mesh code offers for one group call. */
export interface GroupCallEngine {
  leave(): Promise<void>;
  /** Drop everything at once without telling the server (the client is closing). */
  dispose(): void;
  setMicrophoneEnabled(on: boolean): void;
  setCameraEnabled(on: boolean): void;
  startScreenShare(options?: { stream?: MediaStream }): Promise<GroupCallActionResult>;
  stopScreenShare(): void;
  setInputDevice(kind: 'audioinput' | 'videoinput', deviceId: string): Promise<GroupCallActionResult>;
}

/** Starts the engine of one group call, writing its snapshots into `store`. */
export type GroupCallEngineFactory = (store: SnapshotStore<GroupCallSnapshot<any>>, groupCallId: string, options: JoinGroupCallOptions) => GroupCallEngine;

/**
 * The first snapshot of a group call.
 * @example
 * initialGroupCallSnapshot('room'); // { state: 'joining', participants: [], ... }
 */
export function initialGroupCallSnapshot(groupCallId: string): GroupCallSnapshot<any> {
  return {
    groupCallId,
    state: 'joining',
    error: undefined,
    membershipId: undefined,
    participants: [],
    localParticipant: {
      userId: undefined,
      deviceId: undefined,
      membershipId: undefined,
      streams: { userMedia: undefined, screen: undefined },
      audioMuted: false,
      videoMuted: false,
      audioLevel: 0,
      isSpeaking: false,
    },
    activeSpeakerId: undefined,
    screenShareParticipantId: undefined,
  };
}

const left = (store: SnapshotStore<GroupCallSnapshot<any>>, error: AsklessError): void =>
  store.set({ ...store.get(), state: 'left', error });

/**
 * Every group call of one client.
 * @example
 * const call = client.groupCalls.join('standup', { media: { audio: true, video: true } });
 */
export class GroupCalls<UserId = string | number> {
  /** Live group calls by id: a device holds one membership per group call. */
  private readonly live = new Map<string, { call: GroupCall<UserId>; dispose(): void }>();
  private loading: Promise<GroupCallEngineFactory> | undefined;

  constructor(private readonly load: () => Promise<GroupCallEngineFactory>) {}

  /**
   * Join `groupCallId` (returned at once, `state: 'joining'`). A refused join ends in
   * `state: 'left'` with `error.code` `PERMISSION_DENIED` or `GROUP_FULL`. Joining a group call
   * this client is already in returns that same call (one membership per device).
   * @example
   * const call = client.groupCalls.join('room-1');
   */
  join(groupCallId: string, options: JoinGroupCallOptions = {}): GroupCall<UserId> {
    const store = new SnapshotStore<GroupCallSnapshot<any>>(initialGroupCallSnapshot(String(groupCallId)));
    if (!groupCallIdOf(groupCallId)) {
      left(store, new AsklessError(ClientErrorCode.INVALID_ARGUMENT, 'groupCallId must be a non-empty string of at most 128 characters'));
      return facade(store, String(groupCallId), Promise.resolve(undefined));
    }
    const existing = this.live.get(groupCallId);
    if (existing) return existing.call;
    this.loading ??= this.load();
    this.loading.catch(() => (this.loading = undefined));
    let engine: GroupCallEngine | undefined;
    let disposed = false;
    const entry = {
      call: undefined as unknown as GroupCall<UserId>,
      dispose: () => {
        disposed = true;
        engine?.dispose();
      },
    };
    this.live.set(groupCallId, entry);
    const ready = this.loading.then(
      (factory) => {
        if (disposed) return undefined;
        engine = factory(store, groupCallId, options);
        return engine;
      },
      (error: unknown) => {
        left(store, new AsklessError('GROUP_CALLS_UNAVAILABLE', 'The group-call module could not be loaded', { cause: error }));
        return undefined;
      },
    );
    // Forget the call once it is over, so a long-lived client holds no ended calls.
    const off = store.subscribe(() => {
      if (store.get().state === 'left') {
        off();
        if (this.live.get(groupCallId) === entry) this.live.delete(groupCallId);
      }
    });
    entry.call = facade(store, groupCallId, ready);
    return entry.call;
  }

  /** End every group call at once (the client is closing). */
  dispose(): void {
    for (const entry of [...this.live.values()]) entry.dispose();
    this.live.clear();
  }
}

function facade<UserId>(store: SnapshotStore<GroupCallSnapshot<any>>, groupCallId: string, ready: Promise<GroupCallEngine | undefined>): GroupCall<UserId> {
  const unavailable: GroupCallActionResult = { ok: false, error: new AsklessError(ClientErrorCode.INVALID_ARGUMENT, 'this group call is not joined') };
  return {
    groupCallId,
    getSnapshot: () => store.get(),
    subscribe: (listener) => store.subscribe(listener),
    leave: () => ready.then((engine) => engine?.leave()),
    setMicrophoneEnabled: (on) => void ready.then((engine) => engine?.setMicrophoneEnabled(on)),
    setCameraEnabled: (on) => void ready.then((engine) => engine?.setCameraEnabled(on)),
    startScreenShare: (options) => ready.then((engine) => engine?.startScreenShare(options) ?? unavailable),
    stopScreenShare: () => void ready.then((engine) => engine?.stopScreenShare()),
    setInputDevice: (kind, deviceId) => ready.then((engine) => engine?.setInputDevice(kind, deviceId) ?? unavailable),
  };
}
