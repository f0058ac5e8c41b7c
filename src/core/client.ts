/**
 * `AsklessClient`: the framework-agnostic Askless client. Composes the connection, requests,
 * authentication and stream services; everything observable offers `onXChange(listener)` and a
 * getter returning the same object until it changes.
 */
import { AuthService } from './auth.js';
import { Connection } from './connection.js';
import { AsklessError, ClientErrorCode } from './errors.js';
import { callSafely } from './internal/listeners.js';
import { RequestIdBudget, rememberedRequestId } from './internal/request-id-budget.js';
import { checkRequest, checkStreamOptions } from './internal/validate.js';
import type { CoreLogger } from './logger.js';
import { createLogger } from './logger.js';
import { resolveOptions } from './options.js';
import type { ResolvedClientOptions } from './options.js';
import type { InboundMessage } from './protocol/decode.js';
import { encodeModify, encodeRead } from './protocol/encode.js';
import { InternalRoute } from './protocol/wire.js';
import type { PingListenEntry } from './protocol/wire.js';
import type { ModifyRequestType } from './protocol/wire.js';
import { RequestManager } from './requests.js';
import { withProgress } from './protocol/extension.js';
import { StreamHandle } from './stream-handle.js';
import { StreamRegistry } from './streams.js';
import { idbStreamStorage, StreamPersistence, type StreamStorage } from './persist.js';
import { buildInspection, FrameTaps, TIMELINE_SIZE, type ClientInspection, type ConnectionEvent, type TappedFrame } from './inspect.js';
import { LazyCalls } from './calls/lazy.js';
import { GroupCalls } from './group-calls/lazy.js';
import type { ReceivingCall, RequestCallHandle, RequestCallToUserOptions } from './calls/types.js';
import { LazyFiles } from './files/lazy.js';
import { LazyCallManager } from './calls/manager-facade.js';
import type { CallManager, CallManagerOptions } from './calls/manager-types.js';
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
} from './types.js';

/**
 * A client for an Askless server (2.0.3 or askless-react's own). One WebSocket per client.
 * @example
 * import WebSocket from 'ws'; // Node only; browsers use the global
 * const client = new AsklessClient<number>({ serverUrl: 'ws://127.0.0.1:3000', WebSocket });
 * client.start();
 * const res = await client.read({ route: 'products' });
 * if (res.success) console.log(res.output);
 */
export class AsklessClient<UserId = string | number> {
  /** Resolved options (read-only): used by the calls service for `wrtc` and `getWebRTCParams`. */
  readonly options: ResolvedClientOptions<UserId>;
  private readonly logger: CoreLogger;
  private readonly conn: Connection;
  private readonly requests: RequestManager;
  private readonly auth: AuthService;
  private readonly streams: StreamRegistry;
  private lifecycle: 'idle' | 'running' | 'closed' = 'idle';
  private readyConnection = -1;
  private readonly budget = new RequestIdBudget();
  private budgetConnection = -1;
  /** A move to a fresh connection is due (Q2); new requests wait for it. */
  private rotationPending = false;

