/**
 * PingPong (askless-protocol.md §3.2): reply `pong`, stop streams the client no longer lists,
 * restart listed streams the server does not hold (how streams survive reconnects, §7.4).
 * 2.0.3 crashes on a ping without a list or naming an unknown route (Q1); here such input is
 * logged and skipped.
 */
import type { Connection } from './connection.js';
import type { ServerCore } from './core.js';
import { responseFrame } from './frames.js';
import { startStream } from './requests.js';
import { MAX_ID_LENGTH } from './limits.js';
import type { RouteParams } from './types.js';

/**
 * Handle one ping frame.
 * @example
 * handlePing(core, connection, { _class_type_pingpong: '_', listeningToRoutes: [] });
 */
export function handlePing<UserId>(core: ServerCore<UserId>, conn: Connection<UserId>, frame: Record<string, unknown>): void {
  if (!conn.configured) return; // as in 2.0.3: no pong before CONFIGURE_CONNECTION
  conn.sendNow('pong');
  const list = frame['listeningToRoutes'];
  if (!Array.isArray(list)) {
    core.log('warn', 'ping without a listeningToRoutes array: streams left unchanged', conn.id);
    return;
  }
  const listed = new Map<string, Record<string, unknown>>();
  for (const entry of list) {
    const listenId = (entry as { listenId?: unknown } | null)?.listenId;
    if (typeof listenId === 'string' && listenId.length <= MAX_ID_LENGTH) {
      listed.set((entry as { listenId: string }).listenId, entry as Record<string, unknown>);
    }
  }
  // §3.2 step 3, exactly as 2.0.3: every registered stream the ping omits is stopped, including
  // one whose LISTEN the handler has not answered yet (registered on arrival, Q13). A client must
  // list a stream from the moment it sends the LISTEN; ours does (test/integration/ping-race).
  conn.stopStreams('client', (stream) => !listed.has(stream.listenId));
  for (const listenId of conn.serverStopped.keys()) if (!listed.has(listenId)) conn.serverStopped.delete(listenId);
  const now = Date.now();
  for (const [listenId, entry] of listed) {
    if (conn.streams.has(listenId)) continue;
    // Listed only because the ping left before our StopListening arrived: do not resurrect it.
    if (conn.isServerStopped(listenId, now)) continue;
    const { route: routeName, clientRequestId } = entry;
    const params = entry['params'];
    if (typeof routeName !== 'string' || typeof clientRequestId !== 'string' || clientRequestId === '' || clientRequestId.length > MAX_ID_LENGTH) {
      core.log('warn', `ping entry ${listenId} lacks route or clientRequestId: not restarted`, conn.id);
      continue;
    }
    if (params !== undefined && params !== null && (typeof params !== 'object' || Array.isArray(params))) {
      core.log('warn', `ping entry ${listenId} has ill-typed params: not restarted`, conn.id);
      continue;
    }
    const route = core.readRoutes.get(routeName);
    if (!route) {
      core.log('warn', `ping names unknown read route "${routeName}": not restarted`, conn.id);
      continue;
    }
    // Restart: no confirm and no replay record (2.0.3 §3.2), answered with the entry's id.
    // The stream's conflation (asklessReact extension) survives the restart.
    const conflate = (entry['asklessReact'] as { conflate?: unknown } | null | undefined)?.conflate === true;
    startStream(core, conn, route, { clientRequestId, route: routeName, listenId, params: (params ?? {}) as RouteParams, ...(conflate ? { conflate } : {}) })
      .then((answer) => {
        conn.sendQueued(responseFrame(answer.body), answer.onConfirmed);
        answer.after?.();
      })
      .catch((error: unknown) => core.warn('stream restart failed', error, conn.id));
  }
}
