/**
 * CONFIGURE_CONNECTION and AUTHENTICATE (askless-protocol.md §2.1, §5.2). Both are executed
 * again for every copy, as in 2.0.3 (Q9); unlike 2.0.3 neither wipes the outbound queue (Q5),
 * and the login state lives on the socket, not on the shared client record (Q3/Q4).
 */
import { ServerErrorCode } from '../core/errors.js';
import { saysHello } from '../core/protocol/extension.js';
import type { Connection } from './connection.js';
import type { ServerCore } from './core.js';
import { configureBody, confirmFrame, errorFrame, responseFrame } from './frames.js';
import { reportRejection } from './runner.js';
import type { AuthenticatedUser } from './types.js';

/** The parts of CONFIGURE_CONNECTION we read. */
interface ConfigureFields {
  clientRequestId: string;
  clientIdInternalApp?: unknown;
  clientType?: unknown;
  asklessReact?: unknown;
}

/**
 * Handle CONFIGURE_CONNECTION: bind the client id to this socket and reset its login.
 * @example
 * handleConfigure(core, connection, frame);
 */
export function handleConfigure<UserId>(core: ServerCore<UserId>, conn: Connection<UserId>, frame: ConfigureFields): void {
  const { clientRequestId } = frame;
  const clientId = frame.clientIdInternalApp;
  const clientType = frame.clientType ?? 'flutter';
  conn.sendNow(confirmFrame(clientRequestId));
  if (typeof clientId !== 'string' || clientId === '' || clientId === 'undefined') {
    // 2.0.3 throws and answers nothing; the client deserves to know why.
    conn.sendQueued(
      errorFrame(clientRequestId, ServerErrorCode.BAD_REQUEST, 'clientIdInternalApp must be a non-empty string'),
    );
    return;
  }
  if (clientType !== 'flutter' && clientType !== 'javascript') {
    // Same answer as 2.0.3 (Q23): confirm, then INTERNAL_ERROR.
    conn.sendQueued(
      errorFrame(clientRequestId, ServerErrorCode.INTERNAL_ERROR, 'An internal error occurred'),
    );
    return;
  }
  if (conn.configured) {
    // A new session on the same socket: its streams (and login) belong to the old one.
    conn.stopStreams('disconnect');
  }
  if (conn.clientId !== undefined && conn.clientId !== clientId) {
    // Re-configured with another id: the old record must still expire once unused.
    const old = core.records.get(conn.clientId);
    if (old) core.leaveRecord(old, conn);
  }
  conn.clientId = clientId;
  const record = core.recordFor(clientId);
  record.connections.add(conn);
  record.disconnectedAt = undefined; // Q3: a reconnect must not inherit the old disconnect time.
  conn.resetAuth('pending');
  conn.configured = true;
  // Our client said hello: its copies carry the resend mark (extension.ts, markedResends).
  conn.marksResends = core.options.advertiseResumeExtension && saysHello(frame.asklessReact);
  core.node?.claimClient(conn);
  core.log('debug', `configured (clientType=${String(clientType)}, ${record.connections.size} socket(s) for this client id)`, conn.id);
  conn.sendQueued(responseFrame(configureBody(clientRequestId, core.configuration(clientType))));
}

type Decision<UserId> =
  | { kind: 'authenticated'; user: AuthenticatedUser<UserId> }
  | { kind: 'unauthenticated' }
  | { kind: 'rejected'; code: string }
  | { kind: 'timeout' }
  | { kind: 'failed'; error: unknown };

/** Run the app's `authenticate` callback and wait for its first decision, a throw or the timeout. */
function decide<UserId>(core: ServerCore<UserId>, conn: Connection<UserId>, credential: unknown): Promise<Decision<UserId>> {
  return new Promise<Decision<UserId>>((resolve) => {
    let done = false;
    const finish = (decision: Decision<UserId>): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(decision);
    };
    const timer = setTimeout(() => finish({ kind: 'timeout' }), core.options.authorizeTimeoutInMs);
    timer.unref(); // an undecided login must not keep the process alive after stop()
    try {
      const result = core.options.authenticate(
        credential,
        {
          asAuthenticatedUser: (user) => finish({ kind: 'authenticated', user }),
          asUnauthenticatedUser: () => finish({ kind: 'unauthenticated' }),
        },
        (options) => finish({ kind: 'rejected', code: options?.credentialErrorCode || ServerErrorCode.INVALID_CREDENTIAL }),
      );
      reportRejection(result, (error) => finish({ kind: 'failed', error }));
    } catch (error) {
      finish({ kind: 'failed', error });
    }
  }).then((decision) => {
    if (decision.kind === 'failed') core.warn('authenticate threw', decision.error, conn.id);
    return decision;
  });
}

