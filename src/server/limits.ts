/**
 * Limits that keep the server's memory, sockets and CPU bounded whatever a client sends or fails
 * to read (issue 14). Every limit has a production-safe default and is an `init({ limits })`
 * option; docs/server.md ("Limits") has the table of what happens at each one.
 */

/**
 * Longest accepted `clientRequestId` / `listenId` (Flutter's are 33 chars). Ids are kept in
 * memory (replay cache, stream maps), so they must stay small.
 * @example
 * if (id.length > MAX_ID_LENGTH) reject();
 */
export const MAX_ID_LENGTH = 256;

/**
 * `init({ limits })`: every field optional, defaults in {@link DEFAULT_LIMITS}.
 * @example
 * server.init({ limits: { maxBufferedBytesPerConnection: 1 << 20, trustProxy: true } });
 */
export interface ServerLimits {
  /** Bytes queued in one socket (`ws.bufferedAmount`) before it is closed (4008): a client that stops reading. */
  maxBufferedBytesPerConnection: number;
  /** Bytes of unconfirmed pushes/answers kept for one connection before it is closed (4009). */
  maxUnconfirmedBytesPerConnection: number;
  /** Unconfirmed bytes over all connections; past it the connection holding the most is closed (4009). */
  maxUnconfirmedBytesTotal: number;
  /** A TCP connection that has not completed the WebSocket upgrade by then is destroyed. */
  handshakeTimeoutMs: number;
  /** A WebSocket that has not sent CONFIGURE_CONNECTION by then is closed (4010), pings or not. */
  configureTimeoutMs: number;
  /** Open WebSockets in total; an upgrade beyond is refused with HTTP 503. */
  maxConnections: number;
  /** Open WebSockets per remote address; an upgrade beyond is refused with HTTP 503. */
  maxConnectionsPerAddress: number;
  /** Take the remote address from the first `X-Forwarded-For` entry (only behind your own proxy). */
  trustProxy: boolean;
  /** AUTHENTICATE attempts per connection per window; beyond: answered RATE_LIMITED. */
  maxAuthAttemptsPerConnection: number;
  /** AUTHENTICATE attempts per remote address per window; beyond: answered RATE_LIMITED. */
  maxAuthAttemptsPerAddress: number;
  /** The authentication-attempt window. */
  authAttemptWindowMs: number;
  /** JSON nesting deeper than this is refused before parsing (an error answer, or close 1008). */
  maxFrameDepth: number;
  /** A call request nobody answers is cancelled after this long (at most 45 s). */
  callRequestTtlMs: number;
  /** A user's call state is freed this long after their last authenticated connection closed. */
  callOfflineGraceMs: number;
  /** Pending outgoing call requests per user; beyond: RATE_LIMITED. */
  maxPendingCallRequestsPerUser: number;
  /** Largest `sdp.sdp` of a call request or answer, in UTF-8 bytes; beyond: BAD_REQUEST. */
  maxSdpBytes: number;
  /** Longest ICE candidate list; beyond: BAD_REQUEST. */
  maxIceCandidates: number;
  /** Largest `additionalData` of a call message, as JSON; beyond: BAD_REQUEST. */
  maxCallAdditionalDataBytes: number;
  /** Bytes of remembered write answers (the replay cache); past it the oldest answers are evicted. */
  maxReplayCacheBytes: number;
}

/**
 * The defaults: safe for production, generous for benchmarks (5,000 sockets from 127.0.0.1).
 * @example
 * DEFAULT_LIMITS.maxSdpBytes; // 65536
 */
export const DEFAULT_LIMITS: Readonly<ServerLimits> = Object.freeze({
  maxBufferedBytesPerConnection: 4 * 1024 * 1024,
  maxUnconfirmedBytesPerConnection: 4 * 1024 * 1024,
  maxUnconfirmedBytesTotal: 256 * 1024 * 1024,
  handshakeTimeoutMs: 10_000,
  configureTimeoutMs: 10_000,
  maxConnections: 20_000,
  maxConnectionsPerAddress: 10_000,
  trustProxy: false,
  maxAuthAttemptsPerConnection: 30,
  maxAuthAttemptsPerAddress: 600,
  authAttemptWindowMs: 60_000,
  maxFrameDepth: 64,
  callRequestTtlMs: 45_000,
  callOfflineGraceMs: 30_000,
  maxPendingCallRequestsPerUser: 20,
  maxSdpBytes: 64 * 1024,
  maxIceCandidates: 1_000,
  maxCallAdditionalDataBytes: 16 * 1024,
  maxReplayCacheBytes: 32 * 1024 * 1024,
});

/**
 * WebSocket close codes the server uses when a limit acts (4000–4999 are application codes;
 * both clients treat any close as "reconnect").
 * @example
 * socket.close(CloseCode.slowConsumer, 'outbound buffer over 4194304 bytes');
 */
export const CloseCode = {
  /** RFC 6455: a frame the server refuses by policy (too deep, no readable request id). */
  policy: 1008,
  /** RFC 6455: a frame over `maxPayloadBytes` (set by `ws`). */
  tooBig: 1009,
  /** The client does not read: `bufferedAmount` passed `maxBufferedBytesPerConnection`. */
  slowConsumer: 4008,
  /** The client does not confirm: its unconfirmed bytes passed its limit or its share. */
  unconfirmed: 4009,
  /** No CONFIGURE_CONNECTION within `configureTimeoutMs`. */
  configureTimeout: 4010,
  /** Cluster: the same client id configured a newer socket on another server process. */
  replaced: 4011,
} as const;

/**
 * Why the server closed a connection, as counted in `server.stats().closes`.
 * @example
 * const reason: CloseReason = 'slowConsumer';
 */
export type CloseReason =
  | 'client'
  | 'idle'
  | 'shutdown'
  | 'slowConsumer'
  | 'unconfirmedBytes'
  | 'unconfirmedBytesTotal'
  | 'configureTimeout'
  | 'handshakeTimeout'
  | 'frameDepth'
  | 'tooBig'
  | 'refused'
  | 'replaced';

/**
 * Validate and complete `init({ limits })`. Throws a TypeError naming a bad field.
 * @example
 * resolveLimits({ maxSdpBytes: 1024 }).maxIceCandidates; // 1000
 */
export function resolveLimits(limits: Partial<ServerLimits> | undefined): ServerLimits {
  const out: ServerLimits = { ...DEFAULT_LIMITS };
  for (const [key, value] of Object.entries(limits ?? {})) {
    if (value === undefined) continue;
    if (!(key in DEFAULT_LIMITS)) throw new TypeError(`limits.${key} is not a known limit`);
    if (key === 'trustProxy') {
      if (typeof value !== 'boolean') throw new TypeError('limits.trustProxy must be a boolean');
    } else if (typeof value !== 'number' || !(value > 0)) {
      throw new TypeError(`limits.${key} must be a number > 0, got ${String(value)}`);
    }
    (out as unknown as Record<string, unknown>)[key] = value;
  }
  if (out.callRequestTtlMs > 45_000) throw new TypeError('limits.callRequestTtlMs must be at most 45000');
  return out;
}
