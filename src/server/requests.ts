/**
 * READ, CREATE/UPDATE/DELETE and LISTEN (askless-protocol.md §6, §7.1), each confirmed on
 * receipt. A repeated write `clientRequestId` is answered again with the original answer (a
 * fresh confirm + a copy of the response; once it finishes if still running; OUTCOME_UNKNOWN if
 * the answer was evicted) instead of 2.0.3's silence (§4.1): the resume extension's replay.
 */
import type { WireError } from '../core/protocol/wire.js';
import { ClientErrorCode, ServerErrorCode } from '../core/errors.js';
import type { Connection } from './connection.js';
import type { ModifyRoute, ServerCore } from './core.js';
import { confirmFrame, errorFrame, responseFrame, type ResponseBody } from './frames.js';
import { pushIdParts } from './push-text.js';
import { fingerprint, type ReplayEntry } from './replayCache.js';
import type { ReadRoute, StreamRegistration } from './readRoute.js';
import { beginRequest, STREAM_CONTROLS, type RequestControls } from './request-controls.js';
import { internalError, runHandler, shallowCopy } from './runner.js';
import type { BaseContext, ModifyKind, RouteParams } from './types.js';

/**
 * A validated READ / LISTEN / modify request.
 * @example
 * const req: RequestFields = { clientRequestId: 'REQ-_1', route: 'products', params: {} };
 */
export interface RequestFields {
  clientRequestId: string;
  route: string;
  params: RouteParams;
  body?: unknown;
  listenId?: string;
  /** LISTEN asked for conflation (asklessReact extension, `conflate`). */
  conflate?: boolean;
  /** The askless-react caller asked for progress frames (extension). */
  progress?: boolean;
}

type Answer = { body: ResponseBody; onConfirmed?: () => void; after?: () => void };

const authRequired = (op: string, route: string): WireError => ({
  code: ServerErrorCode.PENDING_AUTHENTICATION,
  description: `Could not perform the operation on (${op}) "${route}" because authentication is required`,
});

/**
 * Handle READ / LISTEN / CREATE / UPDATE / DELETE with confirm-on-receipt and replay.
 * @example
 * handleRequest(core, connection, 'READ', { clientRequestId: 'REQ-_1', route: 'products', params: {} });
 */
export function handleRequest<UserId>(
  core: ServerCore<UserId>,
  conn: Connection<UserId>,
  op: 'READ' | 'LISTEN' | ModifyKind,
  req: RequestFields,
): void {
  if (op === 'LISTEN' && repeatsHeldStream(conn, req)) return;
  // Only writes are remembered (issue 14): a READ or LISTEN can simply run again.
  const entry = op === 'READ' || op === 'LISTEN' ? undefined : rememberWrite(core, conn, op, req);
  if (entry === null) return;
  conn.sendNow(confirmFrame(req.clientRequestId));
  // In a cluster the write may have run on another process before a reconnect: the shared
  // records decide (cluster/replay.ts). Without a cluster nothing here is async.
  const shared = entry && core.node?.replay;
  if (!shared) return execute(core, conn, op, req, entry);
  shared
    .claim(conn, req.clientRequestId, entry.fingerprint)
    .then((claim) => (claim.run ? execute(core, conn, op, req, entry, claim.persist) : deliver(core, conn, entry, { body: claim.body })))
    .catch((error: unknown) => core.warn('shared write failed', error, conn.id));
}

/** Send an answer, to the asker and to local copies that waited for it. */
function deliver<UserId>(core: ServerCore<UserId>, conn: Connection<UserId>, entry: ReplayEntry<Connection<UserId>> | undefined, result: Answer): void {
  if (entry) core.replay.finish(entry, result.body);
  conn.sendQueued(responseFrame(result.body), result.onConfirmed);
  result.after?.();
  for (const waiter of entry?.waiters.splice(0) ?? []) waiter.sendQueued(responseFrame(result.body));
}

