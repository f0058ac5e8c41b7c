/**
 * The server's internal state shared by the message handlers: options, connections, client
 * records, the route registry and small services (logging, tap, configuration). Not exported
 * from the package: applications use {@link AsklessServer}.
 */
import type { ConnectionConfiguration } from '../core/protocol/wire.js';
import { EXTENSION_VERSION } from '../core/protocol/extension.js';
import { ClientRecord } from './clientRecord.js';
import { ReplayCache } from './replayCache.js';
import { Admission } from './admission.js';
import type { CloseReason } from './limits.js';
import type { Connection } from './connection.js';
import { MemoryCluster } from './cluster/memory.js';
import type { ClusterNode } from './cluster/node.js';
import type { ClusterAdapter } from './cluster/types.js';
import { stopFrame } from './frames.js';
import type { LogLevel } from './logger.js';
import type { ResolvedOptions } from './options.js';
import type { ReadRoute } from './readRoute.js';
import type { RunnerEnv } from './runner.js';
import type { BaseContext, Handler, ModifyContext, ModifyKind } from './types.js';

/**
 * A registered create/update/delete route.
 * @example
 * const route = core.modifyRoutes.get('CREATE product');
 */
export interface ModifyRoute<UserId> {
  readonly name: string;
  readonly kind: ModifyKind;
  readonly authOnly: boolean;
  readonly handle: Handler<ModifyContext<UserId, any>>;
  readonly toOutput: ((entity: any) => unknown) | undefined;
  readonly onReceived: ((entity: any, ctx: BaseContext<UserId>) => void) | undefined;
}

/**
 * Internal state of one AsklessServer.
 * @example
 * const core = new ServerCore(resolvedOptions); core.log('debug', 'hello', 'c1');
 */
export class ServerCore<UserId> {
  readonly connections = new Set<Connection<UserId>>();
  readonly records = new Map<string, ClientRecord>();
  /** Processed writes and their answers, by clientRequestId (the resume extension's replay). */
  replay: ReplayCache<Connection<UserId>>;
  readonly readRoutes = new Map<string, ReadRoute<UserId>>();
  /** Keyed `"<KIND> <route>"`: lookup is by type, not by name alone (Q12). */
  readonly modifyRoutes = new Map<string, ModifyRoute<UserId>>();
  startedAt: number | undefined;
  /** What crosses processes: in memory (one process) unless `init({ cluster })` replaces it at start. */
  cluster: ClusterAdapter = new MemoryCluster();
  /** This process's cluster membership; undefined on a single in-memory server (no cross-process work at all). */
  node: ClusterNode<UserId> | undefined;
  /** Connection caps, handshake timeout and login-attempt windows (issue 14). */
  admission: Admission;
  /** Closes by reason since start (server.stats()). */
  readonly closes: Partial<Record<CloseReason, number>> = {};
  /** Unconfirmed bytes over all connections, shared with each of them. */
  readonly unconfirmed = { bytes: 0, max: Number.POSITIVE_INFINITY };
  private nextConnectionNumber = 1;

  constructor(public options: ResolvedOptions<UserId>) {
    this.replay = this.newReplayCache();
    this.admission = new Admission(options.limits);
  }

  /** A replay cache with the current options (init() replaces the constructor's). */
  newReplayCache(): ReplayCache<Connection<UserId>> {
    const o = this.options;
    return new ReplayCache({ windowMs: o.replayWindowMs, maxPerClient: o.maxRememberedRequestsPerClient, maxBytes: o.limits.maxReplayCacheBytes });
  }

  /** Advertised in the extension: whose replay memory answers (this process, or the cluster's Redis). */
  get instanceId(): string {
    return this.cluster.instanceId;
  }

  /** A fresh connection id for logs and the tap (`c1`, `c2`, ...; `<processId>-c1` in a cluster, unique across it). */
  newConnectionId(): string {
    const n = this.nextConnectionNumber++;
    return this.node ? `${this.node.processId}-c${n}` : `c${n}`;
  }

  /** Count a close by reason (server.stats().closes). */
  countClose(reason: CloseReason): void {
    this.closes[reason] = (this.closes[reason] ?? 0) + 1;
  }

  /** Log a line; `debug` and `info` only with `debugLogs`. Never pass credentials here. */
  log(level: LogLevel, message: string, connectionId?: string): void {
    if ((level === 'debug' || level === 'info') && !this.options.debugLogs) return;
    try {
      this.options.logger(level, message, connectionId ? { connectionId } : undefined);
    } catch {
      // A broken logger must not break the protocol.
    }
  }

  /** Log an application error (a throwing hook or handler) without its payloads. */
  warn(message: string, error: unknown, connectionId?: string): void {
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : typeof error;
    this.log('warn', `${message} (${detail})`, connectionId);
  }

