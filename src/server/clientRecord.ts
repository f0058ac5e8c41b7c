/**
 * What the server remembers per `clientIdInternalApp` across sockets: which sockets use it, and
 * since when none does (the record, and the replay memory of its writes in replayCache.ts, go
 * `clientRecordTtlAfterDisconnectMs` later).
 */
import type { Connection } from './connection.js';

/**
 * Per-client-id bookkeeping.
 * @example
 * const record = new ClientRecord('q3ZtV9aLm2Xc');
 */
export class ClientRecord {
  readonly connections = new Set<Connection<any>>();
  disconnectedAt: number | undefined;

  constructor(readonly clientId: string) {}
}
