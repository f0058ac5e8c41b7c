/**
 * Shared server streams (askless-protocol.md §7): one LISTEN per (route, canonical params),
 * reference-counted with a release grace; listed in every ping from the moment the LISTEN is
 * sent (Q13) and not while waiting for a login (Q14); restored after a reconnect by the ping
 * alone (§7.4); errors reach subscribers and the stream retries with backoff.
 */
import { AsklessError, ClientErrorCode, ServerErrorCode } from './errors.js';
import { newListenId, newListenRequestId } from './ids.js';
import { backoffDelay } from './internal/backoff.js';
import { Listeners } from './internal/listeners.js';
import { encodeListen } from './protocol/encode.js';
import { InternalRoute } from './protocol/wire.js';
import type { Params, PingListenEntry, WireError } from './protocol/wire.js';
import { streamKey } from './stream-key.js';
import type { StreamSnapshot } from './types.js';
import type { StreamPersistence } from './persist.js';
import type { StreamInspection } from './inspect.js';

/**
 * What the registry needs from the client.
 * @example
 * const registry = new StreamRegistry({ isReady, send, log, isAuthenticated, isClosed, resume, releaseGraceMs: 1000, retryDelayMs: 1000 });
 */
export interface StreamHost {
  /** Configured and not re-authenticating. */
  isReady(): boolean;
  send(message: object): boolean;
  log(message: string): void;
  isAuthenticated(): boolean;
  /** Successful logins so far (see `AuthService.logins`). */
  logins(): number;
  /** The client is closed: released streams go at once, no grace timer is left behind. */
  isClosed(): boolean;
  /** The server advertises the resume extension (it survives pings naming unknown routes). */
  resume(): boolean;
  /** The server advertises the asklessReact `conflate` flag. */
  canConflate(): boolean;
  /** Send a ping now, so the server learns at once that a stream is gone (optional). */
  pingNow?(): void;
  releaseGraceMs: number;
  retryDelayMs: number;
  /** Where persisted streams are stored (created on first use). */
  persistence?(): StreamPersistence;
}

/**
 * `new` (LISTEN not sent yet) → `listening` (listed in pings) ↔ `waitingAuth` | `error`; then `released` or `stopped`.
 * @example
 * if (entry.state === 'listening') pingEntries.push(entry);
 */
export type StreamEntryState = 'new' | 'listening' | 'waitingAuth' | 'error' | 'released' | 'stopped';

const RETRY_MAX_MS = 30_000;

/** Where a persisted stream is stored: by route + params, also for an unshared entry (whose key is private). */
const persistKey = (e: StreamEntry): string => (e.shared ? e.key : streamKey(e.route, e.params));

/**
 * A 2.0.3 server answers INVALID_ROUTE right behind the ServerConfirmReceipt of a LISTEN (§4.1,
 * fixture read-invalid-route: 1 ms apart). A LISTEN confirmed this long ago without that answer
 * is on a real read route, so a ping may name it (Q1) even while its handler is still running.
 */
export const CONFIRMED_ROUTE_SETTLE_MS = 1000;

/**
 * One shared stream. Subscribers attach through {@link StreamRegistry.acquire}.
 * @example
 * const entry = registry.acquire('products', null, true);
 * entry.values.add((v) => render(v));
 */