/**
 * Handle AUTHENTICATE: reset the login, ask the app, answer (confirm after the decision, as in
 * 2.0.3), and after the client confirms a success re-push this connection's streams (§5.3).
 * @example
 * await handleAuthenticate(core, connection, frame);
 */
export async function handleAuthenticate<UserId>(
  core: ServerCore<UserId>,
  conn: Connection<UserId>,
  frame: { clientRequestId: string; clientIdInternalApp?: unknown; credential?: unknown },
): Promise<void> {
  const { clientRequestId } = frame;
  if (typeof frame.clientIdInternalApp !== 'string' || frame.clientIdInternalApp === '') {
    conn.sendNow(confirmFrame(clientRequestId));
    conn.sendQueued(
      responseFrame({ clientRequestId, kind: 'authenticate', error: { code: ServerErrorCode.INTERNAL_ERROR, description: 'clientIdInternalApp must be a non-empty string' } }),
    );
    return;
  }
  const refusal = core.admission.loginRefusal(conn.authAttempts, conn.address, Date.now());
  if (refusal) {
    // Not a credential error (no credentialErrorCode): a client keeps its credential and retries later.
    core.log('warn', `login refused: ${refusal}`, conn.id);
    conn.sendNow(confirmFrame(clientRequestId));
    conn.sendQueued(responseFrame({ clientRequestId, kind: 'authenticate', error: { code: ServerErrorCode.RATE_LIMITED, description: `Too many login attempts: ${refusal}` } }));
    return;
  }
  conn.resetAuth('pending');
  core.node?.connectionChanged(conn);
  const epoch = conn.authEpoch;
  core.log('debug', 'authenticating (credential not logged)', conn.id);
  const decision = await decide(core, conn, frame.credential);
  if (conn.closed) return;
  // A later AUTHENTICATE or a logout superseded this one: answer it, but leave the state alone.
  const current = conn.authEpoch === epoch;
  conn.sendNow(confirmFrame(clientRequestId));
  switch (decision.kind) {
    case 'authenticated': {
      const { userId, claims = [], locals = {} } = decision.user ?? ({} as AuthenticatedUser<UserId>);
      if (userId === undefined || userId === null || (userId as unknown) === '') {
        conn.sendQueued(
          responseFrame({ clientRequestId, kind: 'authenticate', error: { code: ServerErrorCode.INTERNAL_ERROR, description: 'asAuthenticatedUser needs a userId' } }),
        );
        return;
      }
      if (current) {
        conn.auth = 'authenticated';
        conn.userId = userId;
        conn.claims = Array.isArray(claims) ? claims : [];
        conn.locals = locals && typeof locals === 'object' ? locals : {};
        core.node?.connectionChanged(conn);
      }
      core.log('debug', 'authenticated', conn.id);
      conn.sendQueued(responseFrame({ clientRequestId, kind: 'authenticate', output: { userId, claims: conn.claims ?? claims } }), () =>
        refreshStreams(conn),
      );
      return;
    }
    case 'unauthenticated':
      if (current) conn.auth = 'unauthenticated';
      if (current) core.node?.connectionChanged(conn);
      conn.sendQueued(responseFrame({ clientRequestId, kind: 'authenticate', output: {} }), () => refreshStreams(conn));
      return;
    case 'rejected':
      if (current) conn.auth = 'unauthenticated';
      conn.sendQueued(
        responseFrame({
          clientRequestId,
          kind: 'authenticate',
          output: { credentialErrorCode: decision.code },
          // The description is 2.0.3's, verbatim (Q8), so apps matching on it keep working.
          error: { code: decision.code, description: 'The authentication was rejected: undefined' },
        }),
      );
      return;
    case 'timeout':
      if (current) conn.auth = 'unauthenticated';
      conn.sendQueued(
        responseFrame({
          clientRequestId,
          kind: 'authenticate',
          output: { credentialErrorCode: ServerErrorCode.INVALID_CREDENTIAL },
          error: { code: ServerErrorCode.AUTHORIZE_TIMEOUT, description: "The server didn't authorize (TIMEOUT)" },
        }),
      );
      return;
    case 'failed':
      conn.sendQueued(
        responseFrame({ clientRequestId, kind: 'authenticate', error: { code: ServerErrorCode.INTERNAL_ERROR, description: 'An internal error occurred' } }),
      );
      return;
  }
}

/** After a confirmed login, every stream of this connection gets a fresh value (§5.3; only this socket, Q15). */
function refreshStreams<UserId>(conn: Connection<UserId>): void {
  for (const stream of [...conn.streams.values()]) {
    if (!stream.started) continue;
    if (stream.route.authOnly && !conn.isAuthenticated) continue;
    stream.route.refresh(stream);
  }
}
