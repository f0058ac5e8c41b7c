/**
 * `DeferredClient`: the client `<AsklessProvider serverUrl>` creates. It offers the whole
 * `AsklessClient` API at once, while the protocol code (connection, streams, requests, login,
 * persistence, inspection) arrives in a chunk whose download starts when the client is created.
 *
 * Why: an app's first render needs only the hooks and this small shell, so the bytes an app pays
 * up front stay small (issue 20: the data-only app ≤ 10,000 B gzip); the rest loads while React
 * renders. Until it arrives, getters show a fresh client's state, streams are `pending`, and every
 * call is replayed on the real client in call order. A chunk that fails to load (offline, blocked
 * script) answers requests with `NO_CONNECTION` and shows `connectFailed`; the next use tries
 * again, and a started client retries by itself (after 0.5 s, doubling up to 10 s).
 */
import type { AsklessClient } from './client.js';
import { AsklessError, ClientErrorCode } from './errors.js';
import { earlyFeatures, type DeferredHost } from './internal/early-features.js';
import { Listeners, callSafely } from './internal/listeners.js';
import { checkServerUrls, checkStreamOptions } from './internal/validate.js';
import type { ResolvedClientOptions } from './options.js';
import { streamKey } from './stream-key.js';
import type { LazyCalls } from './calls/lazy.js';
import type { ReceivingCall, RequestCallHandle, RequestCallToUserOptions } from './calls/types.js';
import type { CallManager } from './calls/manager-types.js';
import type { GroupCalls } from './group-calls/lazy.js';
import type { LazyFiles } from './files/lazy.js';
import type { ClientInspection, TappedFrame } from './inspect.js';
import type {
  AsklessClientOptions,
  AsklessResponse,
  AsklessStream,
  AuthenticateOptions,
  AuthenticateResponse,
  AuthenticationState,
  ConnectionChangeOptions,
  ConnectionState,
  ModifyOptions,
  ReadStreamOptions,
  RequestOptions,
  StreamSnapshot,
} from './types.js';

/** The client module, as the deferred client loads it. */
export type ClientModule = { AsklessClient: typeof AsklessClient };

/** The public members of `AsklessClient` (keyof sees no private ones). */
type PublicApi<T> = { [K in keyof T]: T[K] };

const NOT_STARTED: ConnectionState = Object.freeze({ status: 'disconnected', disconnectionReason: 'notStarted' });
const STARTING: ConnectionState = Object.freeze({ status: 'inProgress' });
const CLOSED: ConnectionState = Object.freeze({ status: 'disconnected', disconnectionReason: 'closedByClient' });
const LOAD_FAILED: ConnectionState = Object.freeze({ status: 'disconnected', disconnectionReason: 'connectFailed' });
const UNAUTHENTICATED: AuthenticationState<never> = Object.freeze({ status: 'unauthenticated', claims: [] });
const PENDING: StreamSnapshot<never> = Object.freeze({ status: 'pending', data: undefined, hasData: false });

// A load that failed on a bad option answers with the option's own error.
const unavailable = (cause: unknown): AsklessError =>
  cause instanceof AsklessError ? cause : new AsklessError(ClientErrorCode.NO_CONNECTION, 'askless-react could not load its client code (offline or blocked?); the next use tries again', { cause });

/**
 * A client usable at once whose protocol code loads in the background.
 * @example
 * const client = new DeferredClient({ serverUrl: 'wss://api.example.com' });
 * client.start();
 * const res = await client.read({ route: 'products' }); // waits for the code, then for the server
 */
export class DeferredClient<UserId = string | number> implements Omit<PublicApi<AsklessClient<UserId>>, 'callsService'>, DeferredHost {
  private real: AsklessClient<UserId> | undefined;
  private loading: Promise<AsklessClient<UserId>> | undefined;
  private wanted: 'idle' | 'running' | 'closed' = 'idle';
  private shellConnection = NOT_STARTED;
  private lastConnection = NOT_STARTED;
  private readonly connectionListeners = new Listeners<[ConnectionState]>();
  private readonly authenticationListeners = new Listeners<[AuthenticationState<UserId>]>();
  private readonly inspectionSources = new Map<string, () => unknown>();
  /** Resolves when the real client is adopted, whichever load brings it (never rejects). */
  readonly adopted: Promise<AsklessClient<UserId>>;
  private resolveAdopted!: (client: AsklessClient<UserId>) => void;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private failedLoads = 0;
  private early: { calls?: { manager: CallManager<any>; service: LazyCalls }; groupCalls?: GroupCalls<any>; files?: LazyFiles<any> } = {};