export class StreamEntry {
  readonly listenId = newListenId();
  /** Ask the server to conflate (asklessReact `conflate`, sent only where advertised). */
  conflate = false;
  listenRequestId = '';
  state: StreamEntryState = 'new';
  refCount = 0;
  perseverers = 0;
  lastValue: unknown = undefined;
  hasValue = false;
  private current: StreamSnapshot<unknown> = Object.freeze({ status: 'pending', data: undefined, hasData: false });
  /** A push came since {@link snapshot} was last built: it is built from `lastValue` when read. */
  private liveDirty = false;
  readonly values = new Listeners<[unknown]>();
  readonly errors = new Listeners<[AsklessError]>();
  readonly snapshots = new Listeners<[]>();
  releaseTimer: ReturnType<typeof setTimeout> | undefined;
  retryTimer: ReturnType<typeof setTimeout> | undefined;
  retryAttempt = 0;
  /** When the server confirmed the current LISTEN (0: not yet). */
  confirmedAt = 0;
  /** The login count (`host.logins()`) when the current LISTEN was sent. */
  sentAtLogin = 0;
  /** Some subscriber asked for `persist`: live values are stored, the stored one shown first. */
  persist = false;
  readonly createdAt = Date.now();

  constructor(
    readonly key: string,
    readonly route: string,
    readonly params: Params,
    /** False: one subscriber's own server stream, released without grace (`shared: false`). */
    readonly shared = true,
  ) {}

  /**
   * The state hooks render (useSyncExternalStore): the same frozen object until it changes. After
   * a push it is made when first read, so pushes to `subscribe()` listeners alone make none.
   */
  get snapshot(): StreamSnapshot<unknown> {
    if (this.liveDirty) {
      this.liveDirty = false;
      this.current = Object.freeze({ status: 'live', data: this.lastValue, hasData: true });
    }
    return this.current;
  }

  set snapshot(next: StreamSnapshot<unknown>) {
    this.liveDirty = false;
    this.current = next;
  }

  /** A live value arrived: listeners get it (the snapshot follows when read; no merge). This runs for every push. */
  deliver(value: unknown): void {
    this.lastValue = value;
    this.hasValue = true;
    this.liveDirty = true;
    // Hooks watch snapshots, subscribe() values: most streams have only one kind of listener.
    if (this.snapshots.size > 0) this.snapshots.emit();
    this.values.emit(value);
  }

  /** Still registered (neither released nor stopped by the server). */
  get alive(): boolean {
    return this.state !== 'released' && this.state !== 'stopped';
  }

  setSnapshot(next: Partial<StreamSnapshot<unknown>>): void {
    const merged = { ...this.snapshot, ...next };
    if (!('error' in next) && merged.status !== 'error') delete (merged as { error?: AsklessError }).error;
    // New data is live data unless it says otherwise (a persisted value says stale: true).
    if (merged.stale && 'data' in next && !('stale' in next)) delete (merged as { stale?: boolean }).stale;
    this.snapshot = Object.freeze(merged);
    this.snapshots.emit();
  }
}

/**
 * Every shared stream of one client.
 * @example
 * const registry = new StreamRegistry(host);
 * const entry = registry.acquire('counter', null, true);
 * registry.release(entry, true);
 */
export class StreamRegistry {
  private readonly byKey = new Map<string, StreamEntry>();
  private readonly byListenId = new Map<string, StreamEntry>();
  private readonly byRequestId = new Map<string, StreamEntry>();
  /** Routes the server answered a LISTEN successfully for: safe to name in a ping (Q1). */
  private readonly verifiedRoutes = new Set<string>([
    // Built into every Askless server (§8.1): always safe to name.
    InternalRoute.callReceive,
    InternalRoute.callListenForACall,
    InternalRoute.callIceCandidateList,
  ]);

  constructor(private readonly host: StreamHost) {}

  /** The live entry for `key`, if any. */
  peek(key: string): StreamEntry | undefined {
    return this.byKey.get(key);
  }

  /** Number of live shared streams (one server LISTEN each). */
  get size(): number {
    return this.byKey.size;
  }

  private unsharedCount = 0;

