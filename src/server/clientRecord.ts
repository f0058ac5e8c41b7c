/**
 * What the server remembers across sockets (the resume extension's replay, extension.ts):
 * a {@link ClientRecord} per `clientIdInternalApp` (its sockets, and the request ids it made),
 * and one {@link ReplayCache} of processed requests and their answers. Bounded by age and by
 * count per client id, pruned in O(evicted) from the oldest end (2.0.3's prune loop can spin
 * forever, Q2); a record and its requests go a while after the client's last socket closed.
 */
import { createHash } from 'node:crypto';
import type { Connection } from './connection.js';
import type { ResponseBody } from './frames.js';

/**
 * Per-client-id bookkeeping.
 * @example
 * const record = new ClientRecord('q3ZtV9aLm2Xc');
 */
export class ClientRecord {
  readonly connections = new Set<Connection<any>>();
  /** Request ids this client id made, oldest first. */
  readonly ids = new Set<string>();
  disconnectedAt: number | undefined;

  constructor(readonly clientId: string) {}

  /** How many request ids are remembered for this client id. */
  get size(): number {
    return this.ids.size;
  }
}

/**
 * One processed (or running) request.
 * @example
 * const entry = cache.lookup(id, fp, Date.now(), windowMs); if (entry?.body) replay(entry.body);
 */
export interface ReplayEntry {
  readonly at: number;
  readonly owner: ClientRecord;
  /** Who asked what: a repeat must match it to get this answer (see {@link fingerprint}). */
  readonly fingerprint: string;
  /** Set once the handler finished; dropped by {@link ReplayCache.release}. */
  body: ResponseBody | undefined;
  done: boolean;
  /** Connections that repeated the id while it was running: they get the answer too. */
  readonly waiters: Connection<any>[];
}

/**
 * A digest of (user, operation, route, params, body). Replays are keyed by `clientRequestId`
 * across client ids (a 2.0.3-style client resends with a fresh client id after a reconnect), so
 * an answer is only ever replayed to the same user asking the very same thing.
 * @example
 * fingerprint(['anon', 'READ', 'products', {}, undefined]);
 */
export function fingerprint(parts: unknown[]): string {
  return createHash('sha1').update(JSON.stringify(parts)).digest('base64');
}

/**
 * Processed requests by `clientRequestId`, oldest first.
 * @example
 * const entry = cache.remember('REQ-_1', record, fp, Date.now(), 1000);
 */
export class ReplayCache {
  private readonly entries = new Map<string, ReplayEntry>();

  /** The live entry for `id` if it was made with the same `fp` within `windowMs`. */
  lookup(id: string, fp: string, now: number, windowMs: number): ReplayEntry | undefined {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    if (now - entry.at >= windowMs) {
      this.delete(id, entry);
      return undefined;
    }
    return entry.fingerprint === fp ? entry : undefined;
  }

  /** Start remembering `id` for `owner`, evicting the owner's oldest ids beyond `maxPerClient`. */
  remember(id: string, owner: ClientRecord, fp: string, now: number, maxPerClient: number): ReplayEntry {
    const previous = this.entries.get(id);
    if (previous) this.delete(id, previous);
    const entry: ReplayEntry = { at: now, owner, fingerprint: fp, body: undefined, done: false, waiters: [] };
    this.entries.set(id, entry);
    owner.ids.add(id);
    for (const oldest of owner.ids) {
      if (owner.ids.size <= maxPerClient) break;
      const evicted = this.entries.get(oldest);
      if (evicted?.owner === owner) this.entries.delete(oldest);
      owner.ids.delete(oldest);
    }
    return entry;
  }

  /** Drop a finished answer's body (a confirmed READ need not be kept: running it again is harmless). */
  release(entry: ReplayEntry): void {
    entry.body = undefined;
  }

  /** Evict expired entries, oldest first; stops at the first young one. */
  prune(now: number, windowMs: number): void {
    for (const [id, entry] of this.entries) {
      if (now - entry.at < windowMs) break;
      this.delete(id, entry);
    }
  }

  /** Forget every request of a deleted record. */
  forgetOwner(owner: ClientRecord): void {
    for (const id of owner.ids) if (this.entries.get(id)?.owner === owner) this.entries.delete(id);
    owner.ids.clear();
  }

  /** Entries held (all clients). */
  get size(): number {
    return this.entries.size;
  }

  private delete(id: string, entry: ReplayEntry): void {
    this.entries.delete(id);
    entry.owner.ids.delete(id);
  }
}
