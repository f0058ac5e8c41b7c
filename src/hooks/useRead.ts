import { useQuery, type UseQueryOptions, type UseQueryResult } from '@tanstack/react-query';
import { AsklessError, ClientErrorCode } from '../core/errors.js';
import { useAsklessContext } from './internal/context.js';
import { asklessQueryKey, type AsklessQueryKey } from './internal/keys.js';

/**
 * Options of {@link useRead}: the route, its params and any TanStack query option.
 * @example
 * const options: UseReadOptions<Product[]> = { route: 'products', params: { page: 1 }, staleTime: 10_000 };
 */
export interface UseReadOptions<T, TData = T>
  extends Omit<UseQueryOptions<T, AsklessError, TData, AsklessQueryKey>, 'queryKey' | 'queryFn'> {
  route: string;
  params?: Record<string, unknown> | null;
  /** Wait for the answer without the client's request timeout. */
  neverTimeout?: boolean;
  /** Keep waiting for a login across `clearAuthentication()`. */
  persevere?: boolean;
}

/**
 * What {@link useRead} returns: TanStack's query result, errors typed as `AsklessError`.
 * @example
 * const { data, error, isPending }: UseReadResult<Product[]> = useRead<Product[]>({ route: 'products' });
 */
export type UseReadResult<TData> = UseQueryResult<TData, AsklessError>;

// Worth retrying only when the server never answered; an answered error would repeat.
const TRANSIENT = new Set<string>([ClientErrorCode.NO_CONNECTION, ClientErrorCode.TIMEOUT, ClientErrorCode.OUTCOME_UNKNOWN]);
const defaultRetry = (failureCount: number, error: AsklessError): boolean =>
  failureCount < 3 && TRANSIENT.has(error.code);

/**
 * A one-shot READ through TanStack Query, key `['askless', route, params]`. A failed read
 * becomes `error` (an `AsklessError`); only connection failures are retried by default. A live
 * `useReadStream` of the same route and params keeps this query's data current.
 * @example
 * const { data, error, isPending } = useRead<Product[]>({ route: 'products', staleTime: 10_000 });
 * if (error) return <p>{error.code}: {error.description}</p>;
 */
export function useRead<T = unknown, TData = T>(options: UseReadOptions<T, TData>): UseReadResult<TData> {
  const { client } = useAsklessContext('useRead');
  const { route, params, neverTimeout, persevere, ...queryOptions } = options;
  return useQuery<T, AsklessError, TData, AsklessQueryKey>({
    retry: defaultRetry,
    ...queryOptions,
    queryKey: asklessQueryKey(route, params),
    queryFn: async ({ signal }) => {
      const response = await client.read<T>({
        route,
        params: params ?? null,
        signal,
        ...(neverTimeout !== undefined ? { neverTimeout } : {}),
        ...(persevere !== undefined ? { persevere } : {}),
      });
      if (response.error) throw response.error;
      // TanStack forbids `undefined` data; a READ without output is `null` on the wire anyway.
      return (response.output ?? null) as T;
    },
  });
}
