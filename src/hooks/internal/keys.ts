/**
 * Keys the React layer shares with the core and TanStack Query.
 */
import { streamKey } from '../../core/stream-key.js';

export { streamKey };

/**
 * The TanStack Query key of a route read: `['askless', route, params]` (params `null` when absent).
 * @example
 * const key: AsklessQueryKey = asklessQueryKey('products', { page: 1 }); // ['askless', 'products', { page: 1 }]
 */
export type AsklessQueryKey = readonly ['askless', string, Record<string, unknown> | null];

/**
 * The query key `useRead` uses and a live `useReadStream` writes to; use it to invalidate or seed.
 * @example
 * queryClient.invalidateQueries({ queryKey: asklessQueryKey('products', { nameContains: 'a' }) });
 */
export function asklessQueryKey(route: string, params?: Record<string, unknown> | null): AsklessQueryKey {
  // `null` mirrors the wire (Flutter sends null params); like streamKey, `{}` is "no params" too.
  return ['askless', route, params && Object.keys(params).length > 0 ? params : null];
}