  constructor(
    private readonly init: AsklessClientOptions<UserId>,
    private readonly load: () => Promise<ClientModule> = () => import('./client.js'),
  ) {
    // The likeliest mistake throws now; every other option is checked by the real client, whose
    // error then answers every use (the options checks stay out of the up-front bundle).
    checkServerUrls(init?.serverUrl);
    this.adopted = new Promise((resolve) => (this.resolveAdopted = resolve));
    // Start the download now: it overlaps the first render instead of following it.
    this.ready().catch(() => undefined);
  }

  /**
   * The resolved options, once the client code has loaded (the calls and files services read
   * them from the real client); throws before.
   */
  get options(): ResolvedClientOptions<UserId> {
    if (!this.real) throw new AsklessError(ClientErrorCode.INVALID_ARGUMENT, 'client.options is available once the client code has loaded (`await client.ready()`)');
    return this.real.options;
  }

  /** The real client once its code has loaded. */
  get loaded(): AsklessClient<UserId> | undefined {
    return this.real;
  }

  /**
   * Resolves with the real client once its code has loaded (once; a failed load is retried by the
   * next call).
   * @example
   * await client.ready(); // e.g. before reading client.inspect() in a test
   */
  ready(): Promise<AsklessClient<UserId>> {
    if (!this.loading) {
      this.loading = this.load().then((m) => this.adopt(new m.AsklessClient<UserId>(this.init)));
      this.loading.catch(() => (this.loading = undefined));
    }
    return this.loading;
  }

  private adopt(real: AsklessClient<UserId>): AsklessClient<UserId> {
    this.real = real;
    this.resolveAdopted(real);
    for (const [name, read] of this.inspectionSources) real.addInspectionSource(name, read);
    // Observers see the real client's states from now on; they hear of the switch only when it
    // changes something (no flicker through the real client's "not started").
    real.onConnectionChange((state) => this.relayConnection(state), { immediately: false });
    real.onAuthenticationChange((state) => this.authenticationListeners.emit(state), { immediately: false });
    if (this.wanted === 'running') real.start();
    else if (this.wanted === 'closed') real.close();
    this.relayConnection(real.connection);
    return real;
  }

  /** Run `use` on the real client now, or once it has loaded; `failed` answers a failed load. */
  private later<R>(use: (client: AsklessClient<UserId>) => R | Promise<R>, failed: (error: AsklessError) => R): Promise<R> {
    if (this.real) return Promise.resolve(use(this.real));
    return this.ready().then(use, (error: unknown) => failed(unavailable(error)));
  }

  /** Attach `attach` to the real client now or once loaded; the returned function detaches. */
  private whenLoaded(attach: (client: AsklessClient<UserId>) => () => void): () => void {
    if (this.real) return attach(this.real);
    let off: (() => void) | undefined;
    let active = true;
    void this.adopted.then((client) => {
      if (active) off = attach(client);
    });
    return () => {
      active = false;
      off?.();
    };
  }

  start(): void {
    this.wanted = 'running';
    if (this.real) return this.real.start();
    this.relayConnection(STARTING);
    this.ready().then(
      () => (this.failedLoads = 0),
      (error: unknown) => {
        if (this.wanted !== 'running') return;
        this.relayConnection(LOAD_FAILED);
        // As the real client reconnects: the network may come back. A bad option never heals;
        // one retry at a time however often start() was called.
        if (error instanceof AsklessError || this.retryTimer !== undefined) return;
        const delay = Math.min(10_000, 500 * 2 ** this.failedLoads++);
        this.retryTimer = setTimeout(() => {
          this.retryTimer = undefined;
          if (this.wanted === 'running' && !this.real) this.start();
        }, delay);
      },
    );
  }

  close(): void {
    this.wanted = 'closed';
    clearTimeout(this.retryTimer);
    this.real?.close();
    if (!this.real) this.relayConnection(CLOSED);
    // As the real client does: group calls end, and the next use gets fresh facades.
    this.early.groupCalls?.dispose();
    this.early.groupCalls = undefined;
    this.early.files = undefined;
  }

  /** Tell observers of a connection state unless it repeats the last one they heard of. */
  private relayConnection(state: ConnectionState): void {
    const last = this.lastConnection;
    if (!this.real) this.shellConnection = state;
    if (last.status === state.status && last.disconnectionReason === state.disconnectionReason) return;
    this.lastConnection = state;
    this.connectionListeners.emit(state);
  }

