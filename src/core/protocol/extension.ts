/**
 * The askless-react protocol extension ("resume"), agreed between our client core and our server.
 *
 * Askless 2.0.3 loses or duplicates work across reconnects (askless-protocol.md §4.3, Q2–Q5):
 * so against an unknown server our client uses a fresh `clientIdInternalApp` per connection and
 * fails confirmed-but-unanswered writes with `OUTCOME_UNKNOWN` instead of running them twice.
 *
 * Our server advertises more, in an extra field of the ConnectionConfiguration, which Flutter
 * 3.1.0 and Askless 2.0.3 ignore (they never read unknown fields):
 *
 * ```json
 * "connectionConfiguration": { ...the 2.0.3 fields...,
 *   "asklessReact": { "version": 1, "stableClientId": true, "replayDuplicateRequests": true,
 *                     "replayWindowMs": 600000 } }
 * ```
 *
 * When a connection's configuration carries `asklessReact.version >= 1` with both flags true:
 * - the client keeps its `clientIdInternalApp` for the next reconnects (the server keys state by
 *   socket, so a late close of an old socket never deafens the new one, Q3/Q4);
 * - after reconnecting (and re-authenticating), the client resends **every** request still
 *   without a response, confirmed or not, with its **original** `clientRequestId`;
 * - the server remembers each (clientIdInternalApp, clientRequestId) it processed for
 *   `replayWindowMs` (bounded per client) and answers a repeat with a ServerConfirmReceipt and a
 *   copy of the original Response (new `serverId`, same `output`/`error`) without running the
 *   handler again; a repeat that arrives while the handler still runs is answered once it ends.
 *   A write therefore runs exactly once and its caller always learns the outcome.
 *
 * The client announces itself in CONFIGURE_CONNECTION with an extra `asklessReact` field
 * (ignored by 2.0.3). The server's behaviour does not depend on it; it is informative (logs,
 * metrics).
 *
 * Throughput flags (issue 20), each optional and only used when the server advertises it:
 * - `uniqueServerIds`: the server never reuses a `serverId` for another message, so the client
 *   recognises copies by `serverId` alone (no hash of the frame text).
 * - `batchedConfirms`: a CONFIRM_RECEIPT may confirm more ids in the extra field
 *   `asklessReact: { serverIds: [...] }` (at most {@link MAX_BATCHED_CONFIRMS}); `serverId`
 *   still carries the first, so the frame stays a valid 2.0.3 confirm. Our client then confirms
 *   pushes in batches, shortly after delivery, instead of one frame per push.
 * - `markedResends`: every frame the server sends again (its periodic resend of what is still
 *   unconfirmed) carries the extra field `asklessReact: { resent: true }`, for clients that said
 *   hello in CONFIGURE_CONNECTION (a Flutter peer gets 2.0.3's copies, unchanged). A frame
 *   without it is sent for the first time, so our client delivers such a push before it looks
 *   its `serverId` up among the ones it has seen, and records the id after the listeners ran:
 *   the look-up in a memory of thousands of ids is off the push's latency. A copy (marked)
 *   is looked up first, as against any other server.
 * - `conflate`: a LISTEN with the extra field `asklessReact: { conflate: true }` asks the server
 *   to keep at most one push of that stream unconfirmed: newer values wait, and only the latest
 *   is sent when the client confirms (a stream value is state; intermediate values may be
 *   skipped, never reordered).
 *
 * Progress and cancel (advertised as `progress: true`, `cancel: true`; used only when advertised):
 * - a READ / CREATE / UPDATE / DELETE whose caller passed `onProgress` carries an extra
 *   `"asklessReact": { "progress": true }`; for it alone the server sends, before the Response,
 *   frames `{"asklessReact":{"progress":{"clientRequestId":"REQ-_1","value":...}}}` (no Askless
 *   marker, no `serverId`: best effort, never confirmed nor resent, never replayed). A Flutter
 *   client never asks, so it receives only the final answer, as from 2.0.3;
 * - aborting a sent request sends `{"asklessReact":{"cancel":{"clientRequestId":"REQ-_1"}}}`;
 *   the server aborts that handler's `ctx.signal` if the same client id's request still runs.
 *   The Response still comes (the handler decides), which tells the client whether a canceled
 *   write ran.
 */