  constructor(options: AsklessClientOptions<UserId>) {
    this.options = resolveOptions(options);
    this.logger = createLogger(this.options.debugLogs, this.options.logger);
    const isReady = () => this.conn.configured && !this.auth.gateClosed && !this.rotationPending;
    const send = (message: object) => this.send(message);
    const log = (message: string) => this.logger.log(this.conn.label, message);
    this.conn = new Connection({
      url: this.options.serverUrls,
      WebSocket: this.options.WebSocket,
      logger: this.logger,
      reconnectBaseDelayMs: this.options.reconnectBaseDelayMs,
      reconnectMaxDelayMs: this.options.reconnectMaxDelayMs,
      handler: {
        onMessage: (message) => this.dispatch(message),
        onPush: (listenId, output) => this.streams.onPush(listenId, output),
        onConfigured: () => {
          this.auth.onConfigured();
          this.maybeReady();
        },
        onDisconnected: () => {
          this.rotationPending = false; // the next connection gets a fresh id anyway
          this.requests.onDisconnected();
          this.auth.onDisconnected();
          this.streams.onDisconnected();
        },
        onFatal: (error) => {
          this.requests.failAll(error.code, error.description);
          this.auth.close();
        },
        pingEntries: () => this.pingEntries(),
      },
    });
    this.conn.changes.add((state) => {
      this.timeline.push({ at: Date.now(), status: state.status, ...(state.disconnectionReason ? { reason: state.disconnectionReason } : {}) });
      if (this.timeline.length > TIMELINE_SIZE) this.timeline.shift();
    });
    this.requests = new RequestManager({
      isReady,
      send,
      log,
      config: () => this.conn.config,
      clientId: () => this.conn.clientId,
      connectionNumber: () => this.conn.number,
      resume: () => this.conn.resume,
      serverInstance: () => this.conn.config.asklessReact?.instanceId,
      onSettled: () => this.tryRotate(),
      canCancel: () => this.conn.config.asklessReact?.cancel === true,
      isAuthenticated: () => this.auth.state.status === 'authenticated',
      logins: () => this.auth.logins,
    });
    this.streams = new StreamRegistry({
      isReady,
      send,
      log,
      isAuthenticated: () => this.auth.state.status === 'authenticated',
      logins: () => this.auth.logins,
      resume: () => this.conn.resume,
      canConflate: () => this.conn.flags.conflate,
      isClosed: () => this.lifecycle === 'closed',
      pingNow: () => this.conn.ping(),
      releaseGraceMs: this.options.streamReleaseGraceMs,
      retryDelayMs: this.options.streamRetryDelayMs,
      persistence: () => this.persistence(options.streamStorage, log),
    });
    this.auth = new AuthService({
      configured: () => this.conn.configured,
      send,
      log,
      clientId: () => this.conn.clientId,
      config: () => this.conn.config,
      onGateChange: () => this.maybeReady(),
      onLogin: () => {
        this.requests.onLogin();
        this.streams.onLogin();
        // Persisted values shown after a reload belong to the last user: hide them if someone else logged in.
        void this.persisted?.onAuthenticated(this.userId).then((changed) => changed && this.streams.dropStale());
      },
      onAutoReauthenticationFails: this.options.onAutoReauthenticationFails,
      clearAuthentication: () => this.clearAuthentication(),
    });
  }

  /** Connect (and keep reconnecting) until `close()`. No I/O happens before this. */
  start(): void {
    this.lifecycle = 'running';
    this.conn.start();
  }

  /** Close the socket, stop every timer, settle pending work with `CLIENT_CLOSED`. `start()` reopens. */
  close(): void {
    if (this.lifecycle === 'closed') return;
    this.lifecycle = 'closed';
    this.conn.close();
    this.requests.failAll(ClientErrorCode.CLIENT_CLOSED, 'The client was closed');
    this.auth.close();
    this.streams.close();
    // Closing the client ends its calls and stops their local tracks; a later start() gets a
    // fresh call service.
    this.callService?.dispose();
    this.callService = undefined;
    this.groupCallService?.dispose();
    this.groupCallService = undefined;
    this.fileService?.dispose();
    this.fileService = undefined;
  }

  /** The connection state: the same object until it changes. */
  get connection(): ConnectionState {
    return this.conn.state;
  }

  /** Observe the connection state; called at once unless `immediately: false`. Returns unsubscribe. */
  onConnectionChange(listener: (state: ConnectionState) => void, options: ConnectionChangeOptions = {}): () => void {
    const off = this.conn.changes.add(listener);
    if (options.immediately !== false) callSafely(() => listener(this.conn.state));
    return off;
  }

  /** The authentication state: the same object until it changes. */
  get authentication(): AuthenticationState<UserId> {
    return this.auth.state as AuthenticationState<UserId>;
  }

  /** Observe the authentication state; called at once unless `immediately: false`. */
  onAuthenticationChange(listener: (state: AuthenticationState<UserId>) => void, options: ConnectionChangeOptions = {}): () => void {
    const off = this.auth.changes.add(listener as (s: AuthenticationState<unknown>) => void);
    if (options.immediately !== false) callSafely(() => listener(this.authentication));
    return off;
  }

  /** The logged-in user, if any. */
  get userId(): UserId | undefined {
    return this.auth.state.status === 'authenticated' ? (this.auth.state.userId as UserId) : undefined;
  }

  /** Log in; the credential is replayed automatically after every reconnect. Never rejects. */
  authenticate(options: AuthenticateOptions): Promise<AuthenticateResponse<UserId>> {
    if (this.lifecycle === 'closed') {
      return Promise.resolve({ success: false, claims: [], error: { code: ClientErrorCode.CLIENT_CLOSED, description: 'The client was closed', isCredentialError: false } });
    }
    return this.auth.authenticate(options?.credential, options?.neverTimeout === true) as Promise<AuthenticateResponse<UserId>>;
  }

