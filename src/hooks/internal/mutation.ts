/**
 * Shared body of useCreate / useUpdate / useDelete: a TanStack mutation around one client
 * write, with the AsklessResponse error thrown as the mutation error.
 */
import { useMutation, type UseMutationOptions, type UseMutationResult } from '@tanstack/react-query';
import type { AsklessError } from '../../core/errors.js';
import type { AsklessClientLike } from './client.js';
import { useAsklessContext } from './context.js';

/**
 * Variables of one write: the body and, optionally, params that override the hook's.
 * @example
 * updateProduct.mutate({ body: { price: 30 }, params: { id: 7 } } satisfies AsklessMutationVariables);
 */
export interface AsklessMutationVariables<TBody = unknown> {
  body?: TBody;
  params?: Record<string, unknown> | null;
  /** Abort this write: the mutation fails with `ABORTED` at once (see `AbortedRequestError.outcome`). */
  signal?: AbortSignal;
}

/** Options shared by the three write hooks: the route, default params, any mutation option. */
export interface UseAsklessMutationOptions<TOutput, TBody = unknown, TContext = unknown>
  extends Omit<
    UseMutationOptions<TOutput, AsklessError, AsklessMutationVariables<TBody>, TContext>,
    'mutationFn'
  > {
  route: string;
  /** Params sent when a call gives none. */
  params?: Record<string, unknown> | null;
  neverTimeout?: boolean;
  persevere?: boolean;
  /** The handler's `ctx.progress(value)` values, in order, before the mutation settles. */
  onProgress?: (value: unknown) => void;
}

/** A write hook's result: TanStack's mutation result, errors typed as `AsklessError`. */
export type UseAsklessMutationResult<TOutput, TBody = unknown, TContext = unknown> = UseMutationResult<
  TOutput,
  AsklessError,
  AsklessMutationVariables<TBody>,
  TContext
>;

type Operation = 'create' | 'update' | 'delete';

/**
 * The mutation behind the write hooks.
 * @example
 * const create = useAsklessMutation('create', 'useCreate', { route: 'product' });
 */
export function useAsklessMutation<TOutput, TBody, TContext>(
  operation: Operation,
  hookName: string,
  options: UseAsklessMutationOptions<TOutput, TBody, TContext>,
): UseAsklessMutationResult<TOutput, TBody, TContext> {
  const { client } = useAsklessContext(hookName);
  const { route, params, neverTimeout, persevere, onProgress, ...mutationOptions } = options;
  return useMutation<TOutput, AsklessError, AsklessMutationVariables<TBody>, TContext>({
    ...mutationOptions,
    mutationFn: async (variables) => {
      const response = await write(client, operation)<TOutput>({
        route,
        params: (variables?.params !== undefined ? variables.params : params) ?? null,
        body: variables?.body,
        ...(neverTimeout !== undefined ? { neverTimeout } : {}),
        ...(persevere !== undefined ? { persevere } : {}),
        ...(onProgress ? { onProgress } : {}),
        ...(variables?.signal ? { signal: variables.signal } : {}),
      });
      if (response.error) throw response.error;
      return response.output as TOutput;
    },
  });
}

function write(client: AsklessClientLike, operation: Operation): AsklessClientLike['create'] {
  // Bound so the client's methods keep their `this`.
  if (operation === 'create') return client.create.bind(client);
  if (operation === 'update') return client.update.bind(client);
  return client.delete.bind(client);
}
