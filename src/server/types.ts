/**
 * Public types of the server: route definitions, handler contexts and the login callback
 * (askless-protocol.md §9).
 */

import type { RequestControls } from './request-controls.js';

/**
 * A route's `params`: `{}` when the client sent `null` or nothing.
 * @example
 * const id = Number(ctx.params['id']);
 */
export type RouteParams = Record<string, any>;
/**
 * Per-login data kept server-side and copied into every handler context.
 * @example
 * accept.asAuthenticatedUser({ userId: 1, locals: { tenant: 'acme' } }); // ctx.locals.tenant in handlers
 */
export type Locals = Record<string, any>;

/**
 * `{code?, description?}` passed to `errorCallback`.
 * @example
 * ctx.errorCallback({ code: 'NOT_FOUND', description: 'no such product' });
 */
export interface HandlerError {
  code?: string;
  description?: string;
}

/**
 * Who is asking, and with what. Present in every handler and hook.
 * @example
 * handleRead: (ctx) => ctx.userId === undefined ? ctx.errorCallback({ code: 'PERMISSION_DENIED' }) : ...
 */
export interface BaseContext<UserId> {
  params: RouteParams;
  /** A copy of the `locals` given at login (a stream keeps the copy made when it started). */
  locals: Locals;
  /** Undefined unless the connection is authenticated. */
  userId: UserId | undefined;
  claims: string[] | undefined;
  /** Our connection id (as in the logs), e.g. `c12`. */
  connectionId: string;
  /**
   * The caller's Askless client id (`clientIdInternalApp`): pass it to
   * `notifyChanges({ excludeClientId: ctx.clientId })` so a writer is not pushed its own change.
   */
  clientId: string;
}

/**
 * Reply callbacks: the first call wins, later calls are ignored.
 * @example
 * ctx.successCallback(entity); // or ctx.errorCallback({ code: 'X' })
 */
export interface ReplyCallbacks<Entity> {
  successCallback(entity: Entity): void;
  errorCallback(error?: HandlerError): void;
}

/**
 * Context of `handleRead` (READ, LISTEN start/restart and `notifyChanges`).
 * @example
 * handleRead: (ctx) => ctx.successCallback(products.filter((p) => p.name.includes(ctx.params.q ?? '')))
 */
export interface ReadContext<UserId, Entity = unknown> extends BaseContext<UserId>, ReplyCallbacks<Entity>, RequestControls {}

/**
 * Context of `handleCreate` / `handleUpdate` / `handleDelete`. Unlike 2.0.3 (Q20), DELETE gets `body` too.
 * @example
 * handleCreate: (ctx) => ctx.successCallback(store.add(ctx.body))
 */
export interface ModifyContext<UserId, Entity = unknown> extends ReadContext<UserId, Entity> {
  body: any;
}

/**
 * Why a stream stopped (for `onClientStopsListening`).
 * @example
 * onClientStopsListening: (ctx) => { if (ctx.reason === 'disconnect') markOffline(ctx.userId); }
 */
export type StopReason = 'client' | 'relisten' | 'disconnect' | 'server' | 'logout' | 'error' | 'shutdown';

/**
 * Context of `onClientStartsListening` / `onClientStopsListening`.
 * @example
 * onClientStopsListening: (ctx) => ctx.reason === 'disconnect' && markOffline(ctx.userId)
 */
export interface ListenContext<UserId> extends BaseContext<UserId> {
  listenId: string;
  /** Only for `onClientStopsListening`. */
  reason?: StopReason;
}

/**
 * A handler may be sync or async; throwing gives the client INTERNAL_ERROR (or the thrown AsklessError's code).
 * @example
 * const handleRead: Handler<ReadContext<number>> = async (ctx) => ctx.successCallback(await load());
 */
export type Handler<Ctx> = (ctx: Ctx) => void | Promise<void>;

