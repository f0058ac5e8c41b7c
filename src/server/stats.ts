/**
 * `server.stats()`: what the limits of issue 14 watch, in one snapshot (tests, metrics).
 */
import type { ServerCore } from './core.js';
import type { CallState } from './calls/state.js';
import type { CloseReason } from './limits.js';

/**
 * A snapshot of the server's connections and bounded memories.
 * @example
 * const { connections, bufferedBytes, closes } = server.stats();
 * if ((closes.slowConsumer ?? 0) > 0) alert('a client stopped reading');
 */
export interface ServerStats {
  connections: {
    /** Open WebSockets. */
    total: number;
    /** TCP connections still in their WebSocket handshake. */
    handshaking: number;
    /** WebSockets that have not configured yet. */
    unconfigured: number;
    /** Configured, not logged in. */
    configured: number;
    authenticated: number;
  };
  /** Bytes waiting in the sockets (`ws.bufferedAmount`), summed. */
  bufferedBytes: number;
  /** Bytes of outbound messages waiting for the clients' confirmation, summed. */
  unconfirmedBytes: number;
  unconfirmedMessages: number;
  /** Entries of the call state: pending requests, live calls, posted descriptions, candidate lists. */
  callState: { pending: number; live: number; posted: number; ice: number; total: number };
  /** The replay memory of writes. */
  replayCache: { entries: number; bytes: number; evictedAnswers: number };
  clientRecords: number;
  /** Connections closed since start, by reason (`refused`: upgrades answered 503). */
  closes: Partial<Record<CloseReason, number>>;
}

/**
 * Build {@link ServerStats} from the server's state: O(connections).
 * @example
 * buildStats(core, calls.state);
 */
export function buildStats<UserId>(core: ServerCore<UserId>, calls: CallState | undefined): ServerStats {
  const connections = { total: 0, handshaking: core.admission.handshakingCount, unconfigured: 0, configured: 0, authenticated: 0 };
  let bufferedBytes = 0;
  let unconfirmedMessages = 0;
  for (const conn of core.connections) {
    connections.total++;
    if (!conn.configured) connections.unconfigured++;
    else if (conn.isAuthenticated) connections.authenticated++;
    else connections.configured++;
    bufferedBytes += conn.socket.bufferedAmount;
    unconfirmedMessages += conn.outbox.size;
  }
  const handshakeTimeout = core.admission.handshakeTimeouts;
  return {
    connections,
    bufferedBytes,
    unconfirmedBytes: core.unconfirmed.bytes,
    unconfirmedMessages,
    callState: calls?.size ?? { pending: 0, live: 0, posted: 0, ice: 0, total: 0 },
    replayCache: core.replay.stats(),
    clientRecords: core.records.size,
    closes: { ...core.closes, ...(handshakeTimeout > 0 ? { handshakeTimeout } : {}) },
  };
}
