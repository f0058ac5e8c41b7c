/**
 * The reference application behind the Askless 2.0.3 fixtures
 * (../shared/fixtures/askless-2.0.3/README.md), running on our server. Shared test support:
 * the client core, hooks, reliability and benchmark tests import it. Keep the signature stable.
 *
 * ```ts
 * const app = await startReferenceServer();            // 127.0.0.1, random port
 * const client = new AsklessClient({ serverUrl: app.url, WebSocket });
 * ...
 * await app.stop();
 * ```
 *
 * Login (`credential`): `{accessToken: "token-<n>"}` → authenticated user `n` (a number) with
 * claims `["user"]`; `"expired"` → rejected with `EXPIRED_ACCESS_TOKEN`; `"hang"` → never
 * answered (AUTHORIZE_TIMEOUT after `authorizeTimeoutInMs`); any other token → rejected
 * (`INVALID_CREDENTIAL`); no `accessToken` → accepted as unauthenticated.
 *
 * Routes: `products` (read, all; `params.nameContains`), `product` (create/update/delete, all),
 * `my-messages` (read, authenticated), `message` (create, authenticated; notifies the recipient),
 * `custom-error` (read + create, fail with `CUSTOM_ERR`), `throws` (read, throws),
 * `never-responds` (read, never answers), `counter` (read `{value}`; +1 and a push every
 * `counterIntervalMs` (100) while anyone listens), `slow` (read, all; answers `{reads}` after
 * `slowReadMs` (600): the read handler of issue 13's ping race; `state.slow` counts its reads,
 * start hooks and stop hooks).
 */
import { AsklessServer, type InitOptions, type ReadRoute } from '../../src/server/index.js';

/**
 * A product of the reference app.
 * @example
 * app.state.products.push({ id: 99, name: 'Lamp', price: 30 });
 */
export interface Product {
  id: number;
  name: string;
  price: number;
}

/**
 * A message of the reference app.
 * @example
 * app.state.messages.filter((m: Message) => m.to === 1);
 */
export interface Message {
  id: number;
  from: number;
  to: number;
  text: string;
  createdAt: string;
}

/**
 * Options of {@link startReferenceServer}.
 * @example
 * await startReferenceServer({ counterIntervalMs: 20, init: { intervalInMsClientPing: 100 } });
 */
export interface ReferenceServerOptions {
  /** Port to bind on 127.0.0.1. Default 0 (any free port). */
  port?: number;
  /** Extra `init` options (timers, tap, logger, ...); `wsOptions` defaults to 127.0.0.1:port; logs are silent unless `logger` is given. */
  init?: Partial<InitOptions<number>>;
  /** Counter tick period. Default 100 ms. */
  counterIntervalMs?: number;
  /** How long the `slow` route's read handler takes. Default 600 ms. */
  slowReadMs?: number;
  /** Called once `init` ran, before `start()`: add routes of your own. */
  beforeStart?: (server: AsklessServer<number>) => void;
}

/**
 * What {@link startReferenceServer} resolves to.
 * @example
 * const app: ReferenceServer = await startReferenceServer(); await app.routes.products.notifyChanges();
 */
export interface ReferenceServer {
  server: AsklessServer<number>;
  /** `ws://127.0.0.1:<port>` */
  url: string;
  port: number;
  routes: {
    products: ReadRoute<number, Product[]>;
    myMessages: ReadRoute<number, Message[]>;
    counter: ReadRoute<number, { value: number }>;
    customError: ReadRoute<number>;
    throws: ReadRoute<number>;
    neverResponds: ReadRoute<number>;
    slow: ReadRoute<number, { reads: number }>;
  };
  /** The app's data, mutable by tests. */
  state: { products: Product[]; messages: Message[]; counter: number; slow: { reads: number; starts: number; stops: number } };
  stop(): Promise<void>;
}

const INITIAL_PRODUCTS: Product[] = [
  { id: 1, name: 'Video Game', price: 500 },
  { id: 2, name: 'Notebook', price: 1000 },
];

/**
 * Start the reference app on 127.0.0.1 (port 0 by default).
 * @example
 * const app = await startReferenceServer({ init: { intervalInMsServerSendSameMessage: 200 } });
 * await app.stop();
 */