/**
 * Definition of a read route (READ and LISTEN).
 * @example
 * server.addRoute.forAllUsers.read({ route: 'products', handleRead: (ctx) => ctx.successCallback(list) });
 */
export interface ReadRouteDefinition<UserId, Entity = any> {
  route: string;
  handleRead: Handler<ReadContext<UserId, Entity>>;
  /** Converts the (shallow-copied) entity to the wire `output`. */
  toOutput?: (entity: Entity) => unknown;
  /** Runs when the client confirms a successful response or push. */
  onReceived?: (entity: Entity, ctx: BaseContext<UserId>) => void;
  onClientStartsListening?: (ctx: ListenContext<UserId>) => void;
  onClientStopsListening?: (ctx: ListenContext<UserId>) => void;
}

/**
 * Definition of a create route.
 * @example
 * server.addRoute.forAllUsers.create({ route: 'product', handleCreate: (ctx) => ctx.successCallback(add(ctx.body)) });
 */
export interface CreateRouteDefinition<UserId, Entity = any> {
  route: string;
  handleCreate: Handler<ModifyContext<UserId, Entity>>;
  toOutput?: (entity: Entity) => unknown;
  onReceived?: (entity: Entity, ctx: BaseContext<UserId>) => void;
}

/**
 * Definition of an update route.
 * @example
 * server.addRoute.forAllUsers.update({ route: 'product', handleUpdate: (ctx) => ctx.successCallback(patch(ctx.params.id, ctx.body)) });
 */
export interface UpdateRouteDefinition<UserId, Entity = any> {
  route: string;
  handleUpdate: Handler<ModifyContext<UserId, Entity>>;
  toOutput?: (entity: Entity) => unknown;
  onReceived?: (entity: Entity, ctx: BaseContext<UserId>) => void;
}

/**
 * Definition of a delete route.
 * @example
 * server.addRoute.forAllUsers.delete({ route: 'product', handleDelete: (ctx) => ctx.successCallback(remove(ctx.params.id)) });
 */
export interface DeleteRouteDefinition<UserId, Entity = any> {
  route: string;
  handleDelete: Handler<ModifyContext<UserId, Entity>>;
  toOutput?: (entity: Entity) => unknown;
  onReceived?: (entity: Entity, ctx: BaseContext<UserId>) => void;
}

/**
 * What `accept.asAuthenticatedUser(...)` takes.
 * @example
 * accept.asAuthenticatedUser({ userId: 42, claims: ['admin'] });
 */
export interface AuthenticatedUser<UserId> {
  userId: UserId;
  claims?: string[];
  locals?: Locals;
}

/**
 * The `accept` argument of the login callback.
 * @example
 * accept.asUnauthenticatedUser();
 */
export interface AcceptLogin<UserId> {
  asAuthenticatedUser(user: AuthenticatedUser<UserId>): void;
  asUnauthenticatedUser(): void;
}

/**
 * The `reject` argument of the login callback.
 * @example
 * reject({ credentialErrorCode: 'EXPIRED_ACCESS_TOKEN' });
 */
export type RejectLogin = (options?: { credentialErrorCode?: string }) => void;

/**
 * `init({ authenticate })`: decide a login within `authorizeTimeoutInMs` (4 s). May be async.
 * Late or repeated calls are ignored.
 * @example
 * authenticate: async (credential, accept, reject) => {
 *   const user = await verify((credential as { accessToken?: string })?.accessToken);
 *   user ? accept.asAuthenticatedUser({ userId: user.id, claims: user.roles }) : reject({ credentialErrorCode: 'EXPIRED_ACCESS_TOKEN' });
 * }
 */
export type AuthenticateCallback<UserId> = (
  credential: unknown,
  accept: AcceptLogin<UserId>,
  reject: RejectLogin,
) => void | Promise<void>;

/**
 * Modify kinds, as in the wire's `requestType`.
 * @example
 * const kind: ModifyKind = 'UPDATE';
 */
export type ModifyKind = 'CREATE' | 'UPDATE' | 'DELETE';
