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
  private readonly ids = new Map<string, number>();
  // Arrival order as a queue (ids and times from `head` on are live). Pruning and eviction never
  // iterate the Map: V8 keeps deleted Map entries as holes that iteration must skip, so a Map
  // used as a FIFO costs O(holes) per call once full (tens of µs a push after 20,000 pushes).
  private order: string[] = [];
  private times: number[] = [];
  private head = 0;

  constructor(
    readonly ttlMs = 10 * 60_000,
    readonly maxSize = 20_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Record `serverId` (arrived at `t`, default now); true when it was not seen within the window (so it must be processed). */
  markSeen(serverId: string, t: number = this.now()): boolean {
    this.prune(t);
    if (this.ids.has(serverId)) return false;
    this.ids.set(serverId, t);
    this.order.push(serverId);
    this.times.push(t);
    if (this.ids.size > this.maxSize) this.dropOldest();
    return true;
  }

  get size(): number {
    return this.ids.size;
  }

  private prune(t: number): void {
    while (this.head < this.order.length && t - this.times[this.head]! >= this.ttlMs) this.dropOldest();
  }

  private dropOldest(): void {
    this.ids.delete(this.order[this.head]!);
    this.head++;
    if (this.head >= 1024 && this.head * 2 >= this.order.length) {
      this.order = this.order.slice(this.head);
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
  }
}

/**
 * The de-duplication key of an inbound frame: its `serverId` plus a 53-bit hash of the frame text.
 * A resent copy is the same text, so it maps to the same key; a new message that happens to
 * reuse a remembered id (2.0.3 push ids carry only 5 random characters, about 1 in 45,000 at
 * 20,000 remembered ids) differs in text and is not mistaken for a copy.
 * @example
 * seen.markSeen(dedupeKey(message.serverId, rawText));
 */
export function dedupeKey(serverId: string, frameText: unknown): string {
  if (typeof frameText !== 'string') return serverId;
  // cyrb53 (public domain): fast, well-mixed, no dependency.
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < frameText.length; i++) {
    const ch = frameText.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return `${serverId}#${(4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36)}`;
}