export async function startReferenceServer(options: ReferenceServerOptions = {}): Promise<ReferenceServer> {
  const server = new AsklessServer<number>();
  const state = { products: INITIAL_PRODUCTS.map((p) => ({ ...p })), messages: [] as Message[], counter: 0, slow: { reads: 0, starts: 0, stops: 0 } };
  let nextProductId = 3;
  let nextMessageId = 1;
  const { wsOptions, ...rest } = options.init ?? {};
  server.init({
    wsOptions: { host: '127.0.0.1', port: options.port ?? 0, ...wsOptions },
    // Quiet by default: tests exercise throwing handlers on purpose. Pass `init.logger` to see logs.
    logger: () => undefined,
    authenticate: (credential, accept, reject) => {
      const token = (credential as { accessToken?: unknown } | null | undefined)?.accessToken;
      if (token === undefined || token === null) return accept.asUnauthenticatedUser();
      if (token === 'hang') return;
      if (token === 'expired') return reject({ credentialErrorCode: 'EXPIRED_ACCESS_TOKEN' });
      const match = typeof token === 'string' ? /^token-(\d+)$/.exec(token) : null;
      if (match) return accept.asAuthenticatedUser({ userId: Number(match[1]), claims: ['user'] });
      reject();
    },
    ...rest,
  });

  const products = server.addRoute.forAllUsers.read<Product[]>({
    route: 'products',
    handleRead: (ctx) => {
      const filter = typeof ctx.params['nameContains'] === 'string' ? ctx.params['nameContains'].toLowerCase() : undefined;
      ctx.successCallback(filter === undefined ? state.products.map((p) => ({ ...p })) : state.products.filter((p) => p.name.toLowerCase().includes(filter)).map((p) => ({ ...p })));
    },
  });
  const findProduct = (id: unknown): Product | undefined => state.products.find((p) => p.id === Number(id));
  server.addRoute.forAllUsers.create<Product>({
    route: 'product',
    handleCreate: (ctx) => {
      const body = (ctx.body ?? {}) as Partial<Product>;
      if (typeof body.name !== 'string') return ctx.errorCallback({ code: 'BAD_REQUEST', description: 'body.name (string) is required' });
      const product = { id: nextProductId++, name: body.name, price: Number(body.price ?? 0) };
      state.products.push(product);
      ctx.successCallback({ ...product });
      void products.notifyChanges();
    },
  });
  server.addRoute.forAllUsers.update<Product>({
    route: 'product',
    handleUpdate: (ctx) => {
      const product = findProduct(ctx.params['id']);
      if (!product) return ctx.errorCallback({ code: 'NOT_FOUND', description: `product ${String(ctx.params['id'])} not found` });
      const body = (ctx.body ?? {}) as Partial<Product>;
      if (typeof body.name === 'string') product.name = body.name;
      if (typeof body.price === 'number') product.price = body.price;
      ctx.successCallback({ ...product });
      void products.notifyChanges();
    },
  });
  server.addRoute.forAllUsers.delete<Product>({
    route: 'product',
    handleDelete: (ctx) => {
      const product = findProduct(ctx.params['id']);
      if (!product) return ctx.errorCallback({ code: 'NOT_FOUND', description: `product ${String(ctx.params['id'])} not found` });
      state.products = state.products.filter((p) => p !== product);
      ctx.successCallback(product);
      void products.notifyChanges();
    },
  });

  const myMessages = server.addRoute.forAuthenticatedUsers.read<Message[]>({
    route: 'my-messages',
    handleRead: (ctx) => ctx.successCallback(state.messages.filter((m) => m.to === ctx.userId).map((m) => ({ ...m }))),
  });
  server.addRoute.forAuthenticatedUsers.create<Message>({
    route: 'message',
    handleCreate: (ctx) => {
      const body = (ctx.body ?? {}) as { to?: unknown; text?: unknown };
      const message: Message = {
        id: nextMessageId++,
        from: ctx.userId!,
        to: Number(body.to),
        text: String(body.text ?? ''),
        createdAt: new Date().toISOString(),
      };
      state.messages.push(message);
      ctx.successCallback({ ...message });
      void myMessages.notifyChanges({ where: (w) => w.userId === message.to });
    },
  });

  const customError = server.addRoute.forAllUsers.read({
    route: 'custom-error',
    handleRead: (ctx) => ctx.errorCallback({ code: 'CUSTOM_ERR', description: 'custom error raised by the app' }),
  });
  server.addRoute.forAllUsers.create({
    route: 'custom-error',
    handleCreate: (ctx) => ctx.errorCallback({ code: 'CUSTOM_ERR', description: 'custom error raised by the app (create)' }),
  });
  const throws = server.addRoute.forAllUsers.read({
    route: 'throws',
    handleRead: () => {
      throw new Error('the "throws" route always throws');
    },
  });
  const neverResponds = server.addRoute.forAllUsers.read({ route: 'never-responds', handleRead: () => undefined });

  // The counter ticks only while someone listens, so idle test servers stay quiet.
  let ticker: NodeJS.Timeout | undefined;
  const counterIntervalMs = options.counterIntervalMs ?? 100;
  const counter: ReadRoute<number, { value: number }> = server.addRoute.forAllUsers.read<{ value: number }>({
    route: 'counter',
    handleRead: (ctx) => ctx.successCallback({ value: state.counter }),
    onClientStartsListening: () => {
      ticker ??= setInterval(() => {
        state.counter++;
        void counter.notifyChanges();
      }, counterIntervalMs);
    },
    onClientStopsListening: () => {
      // The hook fires before the registration is gone from the count only for this stream.
      queueMicrotask(() => {
        if (ticker && server.listenerCount('counter') === 0) {
          clearInterval(ticker);
          ticker = undefined;
        }
      });
    },
  });

  const slowReadMs = options.slowReadMs ?? 600;
  const pendingSlow = new Set<NodeJS.Timeout>();
  const slow = server.addRoute.forAllUsers.read<{ reads: number }>({
    route: 'slow',
    handleRead: (ctx) => {
      const reads = ++state.slow.reads;
      const timer = setTimeout(() => {
        pendingSlow.delete(timer);
        ctx.successCallback({ reads });
      }, slowReadMs);
      pendingSlow.add(timer);
    },
    onClientStartsListening: () => void state.slow.starts++,
    onClientStopsListening: () => void state.slow.stops++,
  });

  options.beforeStart?.(server);
  await server.start();
  return {
    server,
    url: `ws://127.0.0.1:${server.port}`,
    port: server.port,
    routes: { products, myMessages, counter, customError, throws, neverResponds, slow },
    state,
    stop: async () => {
      if (ticker) clearInterval(ticker);
      ticker = undefined;
      for (const timer of pendingSlow) clearTimeout(timer);
      await server.stop();
    },
  };
}