  get connection(): ConnectionState {
    return this.real?.connection ?? this.shellConnection;
  }

  onConnectionChange(listener: (state: ConnectionState) => void, options: ConnectionChangeOptions = {}): () => void {
    const off = this.connectionListeners.add(listener);
    if (options.immediately !== false) callSafely(() => listener(this.connection));
    return off;
  }

  get authentication(): AuthenticationState<UserId> {
    return this.real?.authentication ?? UNAUTHENTICATED;
  }

  onAuthenticationChange(listener: (state: AuthenticationState<UserId>) => void, options: ConnectionChangeOptions = {}): () => void {
    const off = this.authenticationListeners.add(listener);
    if (options.immediately !== false) callSafely(() => listener(this.authentication));
    return off;
  }

  get userId(): UserId | undefined {
    return this.real?.userId;
  }

  authenticate(options: AuthenticateOptions): Promise<AuthenticateResponse<UserId>> {
    return this.later(
      (client) => client.authenticate(options),
      (error) => ({ success: false, claims: [], error: { code: error.code, description: error.description, isCredentialError: false } }),
    );
  }

  clearAuthentication(): Promise<void> {
    return this.later((client) => client.clearAuthentication(), () => undefined);
  }

  read<T = unknown>(options: RequestOptions): Promise<AsklessResponse<T>> {
    return this.later((client) => client.read<T>(options), failedResponse);
  }

  create<T = unknown>(options: ModifyOptions): Promise<AsklessResponse<T>> {
    return this.later((client) => client.create<T>(options), failedResponse);
  }

  update<T = unknown>(options: ModifyOptions): Promise<AsklessResponse<T>> {
    return this.later((client) => client.update<T>(options), failedResponse);
  }

  delete<T = unknown>(options: ModifyOptions): Promise<AsklessResponse<T>> {
    return this.later((client) => client.delete<T>(options), failedResponse);
  }

  readStream<T = unknown>(options: ReadStreamOptions): AsklessStream<T> {
    if (this.real) return this.real.readStream<T>(options);
    const { route, params } = checkStreamOptions(options); // throws now, as the real client would
    return new DeferredStream<T>(this, streamKey(route, params), options);
  }

  inspect(): ClientInspection {
    if (this.real) return this.real.inspect();
    const { status, disconnectionReason } = this.connection;
    const extras: Record<string, unknown> = {};
    for (const [name, read] of this.inspectionSources) {
      try {
        extras[name] = read();
      } catch (error) {
        extras[name] = `inspection failed: ${String(error)}`;
      }
    }
    return {
      at: Date.now(),
      connection: { status, ...(disconnectionReason ? { disconnectionReason } : {}), serverVersion: '', timeline: [] },
      authentication: { status: 'unauthenticated', claims: [] },
      streams: [],
      requests: [],
      extras,
    };
  }

  tapFrames(listener: (frame: TappedFrame) => void): () => void {
    return this.whenLoaded((client) => client.tapFrames(listener));
  }

  addInspectionSource(name: string, read: () => unknown): () => void {
    this.inspectionSources.set(name, read);
    this.real?.addInspectionSource(name, read); // else adopt() adds it
    return () => {
      if (this.inspectionSources.get(name) !== read) return;
      this.inspectionSources.delete(name);
      // The real client removes a source only through the remover of the same registration.
      this.real?.addInspectionSource(name, read)();
    };
  }

  /** A feature's early facade, or a clear error when no loaded module registered one. */
  private feature<K extends keyof typeof earlyFeatures>(name: K, entry: string): NonNullable<(typeof earlyFeatures)[K]> {
    const factory = earlyFeatures[name];
    if (!factory) {
      throw new AsklessError(
        ClientErrorCode.INVALID_ARGUMENT,
        `client.${name} is not loaded yet: use it through a hook from ${entry}, or after \`await client.ready()\``,
      );
    }
    return factory as NonNullable<(typeof earlyFeatures)[K]>;
  }

  private earlyCalls(): { manager: CallManager<any>; service: LazyCalls } {
    return (this.early.calls ??= this.feature('calls', 'askless-react/calls')(this));
  }

  get calls(): CallManager<UserId> {
    // Once handed out, the early facade stays: it follows the real client's call service.
    return (this.early.calls?.manager ?? this.real?.calls ?? this.earlyCalls().manager) as CallManager<UserId>;
  }