/** Run a request and answer it; with `persist` (cluster), the answer is stored in the shared records before it leaves. */
function execute<UserId>(
  core: ServerCore<UserId>,
  conn: Connection<UserId>,
  op: 'READ' | 'LISTEN' | ModifyKind,
  req: RequestFields,
  entry: ReplayEntry<Connection<UserId>> | undefined,
  persist?: (body: ResponseBody) => Promise<void>,
): void {
  const answer = (result: Answer): void | Promise<void> =>
    persist ? persist(result.body).then(() => deliver(core, conn, entry, result)) : deliver(core, conn, entry, result);
  const tracked = op === 'LISTEN' ? undefined : beginRequest(core, conn, core.recordFor(conn.clientId!), req.clientRequestId, req.progress === true);
  const controls = tracked?.controls ?? STREAM_CONTROLS;
  const run = op === 'READ' ? runRead(core, conn, req, controls) : op === 'LISTEN' ? runListen(core, conn, req) : runModify(core, conn, op, req, controls);
  if (tracked) run.then(tracked.end, tracked.end);
  const answerFailure = (error: unknown): void => {
    core.warn(`${op} failed unexpectedly`, error, conn.id);
    answer({ body: { clientRequestId: req.clientRequestId, error: internalError(error, core.options.sendInternalErrorsToClient) } });
  };
  // `answer` itself throws when the handler's output cannot be serialised (a BigInt, a cycle):
  // the client then gets INTERNAL_ERROR instead of the process an unhandled rejection.
  run.then(answer, answerFailure).catch(answerFailure);
}

/**
 * A LISTEN copy on the socket that already holds that stream (a resend): confirm it again and
 * repeat the answer once the stream started (if it has not, the first answer is on its way).
 * A copy on another socket (a reconnect) really starts the stream.
 */
function repeatsHeldStream<UserId>(conn: Connection<UserId>, req: RequestFields): boolean {
  const held = conn.streams.get(req.listenId!);
  if (!held || held.clientRequestId !== req.clientRequestId || held.route.name !== req.route) return false;
  conn.sendNow(confirmFrame(req.clientRequestId));
  if (held.started) conn.sendQueued(responseFrame({ clientRequestId: req.clientRequestId, output: req.listenId }));
  return true;
}

/**
 * The replay of a write (the resume extension): a repeat of a finished write gets its answer
 * again, a repeat of a running one gets it when it finishes, and a repeat whose answer was
 * evicted gets OUTCOME_UNKNOWN; `null` then (handled). Otherwise the new entry to fill.
 */
function rememberWrite<UserId>(core: ServerCore<UserId>, conn: Connection<UserId>, op: ModifyKind, req: RequestFields): ReplayEntry<Connection<UserId>> | null {
  const now = Date.now();
  const user = conn.isAuthenticated ? ['user', conn.userId] : ['anon'];
  const fp = fingerprint([user, op, req.route, req.params, req.body]);
  const previous = core.replay.lookup(req.clientRequestId, fp, now);
  if (!previous) return core.replay.begin(req.clientRequestId, conn.clientId!, fp, now);
  core.log('debug', `duplicate ${req.clientRequestId}: ${previous.state}`, conn.id);
  conn.sendNow(confirmFrame(req.clientRequestId));
  if (previous.state === 'running') previous.waiters.push(conn);
  else if (previous.body) conn.sendQueued(responseFrame(previous.body));
  else conn.sendQueued(errorFrame(req.clientRequestId, ClientErrorCode.OUTCOME_UNKNOWN, 'This write was processed, but its answer is no longer kept: it was not run again'));
  return null;
}

function contextOf<UserId>(conn: Connection<UserId>, params: RouteParams): BaseContext<UserId> {
  const authenticated = conn.isAuthenticated;
  return {
    params,
    locals: { ...conn.locals },
    userId: authenticated ? conn.userId : undefined,
    claims: authenticated ? conn.claims : undefined,
    connectionId: conn.id,
    clientId: conn.clientId ?? '',
  };
}

async function runRead<UserId>(core: ServerCore<UserId>, conn: Connection<UserId>, req: RequestFields, controls: RequestControls): Promise<Answer> {
  const { clientRequestId } = req;
  const route = core.readRoutes.get(req.route);
  if (!route) {
    const description = `ReadRoute "${req.route}" not found on server . Check if the ReadRoute ${req.route} was created and set on this server`;
    return { body: { clientRequestId, error: { code: ServerErrorCode.INVALID_ROUTE, description } } };
  }
  if (route.authOnly && !conn.isAuthenticated && !core.options.legacyUnauthenticatedReads) {
    return { body: { clientRequestId, error: authRequired('READ', req.route) } };
  }
  const ctx = contextOf(conn, req.params);
  const outcome = await runHandler(core.runnerEnv(conn), (cb) => route.definition.handleRead({ ...ctx, ...controls, ...cb }));
  if (!outcome.ok) return { body: { clientRequestId, error: outcome.error } };
  const output = toOutput(core, conn, () => route.output(outcome.entity));
  if ('error' in output) return { body: { clientRequestId, error: output.error } };
  const onReceived = route.definition.onReceived;
  return { body: { clientRequestId, output: output.value }, onConfirmed: onReceived && (() => onReceived(outcome.entity, ctx)) };
}

