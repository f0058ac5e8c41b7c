/**
 * Persisted streams (opt-in `readStream({ persist: true })`): the last live value of a stream is
 * kept in IndexedDB (through idb-keyval; the database is opened on first use only) so that a
 * reload renders it at once, marked `stale` until the live value arrives.
 *
 * Partitioned per user: values are written under the logged-in user (or `anon`), and a reload,
 * which knows no user before its login is answered, reads the partition of the last user this
 * browser saw logged in. A login as someone else hides what was shown and switches partition;
 * `clearAuthentication()` deletes the user's partition. Bounded: at most `maxEntries` streams per
 * partition (least recently written go first).
 */

import { createStore, delMany, get, set, type UseStore } from 'idb-keyval';

/**
 * Where persisted values live: IndexedDB by default; pass another (e.g. an in-memory Map) as
 * the client's `streamStorage` option.
 * @example
 * const memory = new Map<string, unknown>();
 * const storage: StreamStorage = {
 *   get: async (k) => memory.get(k), set: async (k, v) => void memory.set(k, v),
 *   delMany: async (ks) => ks.forEach((k) => memory.delete(k)),
 * };
 */
export interface StreamStorage {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  delMany(keys: string[]): Promise<void>;
}

/** Default bound of persisted streams per user partition. */
export const MAX_PERSISTED_STREAMS = 50;

/**
 * The default storage: one IndexedDB database `askless-react`, store `streams`, opened on first use.
 * @example
 * new StreamPersistence(serverUrl, idbStreamStorage(), log);
 */
export function idbStreamStorage(): StreamStorage {
  let store: UseStore | undefined;
  const open = (): UseStore => (store ??= createStore('askless-react', 'streams'));
  return {
    get: (key) => get(key, open()),
    set: (key, value) => set(key, value, open()),
    delMany: (keys) => delMany(keys, open()),
  };
}

const ANON = 'anon';

/**
 * The client's persisted-stream store for one server URL.
 * @example
 * const persistence = new StreamPersistence('ws://127.0.0.1:3000', idbStreamStorage(), log);
 * const stored = await persistence.load('products|null');
 */
export class StreamPersistence {
  /** The partition of the last user seen logged in (undefined until read from storage). */
  private remembered: Promise<string | undefined> | undefined;
  /** The logged-in user's partition while authenticated. */
  private current: string | undefined;
  /** Stream keys per partition, most recently written last (loaded lazily). */
  private readonly indexes = new Map<string, Promise<string[]>>();
  /** Writes and deletions run one after another: a logout never races a write it follows. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly namespace: string,
    private readonly storage: StreamStorage,
    private readonly log: (message: string) => void,
    private readonly maxEntries = MAX_PERSISTED_STREAMS,
  ) {}

  /** The stored value of `streamKey` for the current partition, if any. Never rejects. */
  async load(streamKey: string): Promise<{ value: unknown } | undefined> {
    try {
      const partition = await this.partition();
      const record = await this.storage.get(this.key(partition, streamKey));
      if (typeof record !== 'object' || record === null || !('value' in record)) return undefined;
      return { value: (record as { value: unknown }).value };
    } catch (error) {
      this.log(`persisted stream ${streamKey} could not be read (${String(error)})`);
      return undefined;
    }
  }

  /** Store the live value of `streamKey` (fire and forget). */
  save(streamKey: string, value: unknown): void {
    const user = this.current; // the user the value was pushed to, even if a logout follows
    this.enqueue(async () => {
      const partition = user ?? (await this.partition());
      await this.storage.set(this.key(partition, streamKey), { value, at: Date.now() });
      await this.touch(partition, streamKey);
    }, `persisted stream ${streamKey} could not be written`);
  }

  /**
   * A login succeeded as `userId`. Returns true when the partition changed from the one a reload
   * read (what is shown belongs to someone else and must go).
   */
  async onAuthenticated(userId: unknown): Promise<boolean> {
    const partition = `u:${JSON.stringify(userId)}`;
    this.current = partition;
    const before = await this.rememberedPartition();
    if (before === partition) return false;
    this.remembered = Promise.resolve(partition);
    await this.enqueue(async () => {
      // The previous user's values must not stay on a shared machine.
      if (before !== undefined) await this.deletePartition(before);
      await this.storage.set(this.pointerKey(), partition);
    }, 'persisted streams could not switch user');
    return true;
  }

  /** Logout: delete the user's partition and forget them. Resolves when storage is cleared. */
  onLogout(): Promise<void> {
    const current = this.current;
    const remembered = this.rememberedPartition();
    this.current = undefined;
    this.remembered = Promise.resolve(undefined);
    return this.enqueue(async () => {
      const partition = current ?? (await remembered);
      if (partition === undefined) return;
      await this.deletePartition(partition);
      await this.storage.delMany([this.pointerKey()]);
    }, 'persisted streams could not be deleted');
  }

  private async deletePartition(partition: string): Promise<void> {
    const keys = await this.index(partition);
    this.indexes.delete(partition);
    await this.storage.delMany([...keys.map((k) => this.key(partition, k)), this.indexKey(partition)]);
    this.log(`persisted streams of a previous user deleted (${keys.length})`);
  }

  private enqueue(work: () => Promise<void>, failure: string): Promise<void> {
    this.queue = this.queue.then(work).catch((error: unknown) => this.log(`${failure} (${String(error)})`));
    return this.queue;
  }

  private async partition(): Promise<string> {
    return this.current ?? (await this.rememberedPartition()) ?? ANON;
  }

  private rememberedPartition(): Promise<string | undefined> {
    this.remembered ??= this.storage.get(this.pointerKey()).then(
      (value) => (typeof value === 'string' ? value : undefined),
      () => undefined,
    );
    return this.remembered;
  }

  private index(partition: string): Promise<string[]> {
    let index = this.indexes.get(partition);
    if (!index) {
      index = this.storage.get(this.indexKey(partition)).then(
        (value) => (Array.isArray(value) ? value.filter((k): k is string => typeof k === 'string') : []),
        () => [],
      );
      this.indexes.set(partition, index);
    }
    return index;
  }

  /** Move `streamKey` to the recent end of the partition's index; evict past `maxEntries`. */
  private async touch(partition: string, streamKey: string): Promise<void> {
    const keys = (await this.index(partition)).filter((k) => k !== streamKey);
    keys.push(streamKey);
    const evicted = keys.splice(0, Math.max(0, keys.length - this.maxEntries));
    this.indexes.set(partition, Promise.resolve(keys));
    await this.storage.set(this.indexKey(partition), keys);
    if (evicted.length > 0) await this.storage.delMany(evicted.map((k) => this.key(partition, k)));
  }

  private key(partition: string, streamKey: string): string {
    return `${this.namespace}|${partition}|${streamKey}`;
  }

  private indexKey(partition: string): string {
    return `${this.namespace}|${partition}|#index`;
  }

  private pointerKey(): string {
    return `${this.namespace}|#user`;
  }
}