  get groupCalls(): GroupCalls<UserId> {
    // Sticky: it holds the live group calls joined through it.
    return (this.early.groupCalls ?? this.real?.groupCalls ?? (this.early.groupCalls = this.feature('groupCalls', 'askless-react/calls')(this))) as GroupCalls<UserId>;
  }

  get files(): LazyFiles<UserId> {
    return (this.early.files ?? this.real?.files ?? (this.early.files = this.feature('files', 'askless-react (the file hooks)')(this))) as LazyFiles<UserId>;
  }

  requestCallToUser(options: RequestCallToUserOptions<UserId>): RequestCallHandle {
    if (this.real) return this.real.requestCallToUser(options);
    return this.earlyCalls().service.requestCallToUser(options as RequestCallToUserOptions<string | number>);
  }

  onIncomingCall(listener: (call: ReceivingCall<UserId>) => void): () => void {
    return this.whenLoaded((client) => client.onIncomingCall(listener));
  }
}

function failedResponse(error: AsklessError): AsklessResponse<never> {
  return { success: false, output: undefined, error };
}


/**
 * `readStream()` of a deferred client before its code has loaded: `pending` until then, then the
 * real client's stream (shared with every other handle on the same key, as always).
 */
class DeferredStream<T> implements AsklessStream<T> {
  private handle: AsklessStream<T> | undefined;
  private failure: StreamSnapshot<T> | undefined;
  private attachOnAdopt: Promise<void> | undefined;
  private readonly waiting = new Set<{ attach: (stream: AsklessStream<T>) => void; fail: (error: AsklessError) => void }>();

  constructor(
    private readonly client: DeferredClient<any>,
    readonly key: string,
    private readonly options: ReadStreamOptions,
  ) {}

  private real(): AsklessStream<T> | undefined {
    const client = this.client.loaded;
    if (client) this.handle ??= client.readStream<T>(this.options);
    return this.handle;
  }

  /**
   * Attach once the client has loaded. A failed load tells `fail`; the stream still attaches when
   * a later load succeeds (a started client retries by itself; `retry()` tries at once).
   */
  private attachLater(attach: (stream: AsklessStream<T>) => () => void, fail: (error: AsklessError) => void): () => void {
    let off: (() => void) | undefined;
    const waiter = {
      attach: (stream: AsklessStream<T>) => {
        off = attach(stream);
      },
      fail,
    };
    this.waiting.add(waiter);
    if (this.waiting.size === 1) this.wait();
    return () => {
      this.waiting.delete(waiter);
      off?.();
    };
  }

  private wait(): void {
    // Attach when the client code arrives, whichever load (a retry, another use) brings it.
    this.attachOnAdopt ??= this.client.adopted.then(() => {
      this.failure = undefined;
      const stream = this.real()!;
      const waiters = [...this.waiting];
      this.waiting.clear();
      for (const w of waiters) w.attach(stream);
    });
    this.client.ready().catch((error: unknown) => {
      const failure = unavailable(error);
      this.failure = Object.freeze({ status: 'error', data: undefined, hasData: false, error: failure });
      for (const w of this.waiting) w.fail(failure);
    });
  }

  subscribe(onValue: (value: T) => void, onError?: (error: AsklessError) => void): () => void {
    const now = this.real();
    if (now) return now.subscribe(onValue, onError);
    return this.attachLater((stream) => stream.subscribe(onValue, onError), (error) => onError?.(error));
  }

  subscribeSnapshot(listener: () => void): () => void {
    const now = this.real();
    if (now) return now.subscribeSnapshot(listener);
    return this.attachLater(
      (stream) => {
        const off = stream.subscribeSnapshot(listener);
        listener(); // the snapshot is now the real stream's
        return off;
      },
      () => listener(),
    );
  }

  getSnapshot(): StreamSnapshot<T> {
    return this.real()?.getSnapshot() ?? this.failure ?? PENDING;
  }

  retry(): void {
    const now = this.real();
    if (now) return now.retry?.();
    if (this.failure && this.waiting.size > 0) this.wait();
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    const now = this.real();
    if (now) return now[Symbol.asyncIterator]();
    let inner: AsyncIterator<T> | undefined;
    let finished = false;
    const done = (): IteratorResult<T> => ({ value: undefined, done: true });
    return {
      next: () => {
        if (finished) return Promise.resolve(done());
        return this.client.ready().then(
          () => (inner ??= this.real()![Symbol.asyncIterator]()).next(),
          (error: unknown) => Promise.reject(unavailable(error)),
        );
      },
      return: () => {
        finished = true;
        return inner?.return ? inner.return() : Promise.resolve(done());
      },
    };
  }
}
