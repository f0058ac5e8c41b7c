/**
 * What the server remembers per `clientIdInternalApp` across sockets: the requests it processed
 * and their answers (the resume extension's replay, extension.ts). Bounded by count and by age,
 * pruned in O(evicted) from the oldest end (2.0.3's prune loop can spin forever, Q2), and
 * deleted a while after the client's last socket closed.
 */
import type { Connection } from './connection.js';
import type { ResponseBody } from './frames.js';

/** One processed (or running) request. */
export interface ReplayEntry {
  readonly at: number;
  /** Set once the handler finished. */
  body: ResponseBody | undefined;
  /** Connections that repeated the id while it was running: they get the answer too. */
  readonly waiters: Connection<any>[];
}

/**
 * Per-client-id memory.
 * @example
 * const record = new ClientRecord('q3ZtV9aLm2Xc');
 * record.remember('REQ-_1', Date.now());
 */
export class ClientRecord {
  readonly connections = new Set<Connection<any>>();
  /** Insertion order is age order: the oldest entry is first. */
  private readonly requests = new Map<string, ReplayEntry>();
  disconnectedAt: number | undefined;

  constructor(readonly clientId: string) {}

  /** How many request ids are remembered. */
  get size(): number {
    return this.requests.size;
  }

  /** The live entry for `clientRequestId`, if remembered within `windowMs`. */
  lookup(clientRequestId: string, now: number, windowMs: number): ReplayEntry | undefined {
    const entry = this.requests.get(clientRequestId);
    if (!entry) return undefined;
    if (now - entry.at >= windowMs) {
      this.requests.delete(clientRequestId);
      return undefined;
    }
    return entry;
  }

  /** Start remembering `clientRequestId` (replacing an older entry). */
  remember(clientRequestId: string, now: number): ReplayEntry {
    const entry: ReplayEntry = { at: now, body: undefined, waiters: [] };
    this.requests.delete(clientRequestId);
    this.requests.set(clientRequestId, entry);
    return entry;
  }

  /** Forget `clientRequestId` (e.g. a LISTEN that must run again on a new socket). */
  forget(clientRequestId: string): void {
    this.requests.delete(clientRequestId);
  }

  /** Evict expired entries and the oldest beyond `max`. Stops at the first young entry. */
  prune(now: number, windowMs: number, max: number): void {
    for (const [id, entry] of this.requests) {
      if (this.requests.size <= max && now - entry.at < windowMs) break;
      this.requests.delete(id);
    }
  }
}
