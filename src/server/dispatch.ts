/**
 * Frame intake: decode, parse, validate and dispatch in 2.0.3's order (askless-protocol.md §1.3).
 * Every failure is contained here: bad input is logged (and answered where a `clientRequestId`
 * makes an answer addressable); nothing can throw out of a socket's message handler (Q1).
 */
import { ServerErrorCode } from '../core/errors.js';
import { Marker } from '../core/protocol/wire.js';
import { MAX_BATCHED_CONFIRMS } from '../core/protocol/extension.js';
import type { Connection } from './connection.js';
import type { ServerCore } from './core.js';
import { confirmFrame, errorFrame } from './frames.js';
import { tooDeepAt, leadingRequestId } from './depth.js';
import { MAX_ID_LENGTH } from './limits.js';
import { describeFrame } from './logger.js';
import { handlePing } from './ping.js';
import { handleRequest, type RequestFields } from './requests.js';
import { handleExtensionFrame, isExtensionFrame } from './request-controls.js';
import { wantsProgress } from '../core/protocol/extension.js';
import { reportRejection } from './runner.js';
import { handleAuthenticate, handleConfigure } from './session.js';
import type { ModifyKind, RouteParams } from './types.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

const has = (frame: Record<string, unknown>, marker: string): boolean => frame[marker] !== undefined && frame[marker] !== null;

/** Turn a raw `ws` message into text, or undefined for invalid UTF-8. */
function decode(data: unknown): string | undefined {
  try {
    if (typeof data === 'string') return data;
    if (Buffer.isBuffer(data)) return utf8.decode(data);
    if (Array.isArray(data)) return utf8.decode(Buffer.concat(data as Buffer[]));
    if (data instanceof ArrayBuffer) return utf8.decode(new Uint8Array(data));
  } catch {
    return undefined;
  }
  return undefined;
}

/**
 * Handle one inbound WebSocket message of `conn`.
 * @example
 * socket.on('message', (data) => handleMessage(core, conn, data));
 */
export function handleMessage<UserId>(core: ServerCore<UserId>, conn: Connection<UserId>, data: unknown): void {
  conn.lastInboundAt = Date.now();
  const text = decode(data);
  if (text === undefined) {
    core.log('warn', 'ignored a frame that is not valid UTF-8', conn.id);
    return;
  }
  const deepAt = tooDeepAt(text, core.options.limits.maxFrameDepth);
  if (deepAt >= 0) return refuseDeepFrame(core, conn, text, deepAt);
  let frame: unknown;
  try {
    frame = JSON.parse(text);
  } catch {
    core.log('warn', `ignored a non-JSON frame (${text.length} chars)`, conn.id);
    return;
  }
  if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) {
    core.log('warn', 'ignored a JSON frame that is not an object', conn.id);
    return;
  }
  core.tap('in', conn.id, frame);
  // Only describe the frame when it is logged: this runs for every confirm of every push.
  if (core.options.debugLogs) core.log('debug', `in: ${describeFrame(frame)}`, conn.id);
  try {
    dispatch(core, conn, frame as Record<string, unknown>);
  } catch (error) {
    core.warn('failed to handle a frame', error, conn.id);
  }
}

/** A frame nested too deep is never parsed: answered when its request id can be read, else its socket is closed (1008). */
function refuseDeepFrame<UserId>(core: ServerCore<UserId>, conn: Connection<UserId>, text: string, at: number): void {
  const max = core.options.limits.maxFrameDepth;
  const clientRequestId = leadingRequestId(text, at);
  if (clientRequestId === undefined || clientRequestId === '') {
    conn.onLimit('frameDepth', `a frame nested deeper than ${max} levels, without a readable clientRequestId`);
    return;
  }
  core.log('warn', `refused a frame nested deeper than ${max} levels (${text.length} chars)`, conn.id);
  conn.sendNow(confirmFrame(clientRequestId));
  conn.sendQueued(errorFrame(clientRequestId, ServerErrorCode.BAD_REQUEST, `the frame is nested deeper than ${max} levels`));
}