/** Sent by our client in CONFIGURE_CONNECTION (extra field `asklessReact`). */
export interface ClientExtensionHello {
  version: 1;
  /** Library name and version, for server logs. */
  client: string;
}

/** Advertised by our server in `connectionConfiguration.asklessReact`. */
export interface ServerExtension {
  version: number;
  /** The client may keep its `clientIdInternalApp` across reconnects. */
  stableClientId: boolean;
  /** A repeated `clientRequestId` is answered again with the original response. */
  replayDuplicateRequests: boolean;
  /** How long processed request ids are remembered, in ms. */
  replayWindowMs: number;
  /**
   * Random per server process (added by the server area). The replay memory lives in that
   * process only: when a reconnect lands on a different `instanceId` (the server restarted), a
   * confirmed-but-unanswered write may have run already and its answer is gone, so the client
   * should treat it as after a 2.0.3 reconnect (OUTCOME_UNKNOWN) instead of resending it.
   * Absent from servers that predate it.
   */
  instanceId?: string;
  /** `serverId`s are never reused for another message (copies are recognised by id alone). */
  uniqueServerIds?: boolean;
  /** CONFIRM_RECEIPT accepts `asklessReact.serverIds` (see file comment). */
  batchedConfirms?: boolean;
  /** Resent frames carry `asklessReact: { resent: true }`; unmarked ones are first sends (see file comment). */
  markedResends?: boolean;
  /** LISTEN accepts `asklessReact.conflate` (see file comment). */
  conflate?: boolean;
  /** Progress frames for requests that ask for them (see file comment). Absent from older servers. */
  progress?: boolean;
  /** Cancel frames abort the handler's `ctx.signal` (see file comment). Absent from older servers. */
  cancel?: boolean;
}

/**
 * The most ids one batched CONFIRM_RECEIPT carries beyond its `serverId` (servers ignore more).
 * @example
 * const extra = pending.slice(1, 1 + MAX_BATCHED_CONFIRMS);
 */
export const MAX_BATCHED_CONFIRMS = 256;

/**
 * The flags of the extension the client acts on, from a configuration's `asklessReact` field
 * (anything malformed counts as absent).
 * @example
 * extensionFlags(config.asklessReact).batchedConfirms; // true against our server
 */
export function extensionFlags(ext: unknown): { uniqueServerIds: boolean; batchedConfirms: boolean; conflate: boolean; markedResends: boolean } {
  const e = (typeof ext === 'object' && ext !== null ? ext : {}) as Partial<ServerExtension>;
  const v1 = typeof e.version === 'number' && e.version >= EXTENSION_VERSION;
  return {
    uniqueServerIds: v1 && e.uniqueServerIds === true,
    batchedConfirms: v1 && e.batchedConfirms === true,
    conflate: v1 && e.conflate === true,
    // Only meaningful with unique ids: an unmarked frame is then new by the server's word.
    markedResends: v1 && e.uniqueServerIds === true && e.markedResends === true,
  };
}

/**
 * The ConnectionConfiguration field that carries the extension (2.0.3 clients ignore it).
 * @example
 * const ext = configuration[EXTENSION_FIELD];
 */
export const EXTENSION_FIELD = 'asklessReact';

const RESENT_PREFIX = `{"${EXTENSION_FIELD}":{"resent":true},`;

/**
 * The text a server with `markedResends` sends again in place of `text` (a JSON object with at
 * least one field, as every Askless frame is): the same frame with `asklessReact: { resent: true }`.
 * @example
 * markResent('{"serverId":"NEW-1"}'); // '{"asklessReact":{"resent":true},"serverId":"NEW-1"}'
 */
export function markResent(text: string): string {
  return RESENT_PREFIX + text.slice(1);
}

/**
 * The text a marked copy was made from ({@link markResent} undone; other texts unchanged): a
 * client that tells copies apart by their text (against servers without unique ids) must see a
 * marked copy as the same message.
 * @example
 * unmarkResent(markResent(text)) === text; // true
 */
