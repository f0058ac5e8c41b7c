/**
 * Streams across processes. `notifyChanges` on one process reaches the listeners of every
 * process:
 * - without `where` and `handleReadOverride`: one broadcast, and each process runs its own
 *   listeners' `handleRead` (with their params, on the process that holds them);
 * - with `where`: the notifying process evaluates the closure against every listener of the
 *   route on the other processes (their userId, claims, params and locals come from Redis) and
 *   tells each owning process which of its listeners to refresh; the owner runs `handleRead`;
 * - with `handleReadOverride` (a closure over the change, which cannot travel): the notifying
 *   process runs it for each remote listener with that listener's context and ships the entity;
 *   the owner pushes it through `toOutput`, and `onReceived` runs there on confirm. Such entities
 *   must be JSON.
 */
import { STREAM_CONTROLS } from '../request-controls.js';
import type { Connection } from '../connection.js';
import type { ReadRoute, NotifyChangesOptions, StreamRegistration } from '../readRoute.js';
import type { ListenContext } from '../types.js';
import type { ClusterAdapter, ConnectionMeta, ListenerMeta, PeerListeners } from './types.js';

/** JSON-safe copy of `locals` (they may hold anything; only JSON crosses processes). */
export function jsonSafe(value: Record<string, unknown>): Record<string, unknown> {
  try {
    return JSON.parse(JSON.stringify(value ?? {})) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/**
 * Metadata other processes see for a local connection.
 * @example
 * cluster.setConnection(conn.id, connectionMeta(conn));
 */
export function connectionMeta(conn: Connection<unknown>): ConnectionMeta {
  const authenticated = conn.isAuthenticated;
  return authenticated
    ? { authenticated, userId: conn.userId, claims: conn.claims ?? [], locals: jsonSafe(conn.locals), ...(conn.clientId ? { clientId: conn.clientId } : {}) }
    : { authenticated, locals: {}, ...(conn.clientId ? { clientId: conn.clientId } : {}) };
}

/** Key of a local stream in Redis and in messages: connection id + listenId. */
export const streamKey = (stream: StreamRegistration<unknown>): string => `${stream.connection.id} ${stream.listenId}`;

/**
 * Metadata other processes see for a local stream.
 * @example
 * cluster.setListener('messages', streamKey(stream), listenerMeta(stream));
 */
export function listenerMeta(stream: StreamRegistration<unknown>): ListenerMeta {
  return {
    connectionId: stream.connection.id,
    listenId: stream.listenId,
    params: stream.params,
    locals: jsonSafe(stream.locals),
    started: stream.started,
    ...(stream.connection.clientId !== undefined ? { clientId: stream.connection.clientId } : {}),
  };
}

/** The context a remote listener would get on its own process. */
function remoteContext(route: ReadRoute<any>, listener: PeerListeners['listeners'][number]): ListenContext<any> | undefined {
  const conn = listener.connection;
  if (route.authOnly && !conn?.authenticated) return undefined;
  return {
    params: listener.meta.params ?? {},
    locals: { ...(listener.meta.locals ?? {}) },
    userId: conn?.authenticated ? conn.userId : undefined,
    claims: conn?.authenticated ? conn.claims : undefined,
    connectionId: listener.meta.connectionId,
    clientId: listener.meta.clientId ?? conn?.clientId ?? '',
    listenId: listener.meta.listenId,
  };
}

/**
 * The remote half of one `notifyChanges`.
 * @example
 * await notifyPeers(cluster, route, { where: (ctx) => ctx.userId === 7 }, warn);
 */
export async function notifyPeers(
  cluster: ClusterAdapter,
  route: ReadRoute<any>,
  options: NotifyChangesOptions<any, any>,
  warn: (message: string, error: unknown) => void,
): Promise<void> {
  const from = cluster.processId;
  if (!options.where && !options.handleReadOverride && options.excludeClientId === undefined) return cluster.publish('all', { type: 'notify', from, route: route.name });
  let peers: PeerListeners[];
  try {
    peers = await cluster.peerListeners(route.name);
  } catch (error) {
    return warn(`notifyChanges of "${route.name}" could not read the other processes' listeners`, error);
  }
  for (const peer of peers) {
    const keys: string[] = [];
    const batch: [string, unknown][] = [];
    let sent = false;
    const ship = (items: [string, unknown][]): void => {
      try {
        cluster.publish(peer.processId, { type: 'push', from, route: route.name, items });
      } catch (error) {
        warn(`a push of "${route.name}" to another process is not JSON; skipped`, error);
      }
    };
    for (const listener of peer.listeners) {
      const ctx = remoteContext(route, listener);
      if (!ctx) continue;
      if (options.excludeClientId !== undefined && ctx.clientId === options.excludeClientId) continue;
      if (options.where) {
        try {
          const result = options.where(ctx);
          if (!(typeof result === 'boolean' ? result : await result)) continue;
        } catch (error) {
          warn(`notifyChanges where() of "${route.name}" threw`, error);
          continue;
        }
      }
      const override = options.handleReadOverride;
      if (!override) {
        keys.push(listener.key);
        continue;
      }
      let settled = false;
      const report = (error: unknown): void => warn(`handleReadOverride of "${route.name}" threw`, error);
      try {
        const result = override({
          ...ctx,
          ...STREAM_CONTROLS,
          successCallback: (entity) => {
            if (settled) return;
            settled = true;
            // Answers given during this loop travel in one message; later ones alone.
            if (sent) ship([[listener.key, entity]]);
            else batch.push([listener.key, entity]);
          },
          errorCallback: () => void (settled = true),
        });
        if (result && typeof (result as Promise<void>).catch === 'function') (result as Promise<void>).catch(report);
      } catch (error) {
        report(error);
      }
    }
    sent = true;
    if (keys.length > 0) cluster.publish(peer.processId, { type: 'notify', from, route: route.name, keys });
    if (batch.length > 0) ship(batch);
  }
}

/**
 * What the owning process does for one remote `notify` / `push` naming its stream: the same as
 * a local `notifyChanges` visit (a stream whose first read is still running reads again once
 * started, so no change is lost).
 * @example
 * visitStream(route, stream); // handleRead, then a push
 */
export function visitStream(route: ReadRoute<any>, stream: StreamRegistration<any>, entity?: { value: unknown }): void {
  if (!route.isLive(stream)) return;
  if (route.authOnly && !stream.connection.isAuthenticated) return;
  if (!stream.started) {
    stream.refreshAfterStart = true;
    return;
  }
  if (entity) route.push(stream, entity.value);
  else route.refresh(stream);
}
