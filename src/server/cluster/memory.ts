/**
 * The default {@link ClusterAdapter}: one process, nothing shared. Fan-out and metadata are
 * no-ops (every listener is local and the server reaches it directly), `instanceId` is random
 * per process, and the shared records are a bounded in-process map with lifetimes.
 */
import { randomAlphanumeric } from '../../core/ids.js';
import type { ClusterAdapter, ConnectionMeta, PeerListeners, SharedRecords } from './types.js';

/**
 * Records with a lifetime in one process's memory, bounded by count (oldest first out).
 * @example
 * const records = new MemoryRecords(10_000);
 * await records.set('k', '"v"', 1000);
 */
export class MemoryRecords implements SharedRecords {
  private readonly entries = new Map<string, { value: string; expiresAt: number }>();

  constructor(private readonly maxEntries = 100_000) {}

  async get(key: string): Promise<string | undefined> {
    return this.read(key);
  }

  async set(key: string, value: string, ttlMs: number, options: { onlyIfAbsent?: boolean } = {}): Promise<boolean> {
    if (options.onlyIfAbsent && this.read(key) !== undefined) return false;
    this.write(key, value, ttlMs);
    return true;
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }

  async update(key: string, change: (current: string | undefined) => string | undefined, ttlMs: number): Promise<string | undefined> {
    // Synchronous from read to write: no other update can interleave.
    const next = change(this.read(key));
    if (next === undefined) this.entries.delete(key);
    else this.write(key, next, ttlMs);
    return next;
  }

  /** Entries held, expired ones included until touched. */
  get size(): number {
    return this.entries.size;
  }

  private read(key: string): string | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt > Date.now()) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  private write(key: string, value: string, ttlMs: number): void {
    this.entries.delete(key); // re-insert: the map stays ordered by last write
    this.entries.set(key, { value, expiresAt: Date.now() + ttlMs });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }
}

/**
 * One process, in memory: the server's behaviour without `cluster`.
 * @example
 * const cluster = new MemoryCluster();
 * cluster.distributed; // false
 */
export class MemoryCluster implements ClusterAdapter {
  readonly distributed = false;
  readonly processId = randomAlphanumeric(8);
  readonly instanceId = randomAlphanumeric(16);
  readonly records = new MemoryRecords();

  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  publish(): void {}
  setConnection(): void {}
  setListener(): void {}
  async peerListeners(): Promise<PeerListeners[]> {
    return [];
  }
  async isAlive(processId: string): Promise<boolean> {
    return processId === this.processId;
  }
  async peerConnections(): Promise<ConnectionMeta[]> {
    return [];
  }
}