export function unmarkResent(text: string): string {
  return text.startsWith(RESENT_PREFIX) ? `{${text.slice(RESENT_PREFIX.length)}` : text;
}

/**
 * True when a CONFIGURE_CONNECTION's `asklessReact` field is our client's hello (version 1 or later).
 * @example
 * if (saysHello(frame.asklessReact)) conn.marksResends = true;
 */
export function saysHello(field: unknown): boolean {
  const version = typeof field === 'object' && field !== null ? (field as { version?: unknown }).version : undefined;
  return typeof version === 'number' && version >= EXTENSION_VERSION;
}

/**
 * The extension version this code speaks and advertises.
 * @example
 * if (ext.version >= EXTENSION_VERSION) useResume();
 */
export const EXTENSION_VERSION = 1;

/** True when the server advertises the full resume extension (see file comment). */
export function supportsResume(ext: unknown): ext is ServerExtension {
  if (typeof ext !== 'object' || ext === null) return false;
  const e = ext as Partial<ServerExtension>;
  return (
    typeof e.version === 'number' &&
    e.version >= EXTENSION_VERSION &&
    e.stableClientId === true &&
    e.replayDuplicateRequests === true
  );
}

/**
 * The extra field of a request whose caller wants progress frames.
 * @example
 * const frame = { ...encodeRead(id, 'report', null), ...PROGRESS_REQUEST };
 */
export const PROGRESS_REQUEST = { [EXTENSION_FIELD]: { progress: true } } as const;

/**
 * `request` with the progress extension field when `enabled` (the server advertises progress).
 * @example
 * const frame = withProgress(encodeRead(id, 'report', null), config.asklessReact?.progress === true);
 */
export function withProgress<T extends object>(request: T, enabled: boolean): T {
  return enabled ? { ...request, ...PROGRESS_REQUEST } : request;
}

/** True when a request frame asks for progress frames. */
export function wantsProgress(frame: Record<string, unknown>): boolean {
  const ext = frame[EXTENSION_FIELD];
  return typeof ext === 'object' && ext !== null && (ext as { progress?: unknown }).progress === true;
}

/**
 * A progress frame (server → client) for `clientRequestId`.
 * @example
 * conn.sendNow(progressFrame('REQ-_1', { done: 2, of: 3 }));
 */
export function progressFrame(clientRequestId: string, value: unknown): object {
  return { [EXTENSION_FIELD]: { progress: { clientRequestId, value: value === undefined ? null : value } } };
}

/**
 * A cancel frame (client → server) for `clientRequestId`.
 * @example
 * socket.send(JSON.stringify(cancelFrame('REQ-_1')));
 */
export function cancelFrame(clientRequestId: string): object {
  return { [EXTENSION_FIELD]: { cancel: { clientRequestId } } };
}

const member = (frame: Record<string, unknown>, name: string): Record<string, unknown> | undefined => {
  const ext = frame[EXTENSION_FIELD];
  if (typeof ext !== 'object' || ext === null) return undefined;
  const value = (ext as Record<string, unknown>)[name];
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
};

/**
 * The request id of a cancel frame, or undefined if `frame` is not a well-formed one.
 * @example
 * readCancelFrame({ asklessReact: { cancel: { clientRequestId: 'REQ-_1' } } }); // 'REQ-_1'
 */
export function readCancelFrame(frame: Record<string, unknown>): string | undefined {
  const id = member(frame, 'cancel')?.['clientRequestId'];
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/**
 * `{ clientRequestId, value }` of a progress frame, or undefined if `frame` is not a well-formed one.
 * @example
 * readProgressFrame({ asklessReact: { progress: { clientRequestId: 'REQ-_1', value: 1 } } });
 */
export function readProgressFrame(frame: Record<string, unknown>): { clientRequestId: string; value: unknown } | undefined {
  const progress = member(frame, 'progress');
  const id = progress?.['clientRequestId'];
  return typeof id === 'string' && id !== '' ? { clientRequestId: id, value: progress!['value'] } : undefined;
}
