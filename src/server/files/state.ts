/**
 * The server's transfers: records by id, an index by user, each sender's reserved bytes, the
 * per-transfer queue that keeps store calls for one id in order, and the waiters of downloads
 * that arrived before their bytes. One instance per `registerFileRoutes`, nothing at module
 * level, every entry freed when its transfer ends or expires (a cluster layer can replace it).
 */
import { TERMINAL_STATES, type FileRecord, type TransferState } from '../../core/files/wire.js';
import type { FileStore } from './store.js';

/** One transfer and what the server keeps beside its record. */
export interface TransferEntry {
  record: FileRecord;
  /** The sender's SHA-256, once sent. */
  sha256?: string;
  /** The sender asked for peer to peer. */
  senderP2p: boolean;
  /** True once the store holds a blob for it. */
  hasBlob: boolean;
  /** Signals relayed so far (bounded). */
  signals: number;
  /** Store calls for this id run one after another. */
  queue: Promise<unknown>;
  /** Downloads waiting for more bytes (woken on upload, end and finish). */
  waiters: Set<() => void>;
  /** Uploaded chunks not downloaded yet, kept as their base64 text (relay path, bounded). */
  relayed?: RelayedChunk[];
  /** Characters held in `relayed`. */
  relayedChars?: number;
}

/** One uploaded chunk as it came: `length` bytes from `offset`, as base64 `text`. */
export interface RelayedChunk {
  offset: number;
  length: number;
  text: string;
}

const key = (id: unknown): string => String(id);

/**
 * Every transfer of one server.
 * @example
 * const transfers = new FileTransfers(store);
 * transfers.add(entry); transfers.of(userId); await transfers.finish(entry, 'canceled');
 */
export class FileTransfers {
  private readonly entries = new Map<string, TransferEntry>();
  private readonly byUser = new Map<string, Set<string>>();
  private readonly reservedBy = new Map<string, number>();
  /** Characters of base64 held in memory for relayed downloads, all transfers together. */
  private relayChars = 0;

  constructor(private readonly store: FileStore) {}

  get size(): number {
    return this.entries.size;
  }

  get(id: string): TransferEntry | undefined {
    return this.entries.get(id);
  }

  /** Records of `userId` (as sender or receiver), oldest first. */
  of(userId: unknown): TransferEntry[] {
    return [...(this.byUser.get(key(userId)) ?? [])].map((id) => this.entries.get(id)!).filter(Boolean);
  }

  /** Bytes reserved by `userId`'s open transfers. */
  reserved(userId: unknown): number {
    return this.reservedBy.get(key(userId)) ?? 0;
  }

  add(entry: TransferEntry): void {
    const { id, fromUserId, toUserId, size } = entry.record;
    this.entries.set(id, entry);
    for (const user of [fromUserId, toUserId]) {
      const set = this.byUser.get(key(user)) ?? new Set<string>();
      set.add(id);
      this.byUser.set(key(user), set);
    }
    this.reservedBy.set(key(fromUserId), this.reserved(fromUserId) + size);
  }

  /** Run a store task for `entry` after the ones before it; a failure does not block the next. */
  enqueue<T>(entry: TransferEntry, task: () => Promise<T>): Promise<T> {
    const run = entry.queue.then(task, task);
    entry.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Keep an uploaded chunk's text for the online receiver's download (which then needs neither
   * the disk nor a new base64 encoding), if it fits both bounds; otherwise it is read from the store.
   */
  keepRelayed(entry: TransferEntry, chunk: RelayedChunk, maxPerTransfer: number, maxTotal: number): void {
    const chars = chunk.text.length;
    const held = entry.relayedChars ?? 0;
    if (held + chars > maxPerTransfer || this.relayChars + chars > maxTotal) return;
    (entry.relayed ??= []).push(chunk);
    entry.relayedChars = held + chars;
    this.relayChars += chars;
  }

  /**
   * The text of exactly `[offset, offset + length)` if it is held; that chunk and every one
   * before it are forgotten (downloads go forward; a repeat is served from the store).
   */
  takeRelayed(entry: TransferEntry, offset: number, length: number): string | undefined {
    const list = entry.relayed;
    if (!list || list.length === 0) return undefined;
    const i = list.findIndex((c) => c.offset === offset);
    if (i < 0 || list[i]!.length !== length) return undefined;
    const text = list[i]!.text;
    let freed = 0;
    for (const c of list.splice(0, i + 1)) freed += c.text.length;
    entry.relayedChars = (entry.relayedChars ?? 0) - freed;
    this.relayChars -= freed;
    return text;
  }

  /** Forget every chunk held for `entry`. */
  dropRelayed(entry: TransferEntry): void {
    if (!entry.relayed) return;
    this.relayChars -= entry.relayedChars ?? 0;
    entry.relayed = undefined;
    entry.relayedChars = 0;
  }

  /** Characters held for relayed downloads (tests, metrics). */
  get relayedChars(): number {
    return this.relayChars;
  }

  /** Wake every download waiting on `entry`. */
  wake(entry: TransferEntry): void {
    for (const waiter of [...entry.waiters]) waiter();
  }

  /**
   * End a transfer: set its final state, release its reservation, delete its bytes, wake its
   * waiters. Returns false if it had ended already.
   */
  finish(entry: TransferEntry, state: TransferState, error?: { code: string; description: string }): boolean {
    if (TERMINAL_STATES.has(entry.record.state)) return false;
    entry.record = { ...entry.record, state, ...(error ? { error } : {}) };
    const from = key(entry.record.fromUserId);
    const left = this.reserved(from) - entry.record.size;
    if (left > 0) this.reservedBy.set(from, left);
    else this.reservedBy.delete(from);
    this.dropRelayed(entry);
    this.dropBlob(entry);
    this.wake(entry);
    return true;
  }

  /** Forget a transfer entirely (ending it first if it is still open). */
  remove(entry: TransferEntry): void {
    this.finish(entry, 'failed', { code: 'FILE_EXPIRED', description: 'The transfer expired' });
    const { id, fromUserId, toUserId } = entry.record;
    this.entries.delete(id);
    for (const user of [fromUserId, toUserId]) {
      const set = this.byUser.get(key(user));
      set?.delete(id);
      if (set?.size === 0) this.byUser.delete(key(user));
    }
  }

  /** Open transfers past their expiry (to fail) and ended ones past it (to forget). */
  expired(now: number): TransferEntry[] {
    return [...this.entries.values()].filter((e) => e.record.expiresAt <= now);
  }

  /** Forget everything (server stop); the store keeps nothing of ended transfers. */
  clear(): void {
    for (const entry of [...this.entries.values()]) this.remove(entry);
  }

  private dropBlob(entry: TransferEntry): void {
    // Queued behind any upload still running: one that was creating the blob when the
    // transfer ended has set `hasBlob` by the time this runs, so nothing is left on disk.
    void this.enqueue(entry, async () => {
      if (!entry.hasBlob) return;
      entry.hasBlob = false;
      await this.store.delete(entry.record.id);
    }).catch(() => undefined);
  }
}
