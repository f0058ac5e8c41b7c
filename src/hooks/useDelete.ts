import {
  useAsklessMutation,
  type UseAsklessMutationOptions,
  type UseAsklessMutationResult,
} from './internal/mutation.js';

/**
 * Options of {@link useDelete}.
 * @example
 * const options: UseDeleteOptions = { route: 'product', params: { id: 7 } };
 */
export type UseDeleteOptions<TOutput = unknown, TBody = unknown, TContext = unknown> = UseAsklessMutationOptions<
  TOutput,
  TBody,
  TContext
>;

/**
 * What {@link useDelete} returns: a TanStack mutation whose error is an `AsklessError`.
 * @example
 * const { mutate, isPending, error }: UseDeleteResult = useDelete({ route: 'product' });
 */
export type UseDeleteResult<TOutput = unknown, TBody = unknown, TContext = unknown> = UseAsklessMutationResult<
  TOutput,
  TBody,
  TContext
>;

/**
 * Deletes on a route (an Askless DELETE); `mutate({ body, params })`. A server error becomes the
 * mutation's `error`. Streams of the route see the change through the server's push.
 * @example
 * const remove = useDelete<Product>({ route: 'product' });
 * remove.mutate({ params: { id: 3 } }, { onError: (e) => toast(e.description) });
 */
export function useDelete<TOutput = unknown, TBody = unknown, TContext = unknown>(
  options: UseDeleteOptions<TOutput, TBody, TContext>,
): UseDeleteResult<TOutput, TBody, TContext> {
  return useAsklessMutation<TOutput, TBody, TContext>('delete', 'useDelete', options);
}
