/**
 * End-to-end types: one route map types the client, the hooks and the server's handlers. The
 * `@ts-expect-error` lines are the proof that wrong names, params and bodies do not compile
 * (`tsc --noEmit` in `npm test` fails if any of them stops being an error).
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import WebSocket from 'ws';
import { AsklessClient, typedClient, type AsklessResponse, type AsklessRoutes, type RequestOptions } from '../../src/core/index.js';
import { typedHooks, useCreate, useReadStream, type UseReadStreamResult } from '../../src/index.js';
import { AsklessServer, typedServer } from '../../src/server/index.js';

interface Product {
  id: number;
  name: string;
  price: number;
}
type NewProduct = { name: string; price: number };

// Declared once, shared by both sides.
type AppRoutes = {
  products: { read: { params: { nameContains?: string }; output: Product[] } };
  product: {
    create: { body: NewProduct; output: Product };
    update: { params: { id: number }; body: Partial<NewProduct>; output: Product };
    delete: { params: { id: number }; output: Product };
  };
  'server-time': { read: { output: string } };
};

const client = new AsklessClient<number>({ serverUrl: 'ws://127.0.0.1:1', WebSocket });
const api = typedClient<AppRoutes, number>(client);
const hooks = typedHooks<AppRoutes>();
const server = typedServer<AppRoutes, number>(new AsklessServer<number>());

describe('route map: client', () => {
  it('types outputs from the map and is the same client at run time', () => {
    expect(api).toBe(client);
    expectTypeOf(api.read({ route: 'products', params: { nameContains: 'lamp' } })).toEqualTypeOf<Promise<AsklessResponse<Product[]>>>();
    expectTypeOf(api.read({ route: 'products' })).toEqualTypeOf<Promise<AsklessResponse<Product[]>>>();
    expectTypeOf(api.create({ route: 'product', body: { name: 'Lamp', price: 3 } })).toEqualTypeOf<Promise<AsklessResponse<Product>>>();
    expectTypeOf(api.delete({ route: 'product', params: { id: 1 } })).toEqualTypeOf<Promise<AsklessResponse<Product>>>();
    expectTypeOf(api.readStream({ route: 'server-time' }).getSnapshot().data).toEqualTypeOf<string | undefined>();
  });

  it('rejects a wrong route name, params or body', () => {
    // Never called: each line only has to (not) compile.
    const wrong = (): void => {
      // @ts-expect-error: no such route
      void api.read({ route: 'prodcuts' });
      // @ts-expect-error: 'product' has no read
      void api.read({ route: 'product' });
      // @ts-expect-error: unknown param
      void api.read({ route: 'products', params: { nameContain: 'x' } });
      // @ts-expect-error: param of the wrong type
      void api.read({ route: 'products', params: { nameContains: 1 } });
      // @ts-expect-error: 'server-time' takes no params
      void api.read({ route: 'server-time', params: { x: 1 } });
      // @ts-expect-error: the body is required
      void api.create({ route: 'product' });
      // @ts-expect-error: body of the wrong shape
      void api.create({ route: 'product', body: { name: 'Lamp' } });
      // @ts-expect-error: required params missing
      void api.update({ route: 'product', body: { price: 2 } });
      // @ts-expect-error: 'products' has no delete
      void api.delete({ route: 'products', params: { id: 1 } });
    };
    expect(typeof wrong).toBe('function');
  });

  it('leaves untyped usage unchanged', () => {
    expectTypeOf(client.read).parameter(0).toEqualTypeOf<RequestOptions>();
    expectTypeOf(client.read({ route: 'anything', params: { free: true } })).toEqualTypeOf<Promise<AsklessResponse<unknown>>>();
    const ok: AsklessRoutes = {} as AppRoutes;
    expect(ok).toEqual({});
  });
});

describe('route map: hooks', () => {
  it('are the very same hooks, typed', () => {
    expect(hooks.useReadStream).toBe(useReadStream);
    expect(hooks.useCreate).toBe(useCreate);
    const Component = (nameContains: string): void => {
      const stream = hooks.useReadStream({ route: 'products', params: { nameContains } });
      expectTypeOf(stream).toEqualTypeOf<UseReadStreamResult<Product[]>>();
      const create = hooks.useCreate({ route: 'product', onSuccess: (p) => expectTypeOf(p).toEqualTypeOf<Product>() });
      create.mutate({ body: { name: 'Lamp', price: 3 } });
      const remove = hooks.useDelete({ route: 'product' });
      remove.mutate({ params: { id: 1 } });
      // @ts-expect-error: no such route
      hooks.useReadStream({ route: 'nope' });
      // @ts-expect-error: unknown param
      hooks.useReadStream({ route: 'products', params: { name: 'x' } });
      // @ts-expect-error: 'products' cannot be created
      hooks.useCreate({ route: 'products' });
      // @ts-expect-error: wrong body
      create.mutate({ body: { title: 'Lamp' } });
      // @ts-expect-error: wrong params in mutate
      remove.mutate({ params: { id: 'one' } });
      // Untyped hooks are unchanged.
      useReadStream({ route: 'whatever', params: { any: 1 } });
    };
    expect(typeof Component).toBe('function');
  });
});

describe('route map: server handlers', () => {
  it('types ctx.params, ctx.body and successCallback from the map', () => {
    const register = (): void => {
      server.addRoute.forAllUsers.read({
        route: 'products',
        handleRead: (ctx) => {
          expectTypeOf(ctx.params.nameContains).toEqualTypeOf<string | undefined>();
          ctx.successCallback([{ id: 1, name: 'Lamp', price: 3 }]);
          // @ts-expect-error: output of the wrong type
          ctx.successCallback('not products');
        },
      });
      server.addRoute.forAllUsers.create({
        route: 'product',
        handleCreate: (ctx) => {
          expectTypeOf(ctx.body).toEqualTypeOf<NewProduct>();
          ctx.successCallback({ id: 1, ...ctx.body });
        },
      });
      server.addRoute.forAuthenticatedUsers.delete({
        route: 'product',
        handleDelete: (ctx) => {
          expectTypeOf(ctx.params.id).toEqualTypeOf<number>();
          ctx.successCallback({ id: ctx.params.id, name: '', price: 0 });
        },
      });
      // @ts-expect-error: not in the map
      server.addRoute.forAllUsers.read({ route: 'unknown', handleRead: (ctx) => ctx.successCallback(1) });
      // @ts-expect-error: 'products' has no create
      server.addRoute.forAllUsers.create({ route: 'products', handleCreate: (ctx) => ctx.successCallback(1) });
      // @ts-expect-error: params not declared for this route
      server.addRoute.forAllUsers.read({ route: 'server-time', handleRead: (ctx) => ctx.successCallback(String(ctx.params.zone)) });
    };
    expect(typeof register).toBe('function');
  });
});
