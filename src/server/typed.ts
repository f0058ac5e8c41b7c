/**
 * `addRoute` typed by a route map (see core/routes.ts): the route name must be in the map, the
 * handler's `ctx.params` / `ctx.body` are the declared types and `successCallback` takes the
 * declared output. Compile time only: the wire still carries whatever a client sends, so
 * handlers keep validating what they read.
 */
import type { AsklessRoutes, BodyOf, OutputOf, ParamsOf, RoutesWith } from '../core/routes.js';
import type { ReadRoute } from './readRoute.js';
import type { AsklessServer } from './server.js';
import type {
  CreateRouteDefinition,
  DeleteRouteDefinition,
  Handler,
  ModifyContext,
  ReadContext,
  ReadRouteDefinition,
  UpdateRouteDefinition,
} from './types.js';

type Params<P> = [P] extends [undefined] ? Record<never, never> : P;

/**
 * A handler context whose `params` (and `body`) are the declared types.
 * @example
 * handleRead: (ctx: TypedReadContext<number, Product[], { nameContains?: string }>) => ctx.successCallback(find(ctx.params.nameContains))
 */
export type TypedReadContext<UserId, Output, P> = Omit<ReadContext<UserId, Output>, 'params'> & { params: Params<P> };
/**
 * The context of a typed create / update / delete handler.
 * @example
 * handleCreate: (ctx: TypedModifyContext<number, Product, {}, NewProduct>) => ctx.successCallback(add(ctx.body))
 */
export type TypedModifyContext<UserId, Output, P, B> = Omit<ModifyContext<UserId, Output>, 'params' | 'body'> & { params: Params<P>; body: B };

type Write = 'create' | 'update' | 'delete';
type HandlerKey = { create: 'handleCreate'; update: 'handleUpdate'; delete: 'handleDelete' };
type WriteDefinition<UserId, Op extends Write> = Op extends 'create'
  ? CreateRouteDefinition<UserId, any>
  : Op extends 'update'
    ? UpdateRouteDefinition<UserId, any>
    : DeleteRouteDefinition<UserId, any>;

/**
 * The definition of a typed write route.
 * @example
 * const d: TypedWriteDefinition<AppRoutes, 'product', 'create', number> = { route: 'product', handleCreate: (ctx) => ctx.successCallback(add(ctx.body)) };
 */
export type TypedWriteDefinition<R extends AsklessRoutes, K extends RoutesWith<R, Op>, Op extends Write, UserId> = Omit<
  WriteDefinition<UserId, Op>,
  'route' | HandlerKey[Op]
> & { route: K } & {
  [H in HandlerKey[Op]]: Handler<TypedModifyContext<UserId, OutputOf<R, K, Op>, ParamsOf<R, K, Op>, BodyOf<R, K, Op>>>;
};

/**
 * The route builders of one audience, typed by `R`.
 * @example
 * typedServer<AppRoutes, number>(server).addRoute.forAllUsers.read({ route: 'products', handleRead: (ctx) => ctx.successCallback([]) });
 */
export interface TypedRouteBuilders<R extends AsklessRoutes, UserId> {
  read<K extends RoutesWith<R, 'read'>>(
    definition: Omit<ReadRouteDefinition<UserId, OutputOf<R, K, 'read'>>, 'route' | 'handleRead'> & {
      route: K;
      handleRead: Handler<TypedReadContext<UserId, OutputOf<R, K, 'read'>, ParamsOf<R, K, 'read'>>>;
    },
  ): ReadRoute<UserId, OutputOf<R, K, 'read'>>;
  create<K extends RoutesWith<R, 'create'>>(definition: TypedWriteDefinition<R, K, 'create', UserId>): void;
  update<K extends RoutesWith<R, 'update'>>(definition: TypedWriteDefinition<R, K, 'update', UserId>): void;
  delete<K extends RoutesWith<R, 'delete'>>(definition: TypedWriteDefinition<R, K, 'delete', UserId>): void;
}

/**
 * A server whose `addRoute` is typed by `R` (everything else unchanged).
 * @example
 * const typed: TypedServer<AppRoutes, number> = typedServer<AppRoutes, number>(server);
 */
export type TypedServer<R extends AsklessRoutes, UserId> = Omit<AsklessServer<UserId>, 'addRoute'> & {
  readonly addRoute: { forAllUsers: TypedRouteBuilders<R, UserId>; forAuthenticatedUsers: TypedRouteBuilders<R, UserId> };
};

/**
 * The same server, with `addRoute` typed by route map `R`. No run-time cost: returns `server`.
 * @example
 * const api = typedServer<AppRoutes, number>(server);
 * api.addRoute.forAllUsers.read({ route: 'products', handleRead: (ctx) => ctx.successCallback(find(ctx.params.nameContains)) });
 */
export function typedServer<R extends AsklessRoutes, UserId = string | number>(server: AsklessServer<UserId>): TypedServer<R, UserId> {
  return server as unknown as TypedServer<R, UserId>;
}
