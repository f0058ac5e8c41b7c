/**
 * The one interface for everything that crosses server processes, in the manner of Socket.IO's
 * adapters: stream fan-out and the listener metadata it needs, presence (which process holds a
 * connection and who is logged in on it), client identity, and shared records with a lifetime
 * (replay records today; call state, group-call membership and file-transfer state can use the
 * same records later). The server talks only to this interface; {@link MemoryCluster} (the
 * default: one process, nothing shared, today's behaviour) and `RedisCluster` (`cluster:
 * { redisUrl }`) implement it.
 */
import type { RouteParams } from '../types.js';

/**
 * `init({ cluster })`: run several server processes as one Askless server over Redis.
 * @example
 * server.init({ cluster: { redisUrl: 'redis://127.0.0.1:6379' } });
 */
export interface ClusterOptions {
  /** `redis://[:password@]host:port[/db]`. The password is never logged. */
  redisUrl: string;
  /** Prefix of every Redis key and channel, so several clusters can share one Redis. Default `askless`. */
  keyPrefix?: string;
  /** How often a process says it is alive; it counts as gone after 3 periods of silence. Default 1000. */
  heartbeatMs?: number;
}

/**
 * A connection as other processes see it (what `where` closures and call routing read).
 * @example
 * const meta: ConnectionMeta = { authenticated: true, userId: 7, claims: ['user'], locals: {} };
 */
export interface ConnectionMeta {
  authenticated: boolean;
  userId?: unknown;
  claims?: string[];
  /** The login's `locals` when they serialise to JSON, else `{}`. */
  locals: Record<string, unknown>;
  clientId?: string;
}

/**
 * A stream as other processes see it.
 * @example
 * const meta: ListenerMeta = { connectionId: 'p3f9-c2', listenId: 'LIS-1', params: { room: 'a' } };
 */
export interface ListenerMeta {
  connectionId: string;
  listenId: string;
  params: RouteParams;
  /** Its LISTEN was answered (a `route.listeners()` handle exists for it on its process). */
  started?: boolean;
  /** The stream's copy of the login `locals` (JSON-safe). */
  locals?: Record<string, unknown>;
  /** The listener's Askless client id (`ctx.clientId`, `notifyChanges({ excludeClientId })`). */
  clientId?: string;
}

/**
 * The listeners of one route held by one other (live) process, with their connections.
 * @example
 * for (const { processId, listeners } of await cluster.peerListeners('messages')) console.log(processId, listeners.length);
 */
export interface PeerListeners {
  processId: string;
  listeners: { key: string; meta: ListenerMeta; connection: ConnectionMeta | undefined }[];
}

/**
 * What one process tells others. `notify`: run the route's read for these listener keys (all of
 * that process's listeners when `keys` is absent); `push`: push these entities as they are (a
 * `handleReadOverride` already ran on the notifying process); `client`: a client id configured a
 * socket on process `from` at time `at`, so older sockets of that id elsewhere are closed;
 * `listener`: what a {@link ListenerHandle} of a remote stream does (push an entity as is, or stop).
 * @example
 * cluster.publish('all', { type: 'notify', from: cluster.processId, route: 'products' });
 */
export type ClusterMessage =
  | { type: 'notify'; from: string; route: string; keys?: string[] }
  | { type: 'push'; from: string; route: string; items: [key: string, entity: unknown][] }
  | { type: 'client'; from: string; clientId: string; at: number }
  | { type: 'listener'; from: string; route: string; key: string; push?: { entity: unknown }; stop?: boolean };

/**
 * What an adapter calls back into the server.
 * @example
 * await cluster.start({ onMessage: (m) => node.receive(m), onResync: () => node.resync(), log: (l, m) => core.log(l, m) });
 */
export interface ClusterHooks {
  onMessage(message: ClusterMessage): void;
  /** Shared state was lost or missed (Redis restarted): re-register local state and re-read streams. */
  onResync(): void;
  log(level: 'info' | 'warn' | 'error', message: string): void;
}

/**
 * Keyed records with a lifetime, shared by every process: values are JSON strings.
 * @example
 * if (await records.set('replay:REQ-1', json, 60_000, { onlyIfAbsent: true })) runTheWrite();
 */
export interface SharedRecords {
  get(key: string): Promise<string | undefined>;
  /** Store `value` for `ttlMs`; with `onlyIfAbsent`, only when the key is free. True when stored. */
  set(key: string, value: string, ttlMs: number, options?: { onlyIfAbsent?: boolean }): Promise<boolean>;
  delete(key: string): Promise<void>;
  /**
   * Read-modify-write, atomic across processes: `change` gets the current value (undefined when
   * absent) and returns the new one (undefined deletes), kept for `ttlMs`. Resolves with it.
   */
  update(key: string, change: (current: string | undefined) => string | undefined, ttlMs: number): Promise<string | undefined>;
}

/**
 * The cross-process layer of one server process.
 * @example
 * const cluster: ClusterAdapter = new MemoryCluster();
 * await cluster.start(hooks);
 */
export interface ClusterAdapter {
  /** False for the in-memory adapter: the server then skips every cross-process step. */
  readonly distributed: boolean;
  /** This process, unique in the cluster. */
  readonly processId: string;
  /**
   * Identity of the replay memory, advertised to clients as `instanceId`: one per process in
   * memory, one per cluster (until Redis loses its data) with Redis.
   */
  readonly instanceId: string;
  /** Connect (Redis: rejects with a clear error when unreachable). */
  start(hooks: ClusterHooks): Promise<void>;
  /** Forget this process's shared state and disconnect. Safe to call twice. */
  stop(): Promise<void>;
  /** Send to every other process (`all`) or to one. Fire-and-forget: failures are logged. */
  publish(to: 'all' | string, message: ClusterMessage): void;
  setConnection(connectionId: string, meta: ConnectionMeta | undefined): void;
  setListener(route: string, key: string, meta: ListenerMeta | undefined): void;
  /** The listeners of `route` on every other live process. */
  peerListeners(route: string): Promise<PeerListeners[]>;
  /** Whether process `processId` is alive (its heartbeat is fresh). */
  isAlive(processId: string): Promise<boolean>;
  /** The connections of every other live process (presence: who is logged in where). */
  peerConnections(): Promise<ConnectionMeta[]>;
  readonly records: SharedRecords;
}
