/**
 * End-to-end types: one route map, declared once as a plain type and shared by the server and
 * the client, types the object forms everyone already writes. Nothing here exists at run time
 * (the adapters return the very object they get), so untyped code keeps working unchanged and
 * typed code costs nothing. The map is a compile-time contract only: the server still receives
 * whatever a client sends, so handlers must keep validating `params` and `body`.
 *
 * ```ts
 * // shared/routes.ts: imported by both sides (types only)
 * export type AppRoutes = {
 *   products: { read: { params: { nameContains?: string }; output: Product[] } };
 *   product: {
 *     create: { body: NewProduct; output: Product };
 *     delete: { params: { id: number }; output: Product };
 *   };
 * };
 * ```
 * Then `typedClient<AppRoutes>(client)` (askless-react/core), `typedHooks<AppRoutes>()`
 * (askless-react) and `typedServer<AppRoutes>(server)` (askless-react/server).
 */
import type { AsklessClient } from './client.js';
import type { AsklessResponse, AsklessStream, ReadStreamOptions, RequestOptions } from './types.js';

/**
 * One operation of a route: its params, its body (writes) and the output the client receives.
 * @example
 * type ReadProducts = { params: { nameContains?: string }; output: Product[] } satisfies OperationSpec;
 */
export interface OperationSpec {
  params?: Record<string, unknown>;
  body?: unknown;
  output?: unknown;
}

/**
 * What one route name offers: any of read (READ and streams), create, update, delete.
 * @example
 * type Product = { create: { body: NewProduct; output: Product } } satisfies RouteSpec;
 */
export interface RouteSpec {
  read?: OperationSpec;
  create?: OperationSpec;
  update?: OperationSpec;
  delete?: OperationSpec;
}

/**
 * The constraint of a route map. Declare yours with `type` (an `interface` has no index
 * signature and does not satisfy it).
 * @example
 * type AppRoutes = { products: { read: { output: Product[] } } };
 * const ok: AsklessRoutes = {} as AppRoutes;
 */
export type AsklessRoutes = { [route: string]: RouteSpec };

/**
 * An operation name of a {@link RouteSpec}.
 * @example
 * const op: Operation = 'create';
 */
export type Operation = keyof RouteSpec;

/**
 * The route names of `R` that offer `Op`.
 * @example
 * type Readable = RoutesWith<AppRoutes, 'read'>; // 'products'
 */
export type RoutesWith<R extends AsklessRoutes, Op extends Operation> = {
  [K in keyof R]: R[K] extends { [P in Op]: OperationSpec } ? K : never;
}[keyof R] &
  string;

/**
 * The spec of `Op` on route `K`.
 * @example
 * type Spec = SpecOf<AppRoutes, 'products', 'read'>;
 */
export type SpecOf<R extends AsklessRoutes, K extends keyof R, Op extends Operation> = R[K] extends { [P in Op]: infer S } ? S : never;

/**
 * The params an operation takes (`undefined` when it declares none).
 * @example
 * type P = ParamsOf<AppRoutes, 'products', 'read'>; // { nameContains?: string }
 */
export type ParamsOf<R extends AsklessRoutes, K extends keyof R, Op extends Operation> = SpecOf<R, K, Op> extends { params: infer P } ? P : undefined;

/**
 * The body a write takes (`undefined` when it declares none).
 * @example
 * type B = BodyOf<AppRoutes, 'product', 'create'>; // NewProduct
 */
export type BodyOf<R extends AsklessRoutes, K extends keyof R, Op extends Operation> = SpecOf<R, K, Op> extends { body: infer B } ? B : undefined;

/**
 * What the client receives from an operation (`unknown` when it declares none).
 * @example
 * type O = OutputOf<AppRoutes, 'products', 'read'>; // Product[]
 */
export type OutputOf<R extends AsklessRoutes, K extends keyof R, Op extends Operation> =
  SpecOf<R, K, Op> extends { output: infer O } ? O : unknown;

/**
 * The `params` member of a typed call: required when the declared params have a required key,
 * optional otherwise, absent (or null) when none are declared (`P` undefined).
 * @example
 * const p: ParamsOption<{ id: number }> = { params: { id: 1 } };
 */
