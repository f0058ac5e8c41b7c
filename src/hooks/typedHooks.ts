/**
 * The data hooks typed by a route map (see core/routes.ts): the same functions, with their
 * object forms checked against the map. No run-time cost and no new hook: untyped calls of
 * `useReadStream` and friends are unchanged.
 */
import type { UseMutationResult } from '@tanstack/react-query';
import type { AsklessError } from '../core/errors.js';
import type { AsklessRoutes, BodyOf, BodyOption, OutputOf, ParamsOf, ParamsOption, RoutesWith } from '../core/routes.js';
import type { UseAsklessMutationOptions } from './internal/mutation.js';
import { useCreate } from './useCreate.js';
import { useDelete } from './useDelete.js';
import { useRead, type UseReadOptions, type UseReadResult } from './useRead.js';
import { useReadStream, type UseReadStreamOptions, type UseReadStreamResult } from './useReadStream.js';
import { useUpdate } from './useUpdate.js';

type WriteOp = 'create' | 'update' | 'delete';

/**
 * What `mutate(...)` of a typed write hook takes: the declared body and params.
 * @example
 * const v: TypedMutationVariables<AppRoutes, 'product', 'create'> = { body: { name: 'Lamp', price: 3 } };
 */
export type TypedMutationVariables<R extends AsklessRoutes, K extends RoutesWith<R, Op>, Op extends WriteOp> = BodyOption<BodyOf<R, K, Op>> & {
  params?: ParamsOf<R, K, Op> | null;
  signal?: AbortSignal;
};

/**
 * Options of a typed write hook: the route and hook-level params checked against the map.
 * @example
 * const o: TypedMutationOptions<AppRoutes, 'product', 'create'> = { route: 'product', onSuccess: (p) => select(p.id) };
 */
export type TypedMutationOptions<R extends AsklessRoutes, K extends RoutesWith<R, Op>, Op extends WriteOp, TContext = unknown> = Omit<
  UseAsklessMutationOptions<OutputOf<R, K, Op>, BodyOf<R, K, Op>, TContext>,
  'route' | 'params'
> & { route: K; params?: ParamsOf<R, K, Op> | null };

/**
 * The result of a typed write hook (`mutate` takes {@link TypedMutationVariables}).
 * @example
 * const create: TypedMutationResult<AppRoutes, 'product', 'create'> = api.useCreate({ route: 'product' });
 */
export type TypedMutationResult<R extends AsklessRoutes, K extends RoutesWith<R, Op>, Op extends WriteOp, TContext = unknown> = UseMutationResult<
  OutputOf<R, K, Op>,
  AsklessError,
  TypedMutationVariables<R, K, Op>,
  TContext
>;

/**
 * The data hooks typed by route map `R`.
 * @example
 * const api: TypedHooks<AppRoutes> = typedHooks<AppRoutes>();
 */
export interface TypedHooks<R extends AsklessRoutes> {
  useReadStream<K extends RoutesWith<R, 'read'>>(
    options: Omit<UseReadStreamOptions, 'route' | 'params'> & { route: K } & ParamsOption<ParamsOf<R, K, 'read'>>,
  ): UseReadStreamResult<OutputOf<R, K, 'read'>>;
  useRead<K extends RoutesWith<R, 'read'>, TData = OutputOf<R, K, 'read'>>(
    options: Omit<UseReadOptions<OutputOf<R, K, 'read'>, TData>, 'route' | 'params'> & { route: K } & ParamsOption<ParamsOf<R, K, 'read'>>,
  ): UseReadResult<TData>;
  useCreate<K extends RoutesWith<R, 'create'>, TContext = unknown>(
    options: TypedMutationOptions<R, K, 'create', TContext>,
  ): TypedMutationResult<R, K, 'create', TContext>;
  useUpdate<K extends RoutesWith<R, 'update'>, TContext = unknown>(
    options: TypedMutationOptions<R, K, 'update', TContext>,
  ): TypedMutationResult<R, K, 'update', TContext>;
  useDelete<K extends RoutesWith<R, 'delete'>, TContext = unknown>(
    options: TypedMutationOptions<R, K, 'delete', TContext>,
  ): TypedMutationResult<R, K, 'delete', TContext>;
}

/**
 * `useReadStream`, `useRead`, `useCreate`, `useUpdate`, `useDelete` typed by route map `R`:
 * a wrong route name, params or body fails to compile. Call it once at module level.
 * @example
 * export const { useReadStream, useCreate } = typedHooks<AppRoutes>();
 * const { data } = useReadStream({ route: 'products', params: { nameContains } }); // data: Product[] | undefined
 */
export function typedHooks<R extends AsklessRoutes>(): TypedHooks<R> {
  return { useReadStream, useRead, useCreate, useUpdate, useDelete } as unknown as TypedHooks<R>;
}
