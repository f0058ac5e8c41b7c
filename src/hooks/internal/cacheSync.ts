/**
 * Writes live stream values into the TanStack Query cache, once per value however many hooks
 * watch the same stream (50 identical `useReadStream` hooks must not mean 50 cache writes).
 */
import type { QueryClient } from '@tanstack/react-query';
import { asklessQueryKey } from './keys.js';

interface Entry {
  holders: number;
  /** The last value written: all hooks of one shared stream see the same object. */
  last: unknown;
  written: boolean;
}

/**
 * Per-provider registry of streams that feed the query cache, ref-counted by stream key.
 * @example
 * const sync = new StreamCacheSync();
 * const release = sync.retain(queryClient, key);
 * sync.offer(queryClient, key, 'products', null, value);
 * release();
 */
export class StreamCacheSync {
  private readonly byClient = new WeakMap<QueryClient, Map<string, Entry>>();

  /** Declares interest in `key`; the returned function releases it (idempotent). */
  retain(queryClient: QueryClient, key: string): () => void {
    const entries = this.entries(queryClient);
    let entry = entries.get(key);
    if (!entry) {
      entry = { holders: 0, last: undefined, written: false };
      entries.set(key, entry);
    }
    entry.holders += 1;
    const held = entry;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      held.holders -= 1;
      // Forget the value with the last holder: a later stream delivers a fresh one anyway.
      if (held.holders === 0 && entries.get(key) === held) entries.delete(key);
    };
  }

  /** Writes `value` under `['askless', route, params]` unless this exact value was written already. */
  offer(
    queryClient: QueryClient,
    key: string,
    route: string,
    params: Record<string, unknown> | null | undefined,
    value: unknown,
  ): void {
    const entry = this.entries(queryClient).get(key);
    if (!entry) return;
    if (entry.written && Object.is(entry.last, value)) return;
    entry.last = value;
    entry.written = true;
    queryClient.setQueryData(asklessQueryKey(route, params), value);
  }

  private entries(queryClient: QueryClient): Map<string, Entry> {
    let entries = this.byClient.get(queryClient);
    if (!entries) {
      entries = new Map();
      this.byClient.set(queryClient, entries);
    }
    return entries;
  }
}
