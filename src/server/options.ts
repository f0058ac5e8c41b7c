/**
 * `init(...)` options of {@link AsklessServer} and their defaults. The 2.0.3 timers are fixed in
 * the original; here they are configurable (for fast tests) and advertised to clients in the
 * ConnectionConfiguration, with defaults exactly 2.0.3's.
 */
import type { ServerOptions as WsServerOptions } from 'ws';
import type { ServerLogger } from './logger.js';
import type { ClusterOptions } from './cluster/types.js';
import type { AuthenticateCallback } from './types.js';
import type { ServerLimits } from './limits.js';

/**
 * One frame seen by the `tap` hook: parsed inbound frames and every outbound frame.
 * @example
 * server.init({ tap: (e: TapEvent) => e.direction === 'in' && frames.push(e.frame) });
 */
export interface TapEvent {
  direction: 'in' | 'out';
  connectionId: string;
  /** The parsed JSON object, or the bare string (`welcome`, `pong`). */
  frame: unknown;
}

/**
 * Options of `server.init(...)`. Every field is optional.
 * @example
 * server.init({ wsOptions: { port: 0 }, authenticate: (credential, accept) => accept.asUnauthenticatedUser() });
 */
export interface InitOptions<UserId = string | number> {
  /** Passed to `ws`'s WebSocketServer. Default `{ port: 3000, host: '127.0.0.1' }`. */
  wsOptions?: WsServerOptions;
  /** Verbose logs (never credentials). Default `false`. */
  debugLogs?: boolean;
  /** Log sink; defaults to the console. Used for warnings and errors even without `debugLogs`. */
  logger?: ServerLogger;
  /** Put the error message/stack in INTERNAL_ERROR descriptions. Default `false`. */
  sendInternalErrorsToClient?: boolean;
  /** Advertised to clients; also the server-side handler timeout (`<= 0`: none). Default 7000. */
  requestTimeoutInMs?: number;
  /** Advertised to clients (§2.2). Default 4000. */
  waitForAuthenticationTimeoutInMs?: number;
  /** Server-side limit for a handler to answer; default `requestTimeoutInMs`. `<= 0`: none. */
  handlerTimeoutInMs?: number;
  /** Largest accepted inbound frame; bigger frames close the socket with 1009. Default 1 MiB. */
  maxPayloadBytes?: number;
  /** Decide a login (§5.2). Default: everyone is accepted as unauthenticated. */
  authenticate?: AuthenticateCallback<UserId>;
  /** How long `authenticate` may take before AUTHORIZE_TIMEOUT. Default 4000 (2.0.3: fixed). */
  authorizeTimeoutInMs?: number;
  /** Client ping period, advertised. Default 1000. */
  intervalInMsClientPing?: number;
  /** Client pong watchdog, advertised. Default 6000. */
  reconnectClientAfterMillisecondsWithoutServerPong?: number;
  /** Server resend period for unconfirmed messages (advertised). Default 5000. */
  intervalInMsServerSendSameMessage?: number;
  /** Client resend period for unconfirmed requests, advertised. Default 5000. */
  intervalInMsClientSendSameMessage?: number;
  /** A socket silent for this long is terminated (advertised). Default 12000. */
  millisecondsToDisconnectClientAfterWithoutClientPing?: number;
  /** Unconfirmed messages are dropped this long after their first send. Default 40000. */
  serverResendWindowMs?: number;
  /** A LISTEN beyond this many live streams on one connection answers BAD_REQUEST. Default 10000. */
  maxStreamsPerConnection?: number;
  /** At most this many unconfirmed messages are kept per connection (oldest dropped first). Default 10000. */
  maxUnconfirmedPerConnection?: number;
  /** Pushes from `notifyChanges` wait until this long after `start()` (2.0.3: 4000). Default 0. */
  notifyStartupHoldOffMs?: number;
  /** 2.0.3 behaviour: READ ignores `forAuthenticatedUsers`. Default `false` (READ requires a login). */
  legacyUnauthenticatedReads?: boolean;
  /**
   * Advertise the askless-react resume extension (`connectionConfiguration.asklessReact`). `false`
   * sends exactly 2.0.3's configuration, so our client treats this server as a plain 2.0.3
   * (fresh id per connection, careful pings): interop tests. Default `true`.
   */
  advertiseResumeExtension?: boolean;
  /**
   * Serve the ICE-restart relay route `askless-react/call/ice-restart`. `false` answers it
   * INVALID_ROUTE as Askless 2.0.3 does (our clients then re-establish a dropped call with a
   * tagged request): interop tests. Default `true`.
   */
  iceRestartRelay?: boolean;
  /** How long processed request ids and their answers are remembered. Default 600000 (10 min). */
  replayWindowMs?: number;
  /** At most this many remembered requests per client id (oldest evicted). Default 1000. */
  maxRememberedRequestsPerClient?: number;
  /** A client id's record (replay memory) is deleted this long after its last socket closes. Default 120000. */
  clientRecordTtlAfterDisconnectMs?: number;
  /** `notifyChanges` yields to the event loop (setImmediate) after this many pairs. Default 200. */
  notifyBatchSize?: number;
  /** Called for every parsed inbound frame and every outbound frame (tests, metrics). */
  tap?: (event: TapEvent) => void;
  /** Run several processes as one server over Redis (docs/server.md, "Scale-out"). Default: none (one process, in memory). */
  cluster?: ClusterOptions;
  /** Limits against slow, silent and hostile clients (docs/server.md, "Limits"). */
  limits?: Partial<ServerLimits>;
}

/**
 * {@link InitOptions} with every default applied.
 * @example
 * const timeout = resolved.handlerTimeoutInMs;
 */
export type ResolvedOptions<UserId> = Required<Omit<InitOptions<UserId>, 'tap' | 'logger' | 'authenticate' | 'cluster' | 'limits'>> & {
  limits: ServerLimits;
  tap: ((event: TapEvent) => void) | undefined;
  cluster: ClusterOptions | undefined;
  logger: ServerLogger;
  authenticate: AuthenticateCallback<UserId>;
};

/**
 * The 2.0.3 defaults plus ours.
 * @example
 * DEFAULT_OPTIONS.serverResendWindowMs; // 40000
 */
export const DEFAULT_OPTIONS = {
  debugLogs: false,
  sendInternalErrorsToClient: false,
  requestTimeoutInMs: 7000,
  waitForAuthenticationTimeoutInMs: 4000,
  maxPayloadBytes: 1024 * 1024,
  authorizeTimeoutInMs: 4000,
  intervalInMsClientPing: 1000,
  reconnectClientAfterMillisecondsWithoutServerPong: 6000,
  intervalInMsServerSendSameMessage: 5000,
  intervalInMsClientSendSameMessage: 5000,
  millisecondsToDisconnectClientAfterWithoutClientPing: 12000,
  serverResendWindowMs: 40000,
  maxUnconfirmedPerConnection: 10000,
  maxStreamsPerConnection: 10000,
  notifyStartupHoldOffMs: 0,
  legacyUnauthenticatedReads: false,
  advertiseResumeExtension: true,
  iceRestartRelay: true,
  replayWindowMs: 600000,
  maxRememberedRequestsPerClient: 1000,
  clientRecordTtlAfterDisconnectMs: 120000,
  notifyBatchSize: 200,
} as const;