  /**
   * Log out: sends the logout route, forgets the credential, fails non-persevere login waiters,
   * and (against servers without the resume extension, where logout is a no-op, Q6) reconnects
   * with a fresh client id so the server really forgets the user.
   */
  async clearAuthentication(): Promise<void> {
    const wasAuthenticated = this.auth.forget();
    this.requests.onLogout();
    this.streams.onLogout();
    // Persisted values of this user: hidden now, deleted in parallel with the server logout.
    if (this.persisted) this.streams.dropStale();
    await Promise.all([this.persisted?.onLogout(), this.logoutOnServer(wasAuthenticated)]);
  }

  private async logoutOnServer(wasAuthenticated: boolean): Promise<void> {
    if (!wasAuthenticated || this.lifecycle !== 'running' || !this.conn.configured) return;
    const response = await this.requests.submit(
      'modify',
      (id) => encodeModify(id, 'DELETE', InternalRoute.authentication, {}, null),
      'DELETE askless-internal/authentication',
      {},
    );
    this.logger.log(this.conn.label, `logout answered ${response.success ? 'OK' : response.error?.code}`);
    if (!this.conn.resume && this.lifecycle === 'running') this.conn.restartWithFreshId();
  }

  /** READ a route once. Never rejects: failures are `error` (see the error code table). */
  read<T = unknown>(options: RequestOptions): Promise<AsklessResponse<T>> {
    return this.submit<T>('READ', options, undefined);
  }

  /** CREATE on a route. */
  create<T = unknown>(options: ModifyOptions): Promise<AsklessResponse<T>> {
    return this.submit<T>('CREATE', options, options?.body);
  }

  /** UPDATE on a route. */
  update<T = unknown>(options: ModifyOptions): Promise<AsklessResponse<T>> {
    return this.submit<T>('UPDATE', options, options?.body);
  }

  /** DELETE on a route (put identifiers in `params`: 2.0.3 never passes `body` to delete handlers, Q20). */
  delete<T = unknown>(options: ModifyOptions): Promise<AsklessResponse<T>> {
    return this.submit<T>('DELETE', options, options?.body);
  }

  /**
   * A lazy, shared stream of a read route. Throws `AsklessError` (INVALID_ARGUMENT) on bad options.
   * @example
   * const off = client.readStream<Product[]>({ route: 'products' }).subscribe((list) => render(list));
   */
  readStream<T = unknown>(options: ReadStreamOptions): AsklessStream<T> {
    const { route, params, source } = checkStreamOptions(options);
    return new StreamHandle<T>(this.streams, route, params, source, options.persevere !== false, options.shared !== false, options.conflate === true, options.persist === true);
  }

  /** The last connection changes (inspection), kept from the start: rare, so always on. */
  private readonly timeline: ConnectionEvent[] = [];
  private readonly taps = new FrameTaps((tap) => (this.conn.tap = tap));
  private readonly inspectionSources = new Map<string, () => unknown>();

  /**
   * A snapshot for devtools and debugging: connection (with its timeline), login, streams,
   * pending requests and registered sources. Raw values: redact them before showing them
   * (`redact` from askless-react/devtools), as the devtools do.
   * @example
   * console.table(client.inspect().streams);
   */
  inspect(): ClientInspection {
    return buildInspection({
      connection: this.conn.state,
      config: this.conn.config,
      authentication: this.auth.state,
      timeline: this.timeline,
      streams: this.streams.inspect(),
      requests: this.requests.inspect(),
      sources: this.inspectionSources,
      services: this,
    });
  }

  /**
   * See every frame, both ways (inbound as received text, outbound as sent); returns unsubscribe.
   * Costs nothing while no listener is attached. Frames are raw (a login carries its credential):
   * pass them through `frameForDisplay` from askless-react/devtools before showing them.
   * @example
   * const off = client.tapFrames((f) => log(f.direction, frameForDisplay(f.frame)));
   */
  tapFrames(listener: (frame: TappedFrame) => void): () => void {
    return this.taps.add(listener);
  }

  /**
   * Add a named section to `inspect().extras` (calls, transfers, ...); returns remove.
   * @example
   * const remove = client.addInspectionSource('uploads', () => uploads.map((u) => ({ name: u.name, progress: u.progress })));
   */
  addInspectionSource(name: string, read: () => unknown): () => void {
    this.inspectionSources.set(name, read);
    return () => {
      if (this.inspectionSources.get(name) === read) this.inspectionSources.delete(name);
    };
  }