function dispatch<UserId>(core: ServerCore<UserId>, conn: Connection<UserId>, frame: Record<string, unknown>): void {
  if (has(frame, Marker.pingPong)) return handlePing(core, conn, frame);
  if (isExtensionFrame(frame)) return handleExtensionFrame(core, conn, frame);
  const clientRequestId = frame['clientRequestId'];
  if (typeof clientRequestId !== 'string' || clientRequestId === '' || clientRequestId.length > MAX_ID_LENGTH) {
    core.log('warn', `ignored a frame without a non-empty string clientRequestId of at most ${MAX_ID_LENGTH} chars`, conn.id);
    return;
  }
  if (has(frame, Marker.configureConnectionRequest)) return handleConfigure(core, conn, { ...frame, clientRequestId });
  if (!conn.configured) {
    // 2.0.3 cannot answer here; we can (the socket is known), so the client is not left hanging.
    if (has(frame, Marker.clientConfirmReceipt)) return;
    conn.sendNow(
      errorFrame(clientRequestId, ServerErrorCode.INTERNAL_ERROR, 'configure the connection first (CONFIGURE_CONNECTION)'),
    );
    return;
  }
  if (has(frame, Marker.authenticateRequest)) {
    void handleAuthenticate(core, conn, { ...frame, clientRequestId }).catch((error: unknown) => core.warn('authenticate failed', error, conn.id));
    return;
  }
  if (has(frame, Marker.clientConfirmReceipt)) return handleConfirms(core, conn, frame);
  const op = has(frame, Marker.read) ? 'READ' : has(frame, Marker.listen) ? 'LISTEN' : has(frame, Marker.modify) ? 'MODIFY' : undefined;
  if (!op) {
    // 2.0.3's answer, verbatim: no confirm, an INTERNAL_ERROR response.
    conn.sendQueued(
      errorFrame(clientRequestId, ServerErrorCode.INTERNAL_ERROR, 'Not class type requestAlreadyReceivedFromClientBefore to handle'),
    );
    return;
  }
  const problem = validate(frame, op);
  if (typeof problem === 'string') {
    conn.sendNow(confirmFrame(clientRequestId));
    conn.sendQueued(errorFrame(clientRequestId, ServerErrorCode.BAD_REQUEST, problem));
    return;
  }
  handleRequest(core, conn, problem.op, problem.req);
}

function validate(frame: Record<string, unknown>, op: 'READ' | 'LISTEN' | 'MODIFY'): string | { op: 'READ' | 'LISTEN' | ModifyKind; req: RequestFields } {
  const route = frame['route'];
  if (typeof route !== 'string' || route === '') return 'route must be a non-empty string';
  const params = frame['params'];
  if (params !== undefined && params !== null && (typeof params !== 'object' || Array.isArray(params))) return 'params must be an object or null';
  const req: RequestFields = { clientRequestId: frame['clientRequestId'] as string, route, params: (params ?? {}) as RouteParams };
  if (op !== 'LISTEN' && wantsProgress(frame)) req.progress = true;
  if (op === 'LISTEN') {
    const listenId = frame['listenId'];
    if (typeof listenId !== 'string' || listenId === '' || listenId.length > MAX_ID_LENGTH) return `listenId must be a non-empty string of at most ${MAX_ID_LENGTH} chars`;
    const conflate = (frame['asklessReact'] as { conflate?: unknown } | null | undefined)?.conflate === true;
    return { op, req: { ...req, listenId, ...(conflate ? { conflate } : {}) } };
  }
  if (op === 'MODIFY') {
    const kind = frame['requestType'];
    if (kind !== 'CREATE' && kind !== 'UPDATE' && kind !== 'DELETE') return 'requestType must be CREATE, UPDATE or DELETE';
    return { op: kind, req: { ...req, body: frame['body'] } };
  }
  return { op, req };
}

/** A CONFIRM_RECEIPT: its `serverId`, then the extension's batch (extension.ts, bounded). */
function handleConfirms<UserId>(core: ServerCore<UserId>, conn: Connection<UserId>, frame: Record<string, unknown>): void {
  handleConfirm(core, conn, frame['serverId']);
  const more = batchedServerIds(frame['asklessReact']);
  for (let i = 0; i < more.length && i < MAX_BATCHED_CONFIRMS; i++) handleConfirm(core, conn, more[i]);
}

function batchedServerIds(extension: unknown): unknown[] {
  if (typeof extension !== 'object' || extension === null) return [];
  const ids = (extension as { serverIds?: unknown }).serverIds;
  return Array.isArray(ids) ? ids : [];
}

function handleConfirm<UserId>(core: ServerCore<UserId>, conn: Connection<UserId>, serverId: unknown): void {
  if (typeof serverId !== 'string') return;
  const pending = conn.confirm(serverId);
  if (!pending?.onConfirmed) return;
  const report = (error: unknown): void => core.warn('onReceived threw', error, conn.id);
  try {
    // Typed `=> void`, but an async onReceived returns a promise: its rejection must not escape.
    reportRejection(pending.onConfirmed() as unknown, report);
  } catch (error) {
    report(error);
  }
}
