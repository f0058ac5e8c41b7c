/**
 * A small app written the way a cluster app is: its data lives in Redis (shared by every
 * process), its routes are those of a one-process app, unchanged. Used by the cluster tests,
 * the cluster bench and `npm run start:cluster`'s checks.
 *
 * Login: `{accessToken: "token-<n>"}` → user n (a number, claims `["user"]`); no token →
 * unauthenticated.
 * Routes: `events` (read, all; `params.topic` filters), `event` (create, all; body
 * `{topic, text, key, delayMs?}`; counts each run under `key` in the `tally` hash, then notifies the
 * `events` listeners whose topic matches with a `where` closure, and `last-event` with a
 * `handleReadOverride`), `last-event` (read, all), `my-messages` (read, authenticated) and
 * `message` (create, authenticated; `where` picks the recipient).
 */
import { Redis } from 'ioredis';
import { AsklessServer, type InitOptions } from '../../../src/server/index.js';

/**
 * An event of the cluster app.
 * @example
 * const e: ClusterEvent = { id: 1, topic: 'a', text: 'hi', key: 'w1-0' };
 */
export interface ClusterEvent {
  id: number;
  topic: string;
  text: string;
  key: string;
}

/**
 * Options of {@link startClusterApp}.
 * @example
 * await startClusterApp({ redisUrl, prefix: 't1', port: 0 });
 */
export interface ClusterAppOptions {
  redisUrl: string;
  /** Prefix of the app's keys and of the cluster's (`<prefix>:app:*`, `<prefix>:cluster:*`). */
  prefix: string;
  port?: number;
  /** Delay between committing an `event` and answering it. Default 0. */
  replyDelayMs?: number;
  init?: Partial<InitOptions<number>>;
}

/**
 * Start one process of the cluster app.
 * @example
 * const app = await startClusterApp({ redisUrl, prefix: 'demo' });
 * await app.stop();
 */
export async function startClusterApp(options: ClusterAppOptions): Promise<{ server: AsklessServer<number>; port: number; stop(): Promise<void> }> {
  const data = new Redis(options.redisUrl, { maxRetriesPerRequest: 20, retryStrategy: (times) => Math.min(100 * times, 1000) });
  data.on('error', () => undefined); // the cluster layer reports Redis outages
  const key = (k: string): string => `${options.prefix}:app:${k}`;
  const list = async <T>(name: string): Promise<T[]> => (await data.lrange(key(name), 0, -1)).map((t) => JSON.parse(t) as T);

  const server = new AsklessServer<number>();
  const { wsOptions, ...rest } = options.init ?? {};
  server.init({
    wsOptions: { host: '127.0.0.1', port: options.port ?? 0, ...wsOptions },
    logger: () => undefined,
    authenticate: (credential, accept, reject) => {
      const token = (credential as { accessToken?: unknown } | null | undefined)?.accessToken;
      if (token === undefined || token === null) return accept.asUnauthenticatedUser();
      const match = typeof token === 'string' ? /^token-(\d+)$/.exec(token) : null;
      if (match) return accept.asAuthenticatedUser({ userId: Number(match[1]), claims: ['user'] });
      reject();
    },
    ...rest,
    cluster: { redisUrl: options.redisUrl, keyPrefix: `${options.prefix}:cluster`, heartbeatMs: 300, ...rest.cluster },
  });

  const events = server.addRoute.forAllUsers.read<ClusterEvent[]>({
    route: 'events',
    handleRead: async (ctx) => {
      const topic = ctx.params['topic'];
      const all = await list<ClusterEvent>('events');
      ctx.successCallback(typeof topic === 'string' ? all.filter((e) => e.topic === topic) : all);
    },
  });
  const lastEvent = server.addRoute.forAllUsers.read<ClusterEvent | null>({
    route: 'last-event',
    handleRead: async (ctx) => ctx.successCallback((await list<ClusterEvent>('events')).at(-1) ?? null),
  });
  server.addRoute.forAllUsers.create<ClusterEvent>({
    route: 'event',
    handleCreate: async (ctx) => {
      const body = (ctx.body ?? {}) as Partial<ClusterEvent> & { delayMs?: unknown };
      const event: ClusterEvent = { id: await data.incr(key('next-id')), topic: String(body.topic ?? ''), text: String(body.text ?? ''), key: String(body.key ?? '') };
      // Commit (the event and the run count) before answering: a crash after this line is the case the replay records cover.
      await data.multi().rpush(key('events'), JSON.stringify(event)).hincrby(key('tally'), event.key, 1).exec();
      void events.notifyChanges({ where: (listener) => listener.params['topic'] === undefined || listener.params['topic'] === event.topic });
      void lastEvent.notifyChanges({ handleReadOverride: (c) => c.successCallback(event) });
      const reply = (): void => ctx.successCallback(event);
      const delay = Math.min(5_000, Number(body.delayMs ?? options.replyDelayMs ?? 0));
      if (delay > 0) setTimeout(reply, delay);
      else reply();
    },
  });

  interface Message {
    id: number;
    from: number;
    to: number;
    text: string;
  }
  const myMessages = server.addRoute.forAuthenticatedUsers.read<Message[]>({
    route: 'my-messages',
    handleRead: async (ctx) => ctx.successCallback((await list<Message>('messages')).filter((m) => m.to === ctx.userId)),
  });
  server.addRoute.forAuthenticatedUsers.create<Message>({
    route: 'message',
    handleCreate: async (ctx) => {
      const body = (ctx.body ?? {}) as { to?: unknown; text?: unknown };
      const message: Message = { id: await data.incr(key('next-message')), from: ctx.userId!, to: Number(body.to), text: String(body.text ?? '') };
      await data.rpush(key('messages'), JSON.stringify(message));
      ctx.successCallback(message);
      void myMessages.notifyChanges({ where: (listener) => listener.userId === message.to });
    },
  });

  try {
    await server.start();
  } catch (error) {
    data.disconnect();
    throw error;
  }
  return {
    server,
    port: server.port,
    stop: async () => {
      await server.stop();
      data.disconnect();
    },
  };
}
