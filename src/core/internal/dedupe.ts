/**
 * Memory of processed `serverId`s (askless-protocol.md §4.2, Q10): the 2.0.3 server resends every
 * unconfirmed message for 40 s, so the client remembers ids for much longer (default 10 min) and
 * bounds the memory by count so a long session cannot grow it without limit.
 */

/**
 * Remembers ids with their arrival time; forgets them after `ttlMs` or when over `maxSize`.
 * @example
 * const seen = new ServerIdMemory();
 * if (seen.markSeen('RES-1')) process(); // true the first time only
 */
export class ServerIdMemory {
  // A Map iterates in insertion order, so the first entries are always the oldest.
  private readonly ids = new Map<string, number>();

  constructor(
    readonly ttlMs = 10 * 60_000,
    readonly maxSize = 20_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Record `serverId`; true when it was not seen within the window (so it must be processed). */
  markSeen(serverId: string): boolean {
    const t = this.now();
    this.prune(t);
    if (this.ids.has(serverId)) return false;
    this.ids.set(serverId, t);
    if (this.ids.size > this.maxSize) {
      const oldest = this.ids.keys().next();
      if (!oldest.done) this.ids.delete(oldest.value);
    }
    return true;
  }

  get size(): number {
    return this.ids.size;
  }

  private prune(t: number): void {
    for (const [id, at] of this.ids) {
      if (t - at < this.ttlMs) break;
      this.ids.delete(id);
    }
  }
}
