/**
 * Progressive results and cancelation for READ / CREATE / UPDATE / DELETE (the askless-react
 * extension, see core/protocol/extension.ts "progress and cancel").
 *
 * A request that carries `asklessReact: { progress: true }` gets every `ctx.progress(value)` as
 * a progress frame before its answer; any other request (a Flutter client, a plain 2.0.3-style
 * frame) gets nothing but its answer, as today. A cancel frame from the same client id aborts
 * the running handler's `ctx.signal`. The answer itself is unchanged: the handler decides
 * whether to stop (errorCallback) or to finish, and the client learns which from that answer.
 */
import { EXTENSION_FIELD, progressFrame, readCancelFrame } from '../core/protocol/extension.js';
import type { Connection } from './connection.js';
import type { ClientRecord } from './clientRecord.js';
import type { ServerCore } from './core.js';
import { MAX_ID_LENGTH } from './limits.js';

/**
 * What a request handler gets besides the 2.0.3 context.
 * @example
 * handleRead: async (ctx) => { ctx.progress({ done: 1, of: 3 }); if (ctx.signal.aborted) return ctx.errorCallback({ code: 'ABORTED' }); }
 */
export interface RequestControls {
  /** Aborts when the client cancels this request (askless-react clients only). Never aborts for streams. */
  signal: AbortSignal;
  /**
   * Send an intermediate result before the answer; the client's `onProgress` receives it.
   * A no-op when the client did not ask for progress (Flutter) or once the handler answered.
   */
  progress(value: unknown): void;
}

/** Running requests per client id: the cancel may come on a newer socket of the same client id (resume). */
const running = new WeakMap<ClientRecord, Map<string, AbortController>>();

/** Streams and notifyChanges refreshes cannot be canceled or report progress. */
const NEVER = new AbortController().signal;

/**
 * The controls of a stream handler (LISTEN, refresh, notifyChanges): a signal that never aborts, no progress.
 * @example
 * route.definition.handleRead({ ...ctx, ...STREAM_CONTROLS, ...callbacks });
 */
export const STREAM_CONTROLS: RequestControls = { signal: NEVER, progress: () => undefined };

/**
 * Start tracking a request: returns its controls and `end()` (call once the handler answered).
 * @example
 * const { controls, end } = beginRequest(core, conn, record, req.clientRequestId, req.progress === true);
 */
export function beginRequest<UserId>(
  core: ServerCore<UserId>,
  conn: Connection<UserId>,
  record: ClientRecord,
  clientRequestId: string,
  wantsProgress: boolean,
): { controls: RequestControls; end: () => void } {
  const controller = new AbortController();
  let byId = running.get(record);
  if (!byId) running.set(record, (byId = new Map()));
  byId.set(clientRequestId, controller);
  let ended = false;
  const progress = (value: unknown): void => {
    if (!wantsProgress || ended) return;
    try {
      conn.sendNow(progressFrame(clientRequestId, value));
    } catch (error) {
      // A value that cannot be serialised (a BigInt, a cycle) is the app's bug: report, go on.
      core.warn('ctx.progress value could not be sent', error, conn.id);
    }
  };
  const end = (): void => {
    ended = true;
    if (byId.get(clientRequestId) === controller) byId.delete(clientRequestId);
    if (byId.size === 0) running.delete(record);
  };
  return { controls: { signal: controller.signal, progress }, end };
}

/**
 * True when `frame` is an extension-only frame (no Askless marker): it is handled here.
 * @example
 * if (isExtensionFrame(frame)) return handleExtensionFrame(core, conn, frame);
 */
export function isExtensionFrame(frame: Record<string, unknown>): boolean {
  const ext = frame[EXTENSION_FIELD];
  if (typeof ext !== 'object' || ext === null) return false;
  for (const key in frame) if (key.startsWith('_class_type_')) return false;
  return true;
}

/**
 * Handle an extension-only frame from a configured connection: today only a cancel. Unknown or
 * malformed ones are logged and dropped (never answered: there is no request to answer).
 * @example
 * handleExtensionFrame(core, conn, { asklessReact: { cancel: { clientRequestId: 'REQ-_1' } } });
 */
export function handleExtensionFrame<UserId>(core: ServerCore<UserId>, conn: Connection<UserId>, frame: Record<string, unknown>): void {
  const id = readCancelFrame(frame);
  if (id === undefined || id.length > MAX_ID_LENGTH) {
    core.log('warn', 'ignored a malformed askless-react extension frame', conn.id);
    return;
  }
  // Only the client id that made the request can cancel it (the id is this socket's, never one named in the frame).
  const record = conn.configured && conn.clientId !== undefined ? core.records.get(conn.clientId) : undefined;
  const controller = record && running.get(record)?.get(id);
  if (!controller) {
    core.log('debug', `cancel of ${id}: not running (already answered or unknown)`, conn.id);
    return;
  }
  core.log('debug', `cancel of ${id}: aborting its handler`, conn.id);
  controller.abort();
}