async function runModify<UserId>(
  core: ServerCore<UserId>,
  conn: Connection<UserId>,
  kind: ModifyKind,
  req: RequestFields,
  controls: RequestControls,
): Promise<Answer> {
  const { clientRequestId } = req;
  const route: ModifyRoute<UserId> | undefined = core.modifyRoutes.get(`${kind} ${req.route}`);
  if (!route) {
    return { body: { clientRequestId, error: { code: ServerErrorCode.INVALID_ROUTE, description: `route not found: ${kind} ${req.route}` } } };
  }
  if (route.authOnly && !conn.isAuthenticated) return { body: { clientRequestId, error: authRequired(kind, req.route) } };
  const ctx = contextOf(conn, req.params);
  const outcome = await runHandler(core.runnerEnv(conn), (cb) => route.handle({ ...ctx, body: req.body, ...controls, ...cb }));
  if (!outcome.ok) return { body: { clientRequestId, error: outcome.error } };
  const output = toOutput(core, conn, () => {
    const copy = shallowCopy(outcome.entity);
    return route.toOutput ? route.toOutput(copy) : copy;
  });
  if ('error' in output) return { body: { clientRequestId, error: output.error } };
  const onReceived = route.onReceived;
  return { body: { clientRequestId, output: output.value }, onConfirmed: onReceived && (() => onReceived(outcome.entity, ctx)) };
}

function toOutput<UserId>(core: ServerCore<UserId>, conn: Connection<UserId>, convert: () => unknown): { value: unknown } | { error: WireError } {
  try {
    return { value: convert() };
  } catch (error) {
    core.warn('toOutput threw', error, conn.id);
    return { error: internalError(error, core.options.sendInternalErrorsToClient) };
  }
}

async function runListen<UserId>(core: ServerCore<UserId>, conn: Connection<UserId>, req: RequestFields): Promise<Answer> {
  const route = core.readRoutes.get(req.route);
  if (!route) {
    return {
      body: { clientRequestId: req.clientRequestId, error: { code: ServerErrorCode.INVALID_ROUTE, description: `route not found: READ ${req.route}` } },
    };
  }
  return startStream(core, conn, route, req);
}

/**
 * Start (or restart, from a ping) a stream (§7.1) and build its answer; the caller sends it.
 * The initial push goes out right after the response (`after`).
 * @example
 * const answer = await startStream(core, conn, route, { clientRequestId, route: 'products', params: {}, listenId });
 */
export async function startStream<UserId>(
  core: ServerCore<UserId>,
  conn: Connection<UserId>,
  route: ReadRoute<UserId>,
  req: RequestFields,
): Promise<Answer> {
  const listenId = req.listenId!;
  const { clientRequestId } = req;
  conn.serverStopped.delete(listenId); // the client asks for it again: restarts are allowed
  const earlier = conn.streams.get(listenId);
  if (earlier) earlier.route.detach(earlier, 'relisten');
  if (route.authOnly && !conn.isAuthenticated) return { body: { clientRequestId, error: authRequired('LISTEN', req.route) } };
  const max = core.options.maxStreamsPerConnection;
  if (conn.streams.size >= max) {
    return { body: { clientRequestId, error: { code: ServerErrorCode.BAD_REQUEST, description: `too many streams on this connection (max ${max})` } } };
  }
  const stream: StreamRegistration<UserId> = { listenId, route, params: req.params, locals: { ...conn.locals }, connection: conn, clientRequestId, pushIds: pushIdParts(listenId), started: false };
  if (req.conflate) stream.conflate = {};
  route.attach(stream);
  const ctx = route.contextFor(conn, stream.params, stream.locals);
  const outcome = await runHandler(core.runnerEnv(conn), (cb) => route.definition.handleRead({ ...ctx, ...STREAM_CONTROLS, ...cb }));
  if (!outcome.ok) {
    // Unlike 2.0.3 (Q17) a failed LISTEN never stays registered.
    route.detach(stream, 'error');
    return { body: { clientRequestId, error: outcome.error } };
  }
  if (!route.isLive(stream)) {
    // Replaced or stopped while the handler ran: answer the request, push nothing.
    return { body: { clientRequestId, output: listenId } };
  }
  return {
    body: { clientRequestId, output: listenId },
    after: () => {
      if (!route.isLive(stream)) return;
      route.push(stream, outcome.entity);
      route.markStarted(stream);
    },
  };
}