  /** Persisted streams (created when a `persist` stream is first subscribed). */
  private persisted: StreamPersistence | undefined;

  private persistence(storage: StreamStorage | undefined, log: (message: string) => void): StreamPersistence {
    if (!this.persisted) {
      this.persisted = new StreamPersistence(this.options.serverUrl, storage ?? idbStreamStorage(), log);
      if (this.auth.state.status === 'authenticated') void this.persisted.onAuthenticated(this.userId);
    }
    return this.persisted;
  }

  /** Calls (issue 5): the service and simple-peer are loaded on first use, so apps that never call never load them. */
  private callService: LazyCalls | undefined;

  /**
   * The call service behind `calls`, `requestCallToUser` and `onIncomingCall` (loaded on first
   * use). Internal: the provider's deferred client reaches the same service through it.
   */
  callsService(): LazyCalls {
    this.callService ??= new LazyCalls(() =>
      import('./calls/create.js').then((m) => m.createCallService(this, this.options.callRingTimeoutMs, this.options.calls as CallManagerOptions<string | number>)),
    );
    return this.callService;
  }

  private groupCallService: GroupCalls<UserId> | undefined;

  /**
   * Group calls: a full mesh of up to 8 member devices (our server with `registerGroupCallRoutes`).
   * The mesh code and simple-peer load on the first `join`.
   * @example
   * const call = client.groupCalls.join('standup', { media: { audio: true, video: true } });
   * call.subscribe(() => render(call.getSnapshot().participants));
   */
  get groupCalls(): GroupCalls<UserId> {
    this.groupCallService ??= new GroupCalls<UserId>(() => import('./group-calls/session.js').then((m) => m.groupCallEngineFactory(this)));
    return this.groupCallService;
  }

  /**
   * Every call of this client (issue 15): several at once with hold and call waiting, screen
   * share, devices, levels and quality. One object; its code loads on first use.
   * @example
   * const off = client.calls.subscribe(() => render(client.calls.getSnapshot()));
   * const call = client.calls.call({ userId: 2 });
   */
  readonly calls: CallManager<UserId> = new LazyCallManager<UserId>(() => this.callsService());

  /**
   * Call a user (1:1 audio/video through WebRTC, signaled as Askless 2.0.3 does, §8). Never throws:
   * the outcome is `response()`; `dispose()` cancels or hangs up.
   * @example
   * const handle = client.requestCallToUser({ userId: 2, localStream });
   * const { callAccepted, liveCall, endReason } = await handle.response();
   */
  requestCallToUser(options: RequestCallToUserOptions<UserId>): RequestCallHandle {
    return this.callsService().requestCallToUser(options as RequestCallToUserOptions<string | number>);
  }

  /**
   * Receive calls while the listener is subscribed; returns unsubscribe.
   * @example
   * const off = client.onIncomingCall((call) => call.acceptCall({ localStream }));
   */
  onIncomingCall(listener: (call: ReceivingCall<UserId>) => void): () => void {
    return this.callsService().onIncomingCall(listener as (call: ReceivingCall<string | number>) => void);
  }

  private fileService: LazyFiles<UserId> | undefined;

  /**
   * File transfer between users (docs/files.md): loaded on first use, so apps that never send
   * or receive files load none of it.
   * @example
   * const transfer = client.files.send({ toUserId: 2, file });
   * client.files.onOffer((offer) => offer.accept());
   */
  get files(): LazyFiles<UserId> {
    this.fileService ??= new LazyFiles<UserId>(() =>
      import('./files/create.js').then((m) => m.createFileService(this, this.options.files)),
    );
    return this.fileService;
  }

