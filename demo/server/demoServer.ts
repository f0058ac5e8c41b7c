/**
 * The demo's Askless server: demo sign-in, contacts with presence, chat messages and a shared
 * catalog, all in memory (or in Redis, one of several processes, with `cluster`), plus the
 * built-in call routes every AsklessServer has.
 */
import { AsklessServer } from '../../src/server/index.js';
import { DemoData, DemoInputError } from './data.js';
import { RedisDemoData } from './redisData.js';

/** Where the demo server listens. */
export interface DemoServerOptions {
  /** Default 127.0.0.1: the demo is for this machine only. */
  host?: string;
  /** Default 3000; 0 picks a free port. */
  port?: number;
  debugLogs?: boolean;
  /** Run as one process of a cluster: data and pushes go through this Redis (`npm run start:cluster`). */
  cluster?: { redisUrl: string };
}

/** A running demo server. */
export interface RunningDemoServer {
  /** ws:// URL clients connect to. */
  url: string;
  port: number;
  close(): Promise<void>;
}

type Ctx = {
  params?: unknown;
  body?: unknown;
  userId?: unknown;
  successCallback(entity: unknown): void;
  errorCallback(error: { code?: string; description?: string }): void;
};

/** Run a store operation and answer with its result, or with its typed error. */
async function answer(ctx: Ctx, run: () => unknown): Promise<void> {
  try {
    ctx.successCallback(await run());
  } catch (error) {
    if (error instanceof DemoInputError) ctx.errorCallback({ code: error.code, description: error.message });
    else throw error;
  }
}

/**
 * Start the demo server.
 * @example
 * const demo = await startDemoServer({ port: 0 });
 * console.log(demo.url); // ws://127.0.0.1:54321
 * await demo.close();
 */
export async function startDemoServer({ host = '127.0.0.1', port = 3000, debugLogs = false, cluster }: DemoServerOptions = {}): Promise<RunningDemoServer> {
  // One process: in memory. A cluster: every process reads and writes the same Redis data.
  const data = cluster ? new RedisDemoData(cluster.redisUrl) : new DemoData();
  const server = new AsklessServer<string>();
  server.init({
    wsOptions: { host, port },
    debugLogs,
    ...(cluster ? { cluster } : {}),
    authenticate: (credential, accept, reject) => {
      // Demo sign-in: the credential names a demo user. A real app verifies a token here.
      const userId = (credential as { demoUser?: unknown } | null)?.demoUser;
      if (data.isUser(userId)) accept.asAuthenticatedUser({ userId, claims: ['demo'] });
      else reject({ credentialErrorCode: 'UNKNOWN_DEMO_USER' });
    },
  });

  // Presence: a signed-in tab listens to `contacts` for as long as it is open, so the stream's
  // start and stop are the user's online and offline.
  const contacts = server.addRoute.forAuthenticatedUsers.read({
    route: 'contacts',
    handleRead: async (ctx) => ctx.successCallback(await data.contactsOf(String(ctx.userId))),
    onClientStartsListening: async (ctx) => {
      if (await data.online(String(ctx.userId))) await contacts.notifyChanges();
    },
    onClientStopsListening: async (ctx) => {
      if (await data.offline(String(ctx.userId))) await contacts.notifyChanges();
    },
  });

  // Messages: one stream per conversation, params { with: otherUserId }.
  const messages = server.addRoute.forAuthenticatedUsers.read({
    route: 'messages',
    handleRead: async (ctx) => {
      const other = (ctx.params as { with?: unknown } | undefined)?.with;
      if (!data.isUser(other)) return ctx.errorCallback({ code: 'BAD_REQUEST', description: 'params.with must be a demo user' });
      ctx.successCallback(await data.conversation(String(ctx.userId), other));
    },
  });
  server.addRoute.forAuthenticatedUsers.create({
    route: 'message',
    handleCreate: (ctx) =>
      answer(ctx as Ctx, async () => {
        const message = await data.addMessage(String(ctx.userId), ctx.body);
        // Both people's contact lists show the new last message (and Bob's an unread badge).
        void contacts.notifyChanges({ where: (w) => w.userId === message.from || w.userId === message.to });
        void messages.notifyChanges({
          where: (w) => {
            const other = (w.params as { with?: unknown } | undefined)?.with;
            return (w.userId === message.from && other === message.to) || (w.userId === message.to && other === message.from);
          },
        });
        return message;
      }),
  });

  // The shared catalog: read before create/update/delete of the same name (protocol Q12).
  const products = server.addRoute.forAuthenticatedUsers.read({
    route: 'products',
    handleRead: async (ctx) => ctx.successCallback(await data.listProducts()),
  });
  const changed = async <T,>(value: T | Promise<T>): Promise<T> => {
    const done = await value;
    void products.notifyChanges();
    return done;
  };
  server.addRoute.forAuthenticatedUsers.create({
    route: 'product',
    handleCreate: (ctx) => answer(ctx as Ctx, () => changed(data.createProduct(ctx.body, ctx.userId as string | undefined))),
  });
  server.addRoute.forAuthenticatedUsers.update({
    route: 'product',
    handleUpdate: (ctx) => answer(ctx as Ctx, () => changed(data.updateProduct(ctx.params, ctx.body, ctx.userId as string | undefined))),
  });
  server.addRoute.forAuthenticatedUsers.delete({
    route: 'product',
    handleDelete: (ctx) => answer(ctx as Ctx, () => changed(data.deleteProduct(ctx.params))),
  });

  await server.start();
  return {
    url: `ws://${host}:${server.port}`,
    port: server.port,
    close: async () => {
      await server.stop();
      if (data instanceof RedisDemoData) data.close();
    },
  };
}