export type ParamsOption<P> = [P] extends [undefined]
  ? { params?: null | undefined }
  : {} extends P
    ? { params?: P | null | undefined }
    : { params: P };

/**
 * The `body` member of a typed write: required when declared (unless it accepts undefined).
 * @example
 * const b: BodyOption<{ name: string }> = { body: { name: 'Lamp' } };
 */
export type BodyOption<B> = undefined extends B ? { body?: B } : { body: B };

/**
 * Options of a typed read: today's object form with the route, params checked.
 * @example
 * const o: TypedReadOptions<AppRoutes, 'products'> = { route: 'products', params: { nameContains: 'a' } };
 */
export type TypedReadOptions<R extends AsklessRoutes, K extends RoutesWith<R, 'read'>> = Omit<RequestOptions, 'route' | 'params'> & {
  route: K;
} & ParamsOption<ParamsOf<R, K, 'read'>>;

/**
 * Options of a typed create / update / delete.
 * @example
 * const o: TypedWriteOptions<AppRoutes, 'product', 'create'> = { route: 'product', body: { name: 'Lamp', price: 3 } };
 */
export type TypedWriteOptions<R extends AsklessRoutes, K extends RoutesWith<R, Op>, Op extends 'create' | 'update' | 'delete'> = Omit<
  RequestOptions,
  'route' | 'params'
> & { route: K } & ParamsOption<ParamsOf<R, K, Op>> &
  BodyOption<BodyOf<R, K, Op>>;

/**
 * Options of a typed `readStream`.
 * @example
 * const o: TypedReadStreamOptions<AppRoutes, 'products'> = { route: 'products', source: 'cacheAndRemote' };
 */
export type TypedReadStreamOptions<R extends AsklessRoutes, K extends RoutesWith<R, 'read'>> = Omit<ReadStreamOptions, 'route' | 'params'> & {
  route: K;
} & ParamsOption<ParamsOf<R, K, 'read'>>;

/**
 * The request methods of an `AsklessClient`, typed by route map `R`.
 * @example
 * const api: TypedClientMethods<AppRoutes> = typedClient<AppRoutes>(client);
 */
export interface TypedClientMethods<R extends AsklessRoutes> {
  read<K extends RoutesWith<R, 'read'>>(options: TypedReadOptions<R, K>): Promise<AsklessResponse<OutputOf<R, K, 'read'>>>;
  create<K extends RoutesWith<R, 'create'>>(options: TypedWriteOptions<R, K, 'create'>): Promise<AsklessResponse<OutputOf<R, K, 'create'>>>;
  update<K extends RoutesWith<R, 'update'>>(options: TypedWriteOptions<R, K, 'update'>): Promise<AsklessResponse<OutputOf<R, K, 'update'>>>;
  delete<K extends RoutesWith<R, 'delete'>>(options: TypedWriteOptions<R, K, 'delete'>): Promise<AsklessResponse<OutputOf<R, K, 'delete'>>>;
  readStream<K extends RoutesWith<R, 'read'>>(options: TypedReadStreamOptions<R, K>): AsklessStream<OutputOf<R, K, 'read'>>;
}

/**
 * An `AsklessClient` whose request methods are typed by `R` (everything else unchanged).
 * @example
 * const client: TypedClient<AppRoutes, number> = typedClient<AppRoutes, number>(new AsklessClient({ serverUrl }));
 */
export type TypedClient<R extends AsklessRoutes, UserId = string | number> = Omit<AsklessClient<UserId>, keyof TypedClientMethods<R>> &
  TypedClientMethods<R>;

/**
 * The same client, typed by route map `R`: a wrong route name, params or body fails to compile.
 * No run-time cost: it returns `client` itself.
 * @example
 * const api = typedClient<AppRoutes>(client);
 * const res = await api.read({ route: 'products', params: { nameContains: 'lamp' } }); // res.output: Product[] | undefined
 */
export function typedClient<R extends AsklessRoutes, UserId = string | number>(client: AsklessClient<UserId>): TypedClient<R, UserId> {
  return client as unknown as TypedClient<R, UserId>;
}
