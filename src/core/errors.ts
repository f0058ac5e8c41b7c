/**
 * The one error type of askless-react. Server codes pass through unchanged; the client adds the
 * codes in {@link ClientErrorCode}.
 */

/** Codes the client itself produces (the README lists them with their meaning). */
export const ClientErrorCode = {
  /** Not connected and the request could not wait (or a login could not reach the server). */
  NO_CONNECTION: 'NO_CONNECTION',
  /** No answer within `requestTimeoutInMs` (Flutter reports this as NO_CONNECTION). */
  TIMEOUT: 'TIMEOUT',
  /** The caller's AbortSignal fired. */
  ABORTED: 'ABORTED',
  /** A write reached the server but its answer was lost with the connection; it was not retried. */
  OUTCOME_UNKNOWN: 'OUTCOME_UNKNOWN',
  /** A login is already in progress. */
  CONFLICT: 'CONFLICT',
  /** The client was closed while the request was pending. */
  CLIENT_CLOSED: 'CLIENT_CLOSED',
  /** The server refused our client version code. */
  UNSUPPORTED_VERSION: 'UNSUPPORTED_VERSION',
  /** The server stopped the stream (StopListening). */
  STREAM_STOPPED: 'STREAM_STOPPED',
  /** An argument was invalid (the description says which). */
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
  /** A React hook was used outside `<AsklessProvider>`. */
  NO_PROVIDER: 'NO_PROVIDER',
  /** The server omitted `error.code` (Flutter substitutes "none"). */
  UNKNOWN: 'none',
} as const;

/**
 * One of the client's own error codes.
 * @example
 * const code: ClientErrorCodeValue = ClientErrorCode.TIMEOUT;
 */
export type ClientErrorCodeValue = (typeof ClientErrorCode)[keyof typeof ClientErrorCode];

/** Codes the Askless server produces (§6.3). Handlers may return any other string. */
export const ServerErrorCode = {
  INTERNAL_ERROR: 'INTERNAL_ERROR',
  INVALID_ROUTE: 'INVALID_ROUTE',
  PENDING_AUTHENTICATION: 'PENDING_AUTHENTICATION',
  INVALID_CREDENTIAL: 'INVALID_CREDENTIAL',
  AUTHORIZE_TIMEOUT: 'AUTHORIZE_TIMEOUT',
  PERMISSION_DENIED: 'PERMISSION_DENIED',
  CALL_NOT_AVAILABLE_ANYMORE: 'CALL_NOT_AVAILABLE_ANYMORE',
  /** askless-react server only: a route handler did not answer within the server's handler timeout. */
  TIMEOUT: 'TIMEOUT',
  /** askless-react server only: a request with missing or ill-typed fields (the description says which). */
  BAD_REQUEST: 'BAD_REQUEST',
  /** askless-react server only: too many attempts (logins, pending call requests) for now; retry later. */
  RATE_LIMITED: 'RATE_LIMITED',
} as const;

/**
 * An error with a `code` and a human `description`.
 * @example
 * const res = await client.read({ route: 'products' });
 * if (res.error?.code === 'TIMEOUT') retryLater();
 */
export class AsklessError extends Error {
  override readonly name = 'AsklessError';
  readonly code: string;
  readonly description: string;

  constructor(code: string, description: string, options?: { cause?: unknown }) {
    super(`${code}: ${description}`, options);
    this.code = code;
    this.description = description;
  }

  /** Build from a wire `{code?, description?}` (either may be absent). */
  static fromWire(error: { code?: unknown; description?: unknown } | null | undefined): AsklessError {
    const code = typeof error?.code === 'string' && error.code ? error.code : ClientErrorCode.UNKNOWN;
    const description = typeof error?.description === 'string' ? error.description : code;
    return new AsklessError(code, description);
  }
}
