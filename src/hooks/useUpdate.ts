import {
  useAsklessMutation,
  type UseAsklessMutationOptions,
  type UseAsklessMutationResult,
} from './internal/mutation.js';

/**
 * Options of {@link useUpdate}.
 * @example
 * const options: UseUpdateOptions<Product, Partial<Product>> = { route: 'product', params: { id: 7 } };
 */
export type UseUpdateOptions<TOutput = unknown, TBody = unknown, TContext = unknown> = UseAsklessMutationOptions<
  TOutput,
  TBody,
  TContext
>;

/**
 * What {@link useUpdate} returns: a TanStack mutation whose error is an `AsklessError`.
 * @example
 * const { mutate, isPending, error }: UseUpdateResult<Product> = useUpdate({ route: 'product' });
 */
export type UseUpdateResult<TOutput = unknown, TBody = unknown, TContext = unknown> = UseAsklessMutationResult<
  TOutput,
  TBody,
  TContext
>;

/**
 * Updates on a route (an Askless UPDATE); `mutate({ body, params })`. A server error becomes the
 * mutation's `error`. Streams of the route see the change through the server's push.
 * @example
 * const rename = useUpdate<Product>({ route: 'product' });
 * rename.mutate({ params: { id: 3 }, body: { name: 'Desk lamp' } });
 */
export function useUpdate<TOutput = unknown, TBody = unknown, TContext = unknown>(
  options: UseUpdateOptions<TOutput, TBody, TContext>,
): UseUpdateResult<TOutput, TBody, TContext> {
  return useAsklessMutation<TOutput, TBody, TContext>('update', 'useUpdate', options);
}
