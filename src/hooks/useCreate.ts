import {
  useAsklessMutation,
  type UseAsklessMutationOptions,
  type UseAsklessMutationResult,
} from './internal/mutation.js';

/**
 * Options of {@link useCreate}.
 * @example
 * const options: UseCreateOptions<Product, NewProduct> = { route: 'product', onSuccess: (p) => select(p.id) };
 */
export type UseCreateOptions<TOutput = unknown, TBody = unknown, TContext = unknown> = UseAsklessMutationOptions<
  TOutput,
  TBody,
  TContext
>;

/**
 * What {@link useCreate} returns: a TanStack mutation whose error is an `AsklessError`.
 * @example
 * const { mutate, isPending, error }: UseCreateResult<Product, NewProduct> = useCreate({ route: 'product' });
 */
export type UseCreateResult<TOutput = unknown, TBody = unknown, TContext = unknown> = UseAsklessMutationResult<
  TOutput,
  TBody,
  TContext
>;

/**
 * Creates on a route (an Askless CREATE); `mutate({ body, params })`. A server error becomes the
 * mutation's `error`. Streams of the route see the change through the server's push.
 * @example
 * const createProduct = useCreate<Product, NewProduct>({ route: 'product' });
 * createProduct.mutate({ body: { name: 'Lamp', price: 30 } });
 */
export function useCreate<TOutput = unknown, TBody = unknown, TContext = unknown>(
  options: UseCreateOptions<TOutput, TBody, TContext>,
): UseCreateResult<TOutput, TBody, TContext> {
  return useAsklessMutation<TOutput, TBody, TContext>('create', 'useCreate', options);
}
