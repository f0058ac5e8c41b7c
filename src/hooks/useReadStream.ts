import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { useAsklessContext } from './internal/context.js';
import {
  ReadStreamObserver,
  type ReadStreamObserverOptions,
  type ReadStreamResult,
} from './internal/readStreamObserver.js';

/**
 * Options of {@link useReadStream}.
 * @example
 * const options: UseReadStreamOptions = { route: 'products', params: { nameContains: 'a' }, enabled: isOpen };
 */
export type UseReadStreamOptions = ReadStreamObserverOptions;

/**
 * What {@link useReadStream} returns: `{ data, error, status }`.
 * @example
 * const { data, error, status }: UseReadStreamResult<Product[]> = useReadStream({ route: 'products' });
 */
export type UseReadStreamResult<T> = ReadStreamResult<T>;

/**
 * Live data of a route: sends a LISTEN while mounted (shared by every identical hook in the
 * provider) and re-renders on each push. `status` is `'pending' | 'live' | 'reconnecting' |
 * 'error'`; the last `data` stays while reconnecting. `params` are compared by value, so an
 * inline object does not resubscribe. Each value is also written to the query cache under
 * `['askless', route, params]` for `useRead` consumers (opt out with `syncQueryCache: false`).
 * @example
 * const { data, status } = useReadStream<Product[]>({ route: 'products', params: { nameContains: query } });
 * if (status === 'pending') return <Spinner />;
 * return <ProductList products={data ?? []} stale={status === 'reconnecting'} />;
 */
export function useReadStream<T = unknown>(options: UseReadStreamOptions): UseReadStreamResult<T> {
  const { client, cacheSync } = useAsklessContext('useReadStream');
  const queryClient = useQueryClient();
  // One observer per hook (and per client/QueryClient); it does no I/O until subscribed.
  const observer = useMemo(
    () => new ReadStreamObserver<T>(client, options, { sync: cacheSync, queryClient }),
    // Options are not deps: they are pushed in the effect below, compared by value.
    [client, cacheSync, queryClient],
  );
  useEffect(() => {
    observer.setOptions(options);
  });
  const result = useSyncExternalStore(observer.subscribe, observer.getSnapshot, observer.getServerSnapshot);
  return observer.getOptimisticResult(options, result);
}
