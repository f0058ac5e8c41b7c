/**
 * {@link AsklessServer}: an Askless 2.0.3-compatible WebSocket server (askless-protocol.md §9)
 * with the original's defects fixed (docs/server.md lists every deviation).
 */
import { networkInterfaces } from 'node:os';
import { createServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { InternalRoute, WELCOME_FRAME } from '../core/protocol/wire.js';
import { Connection } from './connection.js';
import { ServerCore } from './core.js';
import { handleMessage } from './dispatch.js';
import { consoleLogger } from './logger.js';
import { DEFAULT_OPTIONS, type InitOptions, type ResolvedOptions } from './options.js';
import { ReadRoute } from './readRoute.js';
import type { CreateRouteDefinition, DeleteRouteDefinition, ReadRouteDefinition, UpdateRouteDefinition } from './types.js';
import { registerCallRoutes, type CallRoutes } from './calls/index.js';
import { registerIceRestartRelay } from './calls/relay.js';
import type { ClusterOptions } from './cluster/types.js';
import { CloseCode, resolveLimits, type CloseReason } from './limits.js';
import { Admission } from './admission.js';
import { buildStats, type ServerStats } from './stats.js';

/**
 * The route builders of one audience (`forAllUsers` or `forAuthenticatedUsers`).
 * @example
 * server.addRoute.forAllUsers.create({ route: 'todo', handleCreate: (ctx) => ctx.successCallback(ctx.body) });
 */
export interface RouteBuilders<UserId> {
  read<Entity = any>(definition: ReadRouteDefinition<UserId, Entity>): ReadRoute<UserId, Entity>;
  create<Entity = any>(definition: CreateRouteDefinition<UserId, Entity>): void;
  update<Entity = any>(definition: UpdateRouteDefinition<UserId, Entity>): void;
  delete<Entity = any>(definition: DeleteRouteDefinition<UserId, Entity>): void;
}

function resolve<UserId>(options: InitOptions<UserId>): ResolvedOptions<UserId> {
  const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as InitOptions<UserId>;
  const requestTimeoutInMs = defined.requestTimeoutInMs ?? DEFAULT_OPTIONS.requestTimeoutInMs;
  return {
    ...DEFAULT_OPTIONS,
    ...defined,
    wsOptions: defined.wsOptions ?? { port: 3000 },
    handlerTimeoutInMs: defined.handlerTimeoutInMs ?? requestTimeoutInMs,
    logger: defined.logger ?? consoleLogger,
    tap: defined.tap,
    cluster: defined.cluster,
    limits: resolveLimits(defined.limits),
    authenticate: defined.authenticate ?? ((_credential, accept) => accept.asUnauthenticatedUser()),
  };
}

/** What our HTTP server answers to plain requests, as ws's own does. */
function upgradeRequired(_req: IncomingMessage, res: import('node:http').ServerResponse): void {
  res.writeHead(426, { 'Content-Type': 'text/plain' });
  res.end('Upgrade Required');
}

/**
 * An Askless-compatible server.
 * @example
 * const server = new AsklessServer<number>();
 * server.init({ wsOptions: { port: 3000 } });
 * const products = server.addRoute.forAllUsers.read({ route: 'products', handleRead: (ctx) => ctx.successCallback(list) });
 * await server.start();
 */
export class AsklessServer<UserId = string | number> {
  private core = new ServerCore<UserId>(resolve<UserId>({}));
  private initialized = false;
  private wss: WebSocketServer | undefined;
  private timers: NodeJS.Timeout[] = [];
  private readonly stopTasks: Array<() => void | Promise<void>> = [];
  private calls: CallRoutes | undefined;
  private httpServer: HttpServer | undefined;
  private unwatch: (() => void) | undefined;

  /** Register routes: `addRoute.forAllUsers.read({...})`, `addRoute.forAuthenticatedUsers.create({...})`, ... */
  readonly addRoute: { forAllUsers: RouteBuilders<UserId>; forAuthenticatedUsers: RouteBuilders<UserId> } = {
    forAllUsers: this.builders(false),
    forAuthenticatedUsers: this.builders(true),
  };

  /**
   * Configure the server (at most once, before `start()`); adds the built-in routes.
   * @example
   * server.init({ wsOptions: { port: 0 }, debugLogs: true });
   */
  init(options: InitOptions<UserId> = {}): void {
    if (this.initialized) throw new Error('AsklessServer.init() may be called only once');
    this.initialized = true;
    this.core.options = resolve(options);
    this.core.replay = this.core.newReplayCache();
    this.core.admission = new Admission(this.core.options.limits);
    this.core.unconfirmed.max = this.core.options.limits.maxUnconfirmedBytesTotal;
    this.addRoute.forAllUsers.delete({
      route: InternalRoute.authentication,
      handleDelete: (ctx) => {
        const conn = [...this.core.connections].find((c) => c.id === ctx.connectionId);
        ctx.successCallback({ result: conn && this.core.logout(conn) ? 'OK' : 'NO-OP' });
      },
    });
    this.calls = registerCallRoutes(this as AsklessServer<any>, {
      limits: this.core.options.limits,
      onlineUserKeys: async () => {
        const keys = new Set<string>();
        for (const conn of this.core.connections) if (conn.isAuthenticated) keys.add(String(conn.userId));
        // In a cluster a user may be online on another process only.
        for (const meta of (await this.core.node?.adapter.peerConnections()) ?? []) if (meta.authenticated) keys.add(String(meta.userId));
        return keys;
      },
      sharedStore: () => this.core.node?.callStore,
      listeners: (route) => (this.core.node ? this.core.node.listenersEverywhere(route) : route.listeners()),
    });
    const calls = this.calls;
    registerIceRestartRelay(
      this as AsklessServer<any>,
      async (a, b) => !!(await (this.core.node?.callStore ?? calls.state).liveBetween(a, b)),
      () => this.core.options.iceRestartRelay,
    );
  }

  /**
   * Start listening. Resolves once the port is bound (see {@link port}).
   * @example
   * await server.start(); console.log(server.localUrl);
   */
  async start(): Promise<void> {
    if (!this.initialized) this.init();
    if (this.wss) throw new Error('AsklessServer is already started');
    const o = this.core.options;
    if (o.cluster && !this.core.node) await this.joinCluster(o.cluster);
    const wsOptions = { host: '127.0.0.1', ...o.wsOptions, maxPayload: o.maxPayloadBytes };
    if (wsOptions.port === undefined && !wsOptions.server && !wsOptions.noServer) wsOptions.port = 3000;
    // In port mode the HTTP server is ours (as ws would make it), so the handshake timeout sees
    // every raw TCP connection, including those that never send a byte.
    const own = wsOptions.server || wsOptions.noServer ? undefined : createServer(upgradeRequired);
    const { port, host, backlog, ...rest } = wsOptions;
    const wss = new WebSocketServer({ ...(own ? { ...rest, server: own } : wsOptions), verifyClient: this.core.admission.verifier(wsOptions.verifyClient, (address, refusal) => {
        this.core.countClose('refused');
        this.core.log('warn', `refused an upgrade from ${address}: ${refusal}`);
      }),
    });
    this.wss = wss;
    this.httpServer = own;
    const watched = own ?? (wsOptions.server as HttpServer | undefined);
    this.unwatch = watched ? this.core.admission.watch(watched) : undefined;
    wss.on('connection', (socket, req) => this.accept(socket, req));
    await new Promise<void>((resolveStart, reject) => {
      if (!own) return resolveStart();
      const onError = (error: Error): void => {
        // A failed bind (port in use) leaves the server stopped, so start() can be retried.
        if (this.wss === wss) this.wss = undefined;
        this.unwatch?.();
        wss.close();
        void this.leaveCluster();
        own.close();
        reject(error);
      };
      // ws re-emits the HTTP server's errors on itself: absorbed here, rejected through `own`.
      const absorb = (): void => undefined;
      wss.on('error', absorb);
      own.once('error', onError);
      own.listen(port, host, backlog, () => {
        own.off('error', onError);
        wss.off('error', absorb);
        resolveStart();
      });
    });
    wss.on('error', (error) => this.core.warn('WebSocketServer error', error));
    this.core.startedAt = Date.now();
    this.startTimers();
    this.core.log('info', `listening on ${this.localUrl}`);
  }

  /**
   * Close every socket and timer and stop listening. Safe to call twice.
   * @example
   * await server.stop();
   */
  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    const wss = this.wss;
    this.wss = undefined;
    for (const conn of [...this.core.connections]) {
      this.closeConnection(conn, 'shutdown');
      conn.socket.terminate();
    }
    for (const record of [...this.core.records.values()]) this.core.deleteRecord(record);
    this.unwatch?.();
    this.unwatch = undefined;
    if (wss) await new Promise<void>((done) => wss.close(() => done()));
    const own = this.httpServer;
    this.httpServer = undefined;
    if (own) {
      own.closeAllConnections(); // sockets still in their handshake
      await new Promise<void>((done) => own.close(() => done()));
    }
    await this.leaveCluster();
    for (const task of this.stopTasks) await Promise.resolve().then(task).catch((error) => this.core.warn('a stop task failed', error));
  }

  /**
   * Run `task` on every `stop()` (extensions release their timers and state there).
   * @example
   * server.onStop(() => clearInterval(sweepTimer));
   */
  onStop(task: () => void | Promise<void>): void {
    this.stopTasks.push(task);
  }

  /**
   * Counters and gauges of the limits (issue 14): connections by state, bytes buffered and
   * unconfirmed, call-state entries, replay-cache bytes, closes by reason.
   * @example
   * const { connections, closes } = server.stats();
   */
  stats(): ServerStats {
    return buildStats(this.core, this.calls?.state);
  }

  /** The bound port (after `start()`); useful with `port: 0`. */
  get port(): number {
    const address = this.wss?.address();
    return address && typeof address === 'object' ? (address as AddressInfo).port : 0;
  }

  /** `ws://<host>:<port>`: the first non-internal IPv4 when bound to all interfaces, else the bound host. */
  get localUrl(): string {
    const address = this.wss?.address();
    const host = address && typeof address === 'object' ? (address as AddressInfo).address : '127.0.0.1';
    if (host === '0.0.0.0' || host === '::') {
      const external = Object.values(networkInterfaces())
        .flat()
        .find((i) => i && i.family === 'IPv4' && !i.internal);
      return `ws://${external?.address ?? '127.0.0.1'}:${this.port}`;
    }
    return `ws://${host.includes(':') ? `[${host}]` : host}:${this.port}`;
  }

  /** Open sockets right now. */
  get connectionCount(): number {
    return this.core.connections.size;
  }

  /**
   * Live stream registrations, on `route` or on all routes.
   * @example
   * await vi.waitFor(() => expect(server.listenerCount('counter')).toBe(0));
   */
  listenerCount(route?: string): number {
    if (route !== undefined) return this.core.readRoutes.get(route)?.streams.size ?? 0;
    let total = 0;
    for (const r of this.core.readRoutes.values()) total += r.streams.size;
    return total;
  }

  /** Outbound messages still waiting for the client's confirmation, over all connections. */
  get unconfirmedMessageCount(): number {
    let total = 0;
    for (const conn of this.core.connections) total += conn.outbox.size;
    return total;
  }

  /** Remembered write ids of a client id (bounded by `maxRememberedRequestsPerClient`). */
  rememberedRequestCount(clientIdInternalApp: string): number {
    return this.core.replay.countFor(clientIdInternalApp);
  }

  /** Client-id records alive (deleted `clientRecordTtlAfterDisconnectMs` after their last socket closed). */
  get clientRecordCount(): number {
    return this.core.records.size;
  }

  /** The read route registered as `route`, if any (the call routes use it). */
  readRoute(route: string): ReadRoute<UserId> | undefined {
    return this.core.readRoutes.get(route);
  }

  /** Whether any connection is authenticated as `userId`. */
  isUserConnected(userId: UserId): boolean {
    for (const conn of this.core.connections) if (conn.isAuthenticated && conn.userId === userId) return true;
    return false;
  }

  /**
   * Log `userId` out on every connection (2.0.3's is a no-op, Q6): their auth-only streams get
   * StopListening, and later requests need a new login. Returns how many connections.
   * @example
   * server.clearAuthentication(42);
   */
  clearAuthentication(userId: UserId): number {
    let count = 0;
    for (const conn of this.core.connections) if (conn.isAuthenticated && conn.userId === userId && this.core.logout(conn)) count++;
    return count;
  }

  /**
   * Remove every route named `route` (read and modify kinds). Its live streams get StopListening
   * first. Returns how many routes were removed. Extensions such as `registerGroupCallRoutes`
   * use it for their `close()`.
   * @example
   * server.removeRoute('askless-react/group-call/join');
   */
  removeRoute(route: string): number {
    let removed = 0;
    const read = this.core.readRoutes.get(route);
    if (read) {
      for (const handle of read.listeners()) handle.stop();
      this.core.readRoutes.delete(route);
      removed++;
    }
    for (const kind of ['CREATE', 'UPDATE', 'DELETE']) if (this.core.modifyRoutes.delete(`${kind} ${route}`)) removed++;
    return removed;
  }

  private builders(authOnly: boolean): RouteBuilders<UserId> {
    const addModify = (kind: 'CREATE' | 'UPDATE' | 'DELETE', route: string, handle: any, toOutput: any, onReceived: any): void => {
      this.assertRouteName(route);
      const key = `${kind} ${route}`;
      if (this.core.modifyRoutes.has(key)) throw new Error(`route ${key} is already registered`);
      this.core.modifyRoutes.set(key, { name: route, kind, authOnly, handle, toOutput, onReceived });
    };
    return {
      read: (definition) => {
        this.assertRouteName(definition.route);
        if (this.core.readRoutes.has(definition.route)) throw new Error(`read route "${definition.route}" is already registered`);
        const core = this.core;
        const route = new ReadRoute(definition.route, authOnly, definition, {
          holdOff: () => core.holdOff(),
          batchSize: () => core.options.notifyBatchSize,
          warn: (message, error, connectionId) => core.warn(message, error, connectionId),
          cluster: () => core.node,
        });
        this.core.readRoutes.set(definition.route, route as ReadRoute<UserId>);
        return route;
      },
      create: (d) => addModify('CREATE', d.route, d.handleCreate, d.toOutput, d.onReceived),
      update: (d) => addModify('UPDATE', d.route, d.handleUpdate, d.toOutput, d.onReceived),
      delete: (d) => addModify('DELETE', d.route, d.handleDelete, d.toOutput, d.onReceived),
    };
  }

  private assertRouteName(route: unknown): void {
    if (typeof route !== 'string' || route === '') throw new TypeError('route must be a non-empty string');
  }

  private accept(socket: WebSocket, req: IncomingMessage): void {
    const core = this.core;
    const conn = new Connection<UserId>(
      core.newConnectionId(),
      socket,
      (direction, id, frame) => core.tap(direction, id, frame),
      (stream, reason) => stream.route.detach(stream, reason),
    );
    conn.maxOutbox = core.options.maxUnconfirmedPerConnection;
    const { limits } = core.options;
    conn.limits = { maxBuffered: limits.maxBufferedBytesPerConnection, maxUnconfirmedBytes: limits.maxUnconfirmedBytesPerConnection, budget: core.unconfirmed, keepFrames: core.options.tap !== undefined };
    conn.onLimit = (reason, detail) => this.limitClose(conn, reason, detail);
    conn.address = core.admission.addressOf(req);
    core.admission.opened(req.socket, conn.address);
    core.connections.add(conn);
    core.log('debug', 'socket open', conn.id);
    socket.on('message', (data) => handleMessage(core, conn, data));
    socket.on('error', (error) => core.log('debug', `socket error: ${error.message}`, conn.id));
    // Close handling is bound to this socket's Connection, never to the shared client record (Q4).
    socket.on('close', (code) => {
      core.log('debug', `socket closed (${code})`, conn.id);
      this.closeConnection(conn, 'client');
    });
    conn.sendNow(WELCOME_FRAME);
  }

  /** Connect to Redis (ioredis is loaded only here) before accepting sockets; throws a clear error when unreachable. */
  private async joinCluster(options: ClusterOptions): Promise<void> {
    const { RedisCluster } = await import('./cluster/redis.js');
    const { ClusterNode } = await import('./cluster/node.js');
    const adapter = new RedisCluster(options);
    const node = new ClusterNode(this.core, adapter, (conn) => this.closeConnection(conn, 'replaced'));
    await node.start();
    this.core.cluster = adapter;
    this.core.node = node;
  }

  private async leaveCluster(): Promise<void> {
    const node = this.core.node;
    if (!node) return;
    this.core.node = undefined;
    await node.adapter.stop();
  }

  private closeConnection(conn: Connection<UserId>, reason: CloseReason): void {
    if (conn.closed) return;
    conn.closed = true;
    this.core.countClose(reason);
    this.core.admission.closed(conn.address);
    conn.stopStreams(reason === 'shutdown' ? 'shutdown' : 'disconnect');
    conn.clearOutbox();
    this.core.connections.delete(conn);
    this.core.node?.connectionClosed(conn);
    const record = conn.clientId === undefined ? undefined : this.core.records.get(conn.clientId);
    if (record) this.core.leaveRecord(record, conn);
  }

  /**
   * A limit acted on `conn`: close it with a code and reason the client can see, log it with its
   * client id (never a credential), and free its memory at once. Over the server-wide
   * unconfirmed budget, the connection holding the most unconfirmed bytes is the one closed.
   */
  private limitClose(conn: Connection<UserId>, reason: CloseReason, detail: string): void {
    let target = conn;
    if (reason === 'unconfirmedBytesTotal') {
      for (const other of this.core.connections) if (other.unconfirmedBytes > target.unconfirmedBytes) target = other;
    }
    if (target.closed) return;
    this.core.log('warn', `closing the connection of client id ${target.clientId ?? '(not configured)'}: ${reason} (${detail})`, target.id);
    this.closeConnection(target, reason);
    const code = reason === 'slowConsumer' ? CloseCode.slowConsumer : reason === 'configureTimeout' ? CloseCode.configureTimeout : reason === 'frameDepth' ? CloseCode.policy : CloseCode.unconfirmed;
    try {
      target.socket.close(code, `${reason}: ${detail}`.slice(0, 120));
    } catch {
      // already closing
    }
    // A client that does not read never takes the close frame out of its buffer: free it anyway.
    setTimeout(() => target.socket.terminate(), 1000).unref();
  }

  private startTimers(): void {
    const o = this.core.options;
    const every = (ms: number, task: () => void): void => {
      const timer = setInterval(() => {
        try {
          task();
        } catch (error) {
          this.core.warn('timer task failed', error);
        }
      }, Math.max(5, ms));
      // Not unref'd: the listening socket keeps the process alive anyway, and stop() clears them.
      this.timers.push(timer);
    };
    // Resend: tick at a fifth of the period so a message is resent close to one period after its last send.
    every(o.intervalInMsServerSendSameMessage / 5, () => {
      const now = Date.now();
      for (const conn of this.core.connections) conn.resendDue(now, o.intervalInMsServerSendSameMessage, o.serverResendWindowMs);
    });
    // Idle cut-off: terminate (no close frame, like 2.0.3) sockets silent for the configured time.
    // Also the configure and handshake timeouts: pings do not make a socket configured.
    const idle = o.millisecondsToDisconnectClientAfterWithoutClientPing;
    const { configureTimeoutMs, handshakeTimeoutMs } = o.limits;
    every(Math.min(1000, idle / 4, configureTimeoutMs / 4, handshakeTimeoutMs / 4), () => {
      const now = Date.now();
      this.core.admission.sweep(now);
      for (const conn of [...this.core.connections]) {
        if (!conn.configured && now - conn.openedAt >= configureTimeoutMs) {
          this.limitClose(conn, 'configureTimeout', `no CONFIGURE_CONNECTION within ${configureTimeoutMs} ms`);
          continue;
        }
        if (now - conn.lastInboundAt <= idle) continue;
        this.core.log('debug', `no message for ${now - conn.lastInboundAt} ms: terminating`, conn.id);
        this.closeConnection(conn, 'idle');
        conn.socket.terminate();
      }
    });
    // Call state lifetimes: unanswered requests expire, users gone for the grace period are forgotten.
    const { callRequestTtlMs, callOfflineGraceMs } = o.limits;
    every(Math.min(5000, callRequestTtlMs / 4, callOfflineGraceMs / 4), () => {
      this.calls?.sweep(Date.now()).catch((error: unknown) => this.core.warn('call sweep failed', error));
    });
    // Records: prune replay memory; delete records of client ids with no socket for a while.
    every(Math.min(10_000, o.clientRecordTtlAfterDisconnectMs / 2), () => {
      const now = Date.now();
      for (const record of [...this.core.records.values()]) {
        if (record.connections.size === 0 && record.disconnectedAt !== undefined && now - record.disconnectedAt >= o.clientRecordTtlAfterDisconnectMs) {
          this.core.deleteRecord(record);
        }
      }
      this.core.replay.prune(now);
    });
  }
}
