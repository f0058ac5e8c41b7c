/**
 * The resume extension's replay memory (extension.ts): processed writes by `clientRequestId`,
 * so a resent write is answered with its original outcome instead of running twice. Writes
 * only: a READ can simply run again. Bounded three ways, each cheap (O(evicted), oldest first):
 * - time: an entry lives `windowMs`;
 * - count: at most `maxPerClient` entries per client id (the oldest is forgotten);
 * - bytes: past `maxBytes`, the oldest *answers* are evicted first. The entry itself stays
 *   until its window ends, so a resend of an evicted write is answered OUTCOME_UNKNOWN, never
 *   run again. Only if the bare entries alone pass `maxBytes` are the oldest dropped whole.
 * One class with a small method API and no module state, so it can later live behind a
 * cluster interface.
 */
import { createHash } from 'node:crypto';
import type { ResponseBody } from './frames.js';

/**
 * A digest of (user, operation, route, params, body). Replays are keyed by `clientRequestId`
 * across client ids (a 2.0.3-style client resends with a fresh client id after a reconnect), so
 * an answer is only ever replayed to the same user asking the very same thing.
 * @example
 * fingerprint(['anon', 'CREATE', 'product', {}, { name: 'x' }]);
 */
export function fingerprint(parts: unknown[]): string {
  return createHash('sha1').update(JSON.stringify(parts)).digest('base64');
}

/**
 * Where an entry stands: its handler still runs, its answer is kept, or its answer was evicted.
 * @example
 * if (entry.state === 'evicted') answerOutcomeUnknown();
 */
export type ReplayState = 'running' | 'done' | 'evicted';

/**
 * One remembered write. `waiters` are local sockets that repeated it while it ran.
 * @example
 * const entry = cache.begin('REQ-_1', 'client-id', fp, Date.now());
 */
export interface ReplayEntry<Waiter = unknown> {
  readonly id: string;
  readonly at: number;
  readonly owner: string;
  readonly fingerprint: string;
  state: ReplayState;
  body: ResponseBody | undefined;
  /** Bytes charged for this entry (its bare size plus its answer while kept). */
  bytes: number;
  readonly waiters: Waiter[];
}

/**
 * Bounds of a {@link ReplayCache}.
 * @example
 * new ReplayCache({ windowMs: 600_000, maxPerClient: 1000, maxBytes: 32 << 20 });
 */
export interface ReplayLimits {
  windowMs: number;
  maxPerClient: number;
  maxBytes: number;
}

/** A bare entry: its id (UTF-16), the fingerprint and the objects around them. */
const entryOverhead = (id: string): number => 2 * id.length + 200;

/**
 * Remembered writes by `clientRequestId`, oldest first.
 * @example
 * const cache = new ReplayCache({ windowMs: 600_000, maxPerClient: 1000, maxBytes: 32 << 20 });
 * const seen = cache.lookup(id, fp, Date.now());
 * if (!seen) { const entry = cache.begin(id, clientId, fp, Date.now()); cache.finish(entry, body); }
 */
export class ReplayCache<Waiter = unknown> {
  private readonly entries = new Map<string, ReplayEntry<Waiter>>();
  private readonly byOwner = new Map<string, Set<string>>();
  /** Entries whose answer is kept, oldest first (the byte eviction order). */
  private readonly withBody = new Set<ReplayEntry<Waiter>>();
  private totalBytes = 0;
  private evictedAnswers = 0;

  constructor(private readonly limits: ReplayLimits) {}

  /** The live entry for `id` if it was made with the same `fp` within the window. */
  lookup(id: string, fp: string, now: number): ReplayEntry<Waiter> | undefined {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    if (now - entry.at >= this.limits.windowMs) {
      this.drop(entry);
      return undefined;
    }
    return entry.fingerprint === fp ? entry : undefined;
  }

  /** Start remembering a running write; forgets the owner's oldest beyond `maxPerClient`. */
  begin(id: string, owner: string, fp: string, now: number): ReplayEntry<Waiter> {
    const previous = this.entries.get(id);
    if (previous) this.drop(previous);
    const entry: ReplayEntry<Waiter> = { id, at: now, owner, fingerprint: fp, state: 'running', body: undefined, bytes: entryOverhead(id), waiters: [] };
    this.entries.set(id, entry);
    this.totalBytes += entry.bytes;
    let ids = this.byOwner.get(owner);
    if (!ids) this.byOwner.set(owner, (ids = new Set()));
    ids.add(id);
    for (const oldest of ids) {
      if (ids.size <= this.limits.maxPerClient) break;
      const evicted = this.entries.get(oldest);
      if (evicted) this.drop(evicted);
      else ids.delete(oldest);
    }
    this.enforceBytes();
    return entry;
  }

  /** The write finished: keep its answer (unless the entry is already gone or the answer too big). */
  finish(entry: ReplayEntry<Waiter>, body: ResponseBody): void {
    if (this.entries.get(entry.id) !== entry) return;
    const size = 2 * JSON.stringify(body).length;
    if (size > this.limits.maxBytes / 4) {
      entry.state = 'evicted';
      this.evictedAnswers++;
      return;
    }
    entry.state = 'done';
    entry.body = body;
    entry.bytes += size;
    this.totalBytes += size;
    this.withBody.add(entry);
    this.enforceBytes();
  }

  /** Forget expired entries, oldest first; stops at the first young one. */
  prune(now: number): void {
    for (const entry of this.entries.values()) {
      if (now - entry.at < this.limits.windowMs) break;
      this.drop(entry);
    }
  }

  /** Forget every entry of a client id (its record expired). */
  forgetOwner(owner: string): void {
    for (const id of [...(this.byOwner.get(owner) ?? [])]) {
      const entry = this.entries.get(id);
      if (entry) this.drop(entry);
    }
    this.byOwner.delete(owner);
  }

  /** Entries remembered for `owner`. */
  countFor(owner: string): number {
    return this.byOwner.get(owner)?.size ?? 0;
  }

  /** Entries, bytes charged, and answers evicted so far (server.stats()). */
  stats(): { entries: number; bytes: number; evictedAnswers: number } {
    return { entries: this.entries.size, bytes: this.totalBytes, evictedAnswers: this.evictedAnswers };
  }

  /** Evict the oldest answers past `maxBytes`; then, if bare entries alone exceed it, the oldest entries. */
  private enforceBytes(): void {
    for (const entry of this.withBody) {
      if (this.totalBytes <= this.limits.maxBytes) return;
      this.releaseBody(entry);
      entry.state = 'evicted';
      this.evictedAnswers++;
    }
    for (const entry of this.entries.values()) {
      if (this.totalBytes <= this.limits.maxBytes) return;
      this.drop(entry);
    }
  }

  private releaseBody(entry: ReplayEntry<Waiter>): void {
    if (!this.withBody.delete(entry)) return;
    const size = entry.bytes - entryOverhead(entry.id);
    entry.bytes -= size;
    this.totalBytes -= size;
    entry.body = undefined;
  }

  private drop(entry: ReplayEntry<Waiter>): void {
    if (this.entries.get(entry.id) !== entry) return;
    this.releaseBody(entry);
    this.entries.delete(entry.id);
    this.totalBytes -= entry.bytes;
    const ids = this.byOwner.get(entry.owner);
    ids?.delete(entry.id);
    if (ids?.size === 0) this.byOwner.delete(entry.owner);
  }
}