  /**
   * Attach one subscriber; the first one starts the LISTEN. Unshared: always a stream of its own.
   * Conflated: a server stream of its own beside the plain one (other subscribers may want every value).
   */
  acquire(route: string, params: Params, persevere: boolean, shared = true, conflate = false, persist = false): StreamEntry {
    // An unshared entry gets a key nobody else can look up, so nothing ever joins it.
    const base = conflate ? `${streamKey(route, params)}\n(conflate)` : streamKey(route, params);
    const key = shared ? base : `${base}\u0000${++this.unsharedCount}`;
    let entry = this.byKey.get(key);
    if (!entry) {
      entry = new StreamEntry(key, route, params && Object.keys(params).length > 0 ? params : null, shared);
      entry.conflate = conflate;
      this.byKey.set(key, entry);
      this.byListenId.set(entry.listenId, entry);
      if (this.host.isReady()) this.sendListen(entry);
    }
    clearTimeout(entry.releaseTimer);
    entry.releaseTimer = undefined;
    entry.refCount += 1;
    if (persevere) entry.perseverers += 1;
    if (persist && !entry.persist) this.restore(entry);
    return entry;
  }

  /** Detach one subscriber; the last one releases the LISTEN after the grace period. */
  release(entry: StreamEntry, persevere: boolean): void {
    entry.refCount = Math.max(0, entry.refCount - 1);
    if (persevere) entry.perseverers = Math.max(0, entry.perseverers - 1);
    if (entry.refCount > 0 || !entry.alive) return;
    clearTimeout(entry.releaseTimer);
    if (this.host.isClosed()) {
      this.remove(entry, 'released');
      return;
    }
    if (!entry.shared) {
      // Nobody can join it: gone now, and the ping tells the server before anything we send next
      // (a call-back must never meet the previous call's stream on the server).
      this.host.log(`releasing ${entry.route} ${entry.listenId} (unshared)`);
      this.remove(entry, 'released');
      this.host.pingNow?.();
      return;
    }
    entry.releaseTimer = setTimeout(() => {
      entry.releaseTimer = undefined;
      if (entry.refCount === 0 && entry.alive) {
        // The next ping omits it, which is how 2.0.3 stops a stream (§6.1).
        this.host.log(`releasing ${entry.route} ${entry.listenId}`);
        this.remove(entry, 'released');
      }
    }, this.host.releaseGraceMs);
  }

  /**
   * Entries for the ping: everything whose LISTEN was sent and is not waiting for a login.
   * `held` is true while a stream on a route never seen working is left out (see below): the
   * client then skips the ping, since a 2.0.3 server stops every stream a ping omits (Q13).
   */
  pingEntries(now = Date.now()): { entries: PingListenEntry[]; held: boolean } {
    const entries: PingListenEntry[] = [];
    let held = false;
    // Q1/Q12: a 2.0.3 server crashes on a ping naming a route that is not a read route, so a
    // route is named once a LISTEN on it was answered, or confirmed long enough ago that an
    // INVALID_ROUTE answer would have arrived. Our own server (resume extension) takes any route.
    const anyRoute = this.host.resume();
    for (const e of this.byKey.values()) {
      if (e.state !== 'listening') continue;
      const settled = e.confirmedAt > 0 && now - e.confirmedAt >= CONFIRMED_ROUTE_SETTLE_MS;
      if (anyRoute || settled || this.verifiedRoutes.has(e.route)) {
        // A stream the server restarts from this ping keeps its conflation (extension field).
        const conflate = e.conflate && this.host.canConflate();
        entries.push({ listenId: e.listenId, route: e.route, params: e.params, clientRequestId: e.listenRequestId, ...(conflate ? { conflate } : {}) });
      }
      else held = true;
    }
    return { entries, held };
  }

  /** Connection usable: LISTEN the new streams, retry failed ones; the ping restores the rest. */
  onReady(): void {
    for (const e of [...this.byKey.values()]) {
      if (e.state === 'new') this.sendListen(e);
      // Answered PENDING_AUTHENTICATION in a race with a login that has since succeeded.
      else if (e.state === 'waitingAuth' && this.host.isAuthenticated()) this.retryNow(e);
      else if (e.state === 'error' && e.snapshot.error?.code !== ServerErrorCode.PENDING_AUTHENTICATION) this.retryNow(e);
    }
  }