  /** Report a frame to `init({ tap })`. */
  tap(direction: 'in' | 'out', connectionId: string, frame: unknown): void {
    const tap = this.options.tap;
    if (!tap) return;
    try {
      tap({ direction, connectionId, frame });
    } catch (error) {
      this.warn('tap threw', error, connectionId);
    }
  }

  /** The ConnectionConfiguration sent to a client of `clientType` (§2.2, §2.3), plus our extension. */
  configuration(clientType: 'flutter' | 'javascript'): ConnectionConfiguration {
    const o = this.options;
    return {
      intervalInMsServerSendSameMessage: o.intervalInMsServerSendSameMessage,
      intervalInMsClientSendSameMessage: o.intervalInMsClientSendSameMessage,
      intervalInMsClientPing: o.intervalInMsClientPing,
      millisecondsToDisconnectClientAfterWithoutClientPing: o.millisecondsToDisconnectClientAfterWithoutClientPing,
      reconnectClientAfterMillisecondsWithoutServerPong: o.reconnectClientAfterMillisecondsWithoutServerPong,
      waitForAuthenticationTimeoutInMs: o.waitForAuthenticationTimeoutInMs,
      requestTimeoutInMs: o.requestTimeoutInMs,
      isFromServer: true,
      serverVersion: '2.0.3',
      clientVersionCodeSupported:
        clientType === 'javascript' ? { lessThanOrEqual: 3, moreThanOrEqual: null } : { lessThanOrEqual: null, moreThanOrEqual: 4 },
      ...(o.advertiseResumeExtension
        ? {
            asklessReact: {
              version: EXTENSION_VERSION,
              stableClientId: true,
              replayDuplicateRequests: true,
              replayWindowMs: o.replayWindowMs,
              instanceId: this.instanceId,
              uniqueServerIds: true,
              batchedConfirms: true,
              markedResends: true,
              conflate: true,
              progress: true,
              cancel: true,
            },
          }
        : {}),
    };
  }

  /** Handler-running settings for requests of `connection`. */
  runnerEnv(connection: Connection<UserId>): RunnerEnv {
    return {
      timeoutMs: this.options.handlerTimeoutInMs,
      sendInternalErrorsToClient: this.options.sendInternalErrorsToClient,
      onThrow: (error) => this.warn('a route handler threw', error, connection.id),
    };
  }

  /** Resolves once `notifyStartupHoldOffMs` has passed since `start()` (Q16; 0 by default); undefined when it has. */
  holdOff(): Promise<void> | undefined {
    // Once over for this start, it stays over: every notifyChanges asks, so skip the clock then
    // (and keep this function small, for V8 to optimize it early).
    return this.holdOffOverFor === this.startedAt ? undefined : this.holdOffFromClock();
  }

  private holdOffFromClock(): Promise<void> | undefined {
    const wait = this.startedAt === undefined ? 0 : this.startedAt + this.options.notifyStartupHoldOffMs - Date.now();
    if (wait > 0) return new Promise((resolve) => setTimeout(resolve, wait).unref());
    if (this.startedAt !== undefined) this.holdOffOverFor = this.startedAt;
    return undefined;
  }

  /** The `startedAt` whose hold-off has passed (see {@link holdOff}). */
  private holdOffOverFor: number | undefined = Number.NaN;

  /** The record of a configured connection's client id (created on demand). */
  recordFor(clientId: string): ClientRecord {
    let record = this.records.get(clientId);
    if (!record) {
      record = new ClientRecord(clientId);
      this.records.set(clientId, record);
    }
    return record;
  }

  /** Note that `connection` left `record` (socket closed or re-configured with another id). */
  leaveRecord(record: ClientRecord, connection: Connection<UserId>): void {
    record.connections.delete(connection);
    if (record.connections.size === 0) record.disconnectedAt = Date.now();
  }

  /** Delete `record` and everything it remembers. */
  deleteRecord(record: ClientRecord): void {
    this.records.delete(record.clientId);
    this.replay.forgetOwner(record.clientId);
  }

  /**
   * Log `connection` out for real (2.0.3's is a no-op, Q6): forget the user and stop its
   * auth-only streams with a StopListening each. Returns false when nobody was logged in.
   */
  logout(connection: Connection<UserId>): boolean {
    if (!connection.isAuthenticated) return false;
    // Stop first, so the stop hooks still see who was listening.
    for (const stream of [...connection.streams.values()]) {
      if (!stream.route.authOnly) continue;
      connection.sendStop(stopFrame(stream.listenId));
      stream.route.detach(stream, 'logout');
    }
    connection.resetAuth('unauthenticated');
    this.node?.connectionChanged(connection);
    this.log('debug', 'logged out', connection.id);
    return true;
  }
}
