/**
 * The server's side of the cluster layer: keeps the shared metadata of this process's
 * connections and streams current, answers what other processes send (pushes, client-id
 * claims), and re-registers and re-reads everything after Redis comes back. Exists only when
 * `init({ cluster })` is set; without it the server never reaches this file.
 */
import type { Connection } from '../connection.js';
import type { ServerCore } from '../core.js';
import { stopFrame } from '../frames.js';
import { CloseCode } from '../limits.js';
import type { ListenerHandle, NotifyChangesOptions, ReadRoute, StreamRegistration } from '../readRoute.js';
import { SharedCallStore } from './callStore.js';
import { SharedReplay } from './replay.js';
import { connectionMeta, listenerMeta, notifyPeers, streamKey, visitStream } from './streams.js';
import type { ClusterAdapter, ClusterMessage } from './types.js';

/**
 * One process's membership of a cluster.
 * @example
 * core.node = new ClusterNode(core, adapter, (conn) => server.closeConnection(conn));
 */
export class ClusterNode<UserId> {
  /** Local streams by {@link streamKey}, so a remote `notify` finds them in O(1). */
  private readonly streams = new Map<string, StreamRegistration<UserId>>();
  /** When each local connection configured its client id (a newer claim elsewhere closes it). */
  private readonly configuredAt = new WeakMap<Connection<UserId>, number>();
  readonly replay: SharedReplay<UserId>;
  /** The call state of §8.2, shared by every process. */
  readonly callStore: SharedCallStore;

  constructor(
    private readonly core: ServerCore<UserId>,
    readonly adapter: ClusterAdapter,
    private readonly close: (conn: Connection<UserId>) => void,
  ) {
    this.replay = new SharedReplay(core, adapter);
    const l = core.options.limits;
    this.callStore = new SharedCallStore(adapter.records, { requestTtlMs: l.callRequestTtlMs, offlineGraceMs: l.callOfflineGraceMs, maxPendingPerCaller: l.maxPendingCallRequestsPerUser });
  }

  get processId(): string {
    return this.adapter.processId;
  }

  /** Connect the adapter; rejects with its clear error when Redis is unreachable. */
  start(): Promise<void> {
    return this.adapter.start({
      onMessage: (message) => this.receive(message),
      onResync: () => void this.resync(),
      log: (level, message) => this.core.log(level, message),
    });
  }

  /** A local connection configured, logged in or out: update what others see. */
  connectionChanged(conn: Connection<UserId>): void {
    this.adapter.setConnection(conn.id, connectionMeta(conn as Connection<unknown>));
  }

  /** A local connection configured `clientId`: sockets of that id on other processes are older. */
  claimClient(conn: Connection<UserId>): void {
    const at = Date.now();
    this.configuredAt.set(conn, at);
    this.connectionChanged(conn);
    this.adapter.publish('all', { type: 'client', from: this.processId, clientId: conn.clientId!, at });
  }

  connectionClosed(conn: Connection<UserId>): void {
    this.adapter.setConnection(conn.id, undefined);
  }

  attached(stream: StreamRegistration<UserId>): void {
    const key = streamKey(stream as StreamRegistration<unknown>);
    this.streams.set(key, stream);
    this.adapter.setListener(stream.route.name, key, listenerMeta(stream as StreamRegistration<unknown>));
  }

  detached(stream: StreamRegistration<UserId>): void {
    const key = streamKey(stream as StreamRegistration<unknown>);
    if (this.streams.get(key) !== stream) return;
    this.streams.delete(key);
    this.adapter.setListener(stream.route.name, key, undefined);
  }

  /** The remote half of `route.notifyChanges(options)`. */
  notifyPeers(route: ReadRoute<UserId>, options: NotifyChangesOptions<UserId, unknown>): Promise<void> {
    const warn = (message: string, error: unknown): void => this.core.warn(message, error);
    return notifyPeers(this.adapter, route, options, warn).catch((error: unknown) => warn(`notifyChanges of "${route.name}" failed on the way to other processes`, error));
  }