  private submit<T>(type: 'READ' | ModifyRequestType, options: RequestOptions, body: unknown): Promise<AsklessResponse<T>> {
    let checked;
    try {
      checked = checkRequest(options, body);
    } catch (error) {
      return Promise.resolve({ success: false, output: undefined, error: error as AsklessError });
    }
    if (this.lifecycle === 'closed') {
      return Promise.resolve({ success: false, output: undefined, error: new AsklessError(ClientErrorCode.CLIENT_CLOSED, 'The client was closed') });
    }
    const { route, params } = checked;
    const encode =
      type === 'READ' ? (id: string) => encodeRead(id, route, params) : (id: string) => encodeModify(id, type, route, checked.body, params);
    // Progress is asked for only from a server that advertises it (decided at each send).
    const onProgress = typeof options.onProgress === 'function' ? options.onProgress : undefined;
    const build = onProgress ? (id: string) => withProgress(encode(id), this.conn.config.asklessReact?.progress === true) : encode;
    return this.requests.submit(type === 'READ' ? 'read' : 'modify', build, `${type} ${route}`, {
      neverTimeout: options.neverTimeout,
      persevere: options.persevere,
      signal: options.signal,
      onProgress,
    }) as Promise<AsklessResponse<T>>;
  }

  /**
   * The ping's list. Q14: empty while the re-login of this connection is pending, like Flutter.
   * While a stream on a not-yet-verified route awaits its first answer, pings are held back
   * (never past half the watchdog period, nor 5 s) so the server neither crashes (Q1) nor
   * stops the stream (Q13).
   */
  private pingEntries(): PingListenEntry[] | null {
    if (this.auth.gateClosed) return [];
    const now = Date.now();
    const { entries, held } = this.streams.pingEntries(now);
    if (!held) {
      this.pingHeldSince = 0;
      return entries;
    }
    // Q13: every ping lists every stream whose LISTEN went out, so a ping that cannot name one yet
    // is skipped (the first ping of a connection too). A LISTEN still unconfirmed after half the
    // pong watchdog means a broken link: ping without it rather than be cut off for silence.
    if (this.pingHeldSince === 0 || this.pingHeldConnection !== this.conn.number) {
      this.pingHeldSince = now;
      this.pingHeldConnection = this.conn.number;
    }
    const maxHold = Math.min(5000, this.conn.config.reconnectClientAfterMillisecondsWithoutServerPong / 2);
    return now - this.pingHeldSince < maxHold ? null : entries;
  }

  private pingHeldSince = 0;
  private pingHeldConnection = 0;

  /** Every outbound frame goes through here: it keeps a plain 2.0.3 server out of its Q2 freeze. */
  private send(message: object): boolean {
    const id = rememberedRequestId(message);
    if (id !== undefined && !this.conn.resume) {
      if (this.budgetConnection !== this.conn.number) {
        this.budget.reset();
        this.budgetConnection = this.conn.number;
      }
      if (this.rotationPending || this.budget.wouldRisk(id, Date.now())) {
        if (!this.rotationPending) this.logger.log(this.conn.label, 'request-id budget reached: moving to a fresh connection (Q2)');
        this.rotationPending = true;
        queueMicrotask(() => this.tryRotate());
        return false;
      }
    }
    const sent = this.conn.send(message);
    if (sent && id !== undefined && !this.conn.resume) this.budget.record(id, Date.now());
    return sent;
  }

  /** Rotate once no write is waiting for its answer (a rotation must never cost an outcome). */
  private tryRotate(): void {
    if (!this.rotationPending || this.requests.hasUnansweredWrites()) return;
    this.rotationPending = false;
    this.conn.restartWithFreshId();
  }

  private maybeReady(): void {
    if (!this.conn.configured || this.auth.gateClosed || this.readyConnection === this.conn.number) return;
    this.readyConnection = this.conn.number;
    this.requests.onReady();
    this.streams.onReady();
    // Restore streams now rather than up to one ping period later (§7.4).
    this.conn.ping();
  }

  private dispatch(message: InboundMessage): void {
    switch (message.kind) {
      case 'serverConfirm':
        if (!this.requests.onServerConfirm(message.clientRequestId)) this.streams.onServerConfirm(message.clientRequestId);
        return;
      case 'authenticateResponse':
        if (!this.auth.onResponse(message.clientRequestId, message.output, message.error)) {
          this.logger.log(this.conn.label, `stale authenticate response ${message.clientRequestId}`);
        }
        return;
      case 'response':
        if (this.requests.onResponse(message.clientRequestId, message.output, message.error)) return;
        if (this.streams.onResponse(message.clientRequestId, message.error)) return;
        this.logger.log(this.conn.label, `response to unknown request ${message.clientRequestId}`);
        return;
      case 'push':
        this.streams.onPush(message.listenId, message.output);
        return;
      case 'stop':
        this.streams.onStop(message.listenId);
        return;
      case 'progress':
        this.requests.onProgress(message.clientRequestId, message.value);
        return;
      default:
        return;
    }
  }
}