  /** Socket lost: keep data, show `reconnecting`. */
  onDisconnected(): void {
    for (const e of this.byKey.values()) {
      if (e.state === 'listening' || e.state === 'new') e.setSnapshot({ status: 'reconnecting' });
    }
  }

  /** A login succeeded: streams waiting for it (and failed ones) LISTEN again, same listenId. */
  onLogin(): void {
    for (const e of [...this.byKey.values()]) {
      if (e.state === 'waitingAuth' || e.state === 'error') {
        e.retryAttempt = 0;
        this.retryNow(e);
      }
    }
  }

  /** `clearAuthentication()`: non-persevere streams waiting for a login fail (§5.5). */
  onLogout(): void {
    for (const e of this.byKey.values()) {
      if (e.state === 'waitingAuth' && e.perseverers === 0) {
        this.fail(e, AsklessError.fromWire({ code: ServerErrorCode.PENDING_AUTHENTICATION, description: 'Logged out while waiting for a login' }), false);
      }
    }
  }

  /** ServerConfirmReceipt of a LISTEN; false if not ours. */
  onServerConfirm(clientRequestId: string): boolean {
    const e = this.byRequestId.get(clientRequestId);
    if (e && e.listenRequestId === clientRequestId && e.confirmedAt === 0) e.confirmedAt = Date.now();
    return e !== undefined;
  }

  /** Response to a LISTEN (or to its ping-driven restart); false if not ours. */
  onResponse(clientRequestId: string, error: WireError | undefined): boolean {
    const e = this.byRequestId.get(clientRequestId);
    if (!e) return false;
    if (!e.alive || e.state !== 'listening') return true;
    if (!error) {
      e.retryAttempt = 0;
      this.verifiedRoutes.add(e.route);
      return true;
    }
    if (error.code === ServerErrorCode.PENDING_AUTHENTICATION && e.sentAtLogin !== this.host.logins() && this.host.isAuthenticated()) {
      // Sent before a login that has since succeeded, answered after it (the server's handlers
      // are async: the login's answer overtook this one). Waiting would wait for a login that
      // already happened; LISTEN again now.
      this.retryNow(e);
      return true;
    }
    if (error.code === ServerErrorCode.PENDING_AUTHENTICATION) {
      // Q14: stop listing it until a login succeeds, else every ping restarts it in vain.
      e.state = 'waitingAuth';
      // Whatever it showed belonged to a session the server no longer recognises.
      e.lastValue = undefined;
      e.hasValue = false;
      e.setSnapshot({ status: 'pending', data: undefined, hasData: false });
      this.host.log(`${e.route} ${e.listenId} waits for a login`);
      return true;
    }
    this.fail(e, AsklessError.fromWire(error), true);
    return true;
  }

  /** NewDataForListener. Pushes to unknown or failed streams are dropped (confirmed already, Q17). */
  onPush(listenId: string, output: unknown): void {
    const e = this.byListenId.get(listenId);
    if (e === undefined || e.state !== 'listening') return;
    e.deliver(output);
    if (e.persist) this.host.persistence?.().save(persistKey(e), output);
  }

  /** Show the stored value of a newly persisted stream, stale, unless live data came first. */
  private restore(e: StreamEntry): void {
    e.persist = true;
    const persistence = this.host.persistence?.();
    if (!persistence) return;
    if (e.hasValue) {
      persistence.save(persistKey(e), e.lastValue);
      return;
    }
    void persistence.load(persistKey(e)).then((stored) => {
      if (!stored || !e.alive || e.hasValue || e.state === 'waitingAuth' || e.snapshot.hasData) return;
      this.host.log(`${e.route}: showing the persisted value until the live one arrives`);
      e.setSnapshot({ data: stored.value, hasData: true, stale: true });
    });
  }