  private receive(message: ClusterMessage): void {
    if (message.type === 'client') return this.onClaim(message.clientId, message.at, message.from);
    const route = this.core.readRoutes.get(message.route);
    if (!route) return;
    if (message.type === 'notify' && message.keys === undefined) return void this.visitAll(route);
    if (message.type === 'notify') {
      for (const key of message.keys ?? []) {
        const stream = this.streams.get(key);
        if (stream && stream.route === route) visitStream(route, stream);
      }
      return;
    }
    if (message.type === 'listener') return this.onListenerMessage(route, message);
    if (!Array.isArray(message.items)) return;
    for (const [key, value] of message.items) {
      const stream = this.streams.get(key);
      if (stream && stream.route === route) visitStream(route, stream, { value });
    }
  }

  /**
   * Handles of the started streams of `route` on every process: local ones as `route.listeners()`
   * gives them, remote ones from the shared metadata, whose `push` and `stop` travel to their
   * process. What the call routes use to reach a user wherever their connections are.
   */
  async listenersEverywhere(route: ReadRoute<UserId>): Promise<ListenerHandle<UserId>[]> {
    const local = route.listeners();
    const peers = await this.adapter.peerListeners(route.name);
    const from = this.processId;
    for (const peer of peers) {
      for (const { key, meta, connection } of peer.listeners) {
        if (!meta.started || !connection) continue;
        const send = (body: { push?: { entity: unknown }; stop?: boolean }): void =>
          this.adapter.publish(peer.processId, { type: 'listener', from, route: route.name, key, ...body });
        local.push({
          listenId: meta.listenId,
          connectionId: meta.connectionId,
          clientId: meta.clientId ?? connection.clientId ?? '',
          userId: (connection.authenticated ? connection.userId : undefined) as UserId | undefined,
          claims: connection.authenticated ? connection.claims : undefined,
          params: meta.params ?? {},
          locals: meta.locals ?? {},
          active: true,
          push: (entity) => send({ push: { entity } }),
          stop: () => send({ stop: true }),
        });
      }
    }
    return local;
  }

  private onListenerMessage(route: ReadRoute<UserId>, message: Extract<ClusterMessage, { type: 'listener' }>): void {
    const stream = this.streams.get(message.key);
    if (!stream || stream.route !== route || !route.isLive(stream)) return;
    // What the stream's own ListenerHandle would do (readRoute.ts).
    if (message.push) route.push(stream, message.push.entity);
    if (message.stop) {
      stream.connection.sendStop(stopFrame(stream.listenId));
      route.detach(stream, 'server');
    }
  }

  /** A broadcast notify: every local listener of `route`, as a local `notifyChanges()` without options would (never re-broadcast). */
  private async visitAll(route: ReadRoute<UserId>): Promise<void> {
    await this.core.holdOff();
    const batch = Math.max(1, this.core.options.notifyBatchSize);
    let visited = 0;
    for (const stream of [...route.streams]) {
      if (++visited % batch === 0) await new Promise<void>((resolve) => setImmediate(resolve));
      visitStream(route, stream);
    }
  }

  private onClaim(clientId: string, at: number, from: string): void {
    const record = this.core.records.get(clientId);
    if (!record) return;
    for (const conn of [...record.connections]) {
      if ((this.configuredAt.get(conn) ?? 0) > at) continue; // this one is the newer
      this.core.log('debug', `client id reconnected on process ${from}: closing this older socket`, conn.id);
      conn.socket.close(CloseCode.replaced, 'client id reconnected on another server process');
      this.close(conn);
    }
  }

  /** After Redis lost or missed state: register everything again and re-read every stream. */
  private async resync(): Promise<void> {
    for (const conn of this.core.connections) if (conn.configured) this.connectionChanged(conn);
    const batch = Math.max(1, this.core.options.notifyBatchSize);
    let visited = 0;
    this.core.log('warn', `cluster: re-registering ${this.core.connections.size} connection(s) and re-reading ${this.streams.size} stream(s)`);
    for (const stream of [...this.streams.values()]) {
      this.adapter.setListener(stream.route.name, streamKey(stream as StreamRegistration<unknown>), listenerMeta(stream as StreamRegistration<unknown>));
      if (++visited % batch === 0) await new Promise<void>((resolve) => setImmediate(resolve));
      visitStream(stream.route, stream);
    }
  }
}