  /** Every shared stream, for `client.inspect()`. */
  inspect(): StreamInspection[] {
    return [...this.byKey.values()].map((e) => ({
      key: e.key,
      route: e.route,
      params: e.params,
      listenId: e.listenId,
      state: e.state,
      status: e.snapshot.status,
      subscribers: e.refCount,
      hasValue: e.hasValue,
      lastValue: e.lastValue,
      stale: e.snapshot.stale === true,
      persist: e.persist,
      createdAt: e.createdAt,
      ...(e.snapshot.error ? { errorCode: e.snapshot.error.code } : {}),
    }));
  }

  /** Hide persisted (stale) values: they belonged to another user or were deleted at logout. */
  dropStale(): void {
    for (const e of this.byKey.values()) if (e.snapshot.stale) e.setSnapshot({ data: undefined, hasData: false });
  }

  /** StopListening: forget the stream so the next ping confirms the stop (Q19). */
  onStop(listenId: string): void {
    const e = this.byListenId.get(listenId);
    if (!e || !e.alive) return;
    this.remove(e, 'stopped');
    // Q19: 2.0.3 keeps the registration until a ping omits it; omit it now, before anything we
    // send next can meet it there (a call-back right after the server ended a call).
    this.host.pingNow?.();
    const error = new AsklessError(ClientErrorCode.STREAM_STOPPED, `The server stopped the stream ${e.route}`);
    e.setSnapshot({ status: 'error', error });
    e.errors.emit(error);
  }

  /**
   * Client closed: clear every timer and drop streams nobody uses any more; subscribed ones stay
   * and LISTEN again after `start()`.
   */
  close(): void {
    for (const e of [...this.byKey.values()]) {
      clearTimeout(e.retryTimer);
      e.retryTimer = undefined;
      if (e.refCount === 0) this.remove(e, 'released');
      else if (e.state === 'listening' || e.state === 'error') e.state = 'new';
    }
  }

  private sendListen(e: StreamEntry): void {
    this.byRequestId.delete(e.listenRequestId);
    e.listenRequestId = newListenRequestId();
    e.confirmedAt = 0;
    e.sentAtLogin = this.host.logins();
    this.byRequestId.set(e.listenRequestId, e);
    if (!this.host.send(encodeListen(e.listenRequestId, e.route, e.params, e.listenId, e.conflate && this.host.canConflate()))) {
      e.state = 'new';
      return;
    }
    // Q13: listed in pings from now on, so a ping can never stop a LISTEN still in flight.
    e.state = 'listening';
    this.host.log(`LISTEN ${e.route} ${e.listenId}`);
  }

  /** LISTEN again now (same listenId, new request id). */
  retryNow(e: StreamEntry): void {
    clearTimeout(e.retryTimer);
    e.retryTimer = undefined;
    if (!e.alive) return;
    if (this.host.isReady()) this.sendListen(e);
    else e.state = 'new';
  }

  private fail(e: StreamEntry, error: AsklessError, retry: boolean): void {
    e.state = 'error';
    e.setSnapshot({ status: 'error', error });
    e.errors.emit(error);
    if (!retry) return;
    const delay = backoffDelay(e.retryAttempt, this.host.retryDelayMs, RETRY_MAX_MS);
    e.retryAttempt += 1;
    clearTimeout(e.retryTimer);
    e.retryTimer = setTimeout(() => {
      e.retryTimer = undefined;
      if (e.state === 'error') this.retryNow(e);
    }, delay);
  }

  private remove(e: StreamEntry, state: 'released' | 'stopped'): void {
    e.state = state;
    clearTimeout(e.retryTimer);
    clearTimeout(e.releaseTimer);
    e.retryTimer = undefined;
    e.releaseTimer = undefined;
    if (this.byKey.get(e.key) === e) this.byKey.delete(e.key);
    this.byListenId.delete(e.listenId);
    this.byRequestId.delete(e.listenRequestId);
  }
}
