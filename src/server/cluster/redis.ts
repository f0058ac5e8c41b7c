/**
 * {@link ClusterAdapter} over Redis (`init({ cluster: { redisUrl } })`), loaded only then (the
 * server imports this file dynamically, so an in-memory server never loads ioredis).
 *
 * ioredis, because it reconnects by itself and re-subscribes its pub/sub channels after a
 * reconnect, pipelines commands issued in the same tick (`enableAutoPipelining`), queues commands
 * while reconnecting, and is actively maintained.
 *
 * Layout (P = keyPrefix): `P:proc:<id>` heartbeat (expires after 3 periods), `P:procs` the set of
 * process ids, `P:conn:<id>` hash connectionId → ConnectionMeta, `P:lis:<id>:<route>` hash
 * listener key → ListenerMeta, `P:routes:<id>` routes with listeners, `P:instance` the replay
 * identity, `P:rec:<key>` shared records; channels `P:ch:all` and `P:ch:<id>`.
 */
import { Redis } from 'ioredis';
import { randomAlphanumeric } from '../../core/ids.js';
import type { ClusterAdapter, ClusterHooks, ClusterMessage, ClusterOptions, ConnectionMeta, ListenerMeta, PeerListeners, SharedRecords } from './types.js';

/** The URL without its password, for logs and errors. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable redis URL)';
  }
}

/** A lock outlives a crashed holder by at most this long. */
const LOCK_MS = 2_000;
const LOCK_ATTEMPTS = 400;
/** Delete the lock only if we still hold it. */
const UNLOCK = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

const parse = <T>(text: string | null | undefined): T | undefined => {
  if (text == null) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
};

/**
 * Several processes as one server, over one Redis.
 * @example
 * const cluster = new RedisCluster({ redisUrl: 'redis://127.0.0.1:6379' });
 * await cluster.start(hooks);
 */
export class RedisCluster implements ClusterAdapter {
  readonly distributed = true;
  readonly processId = randomAlphanumeric(10);
  instanceId = '';
  readonly records: SharedRecords;
  private readonly prefix: string;
  private readonly heartbeatMs: number;
  private cmd: Redis | undefined;
  private sub: Redis | undefined;
  private hooks: ClusterHooks | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private starting = false;
  private stopped = false;
  private down = false;
  private readonly routes = new Set<string>();

  constructor(private readonly options: ClusterOptions) {
    this.prefix = options.keyPrefix ?? 'askless';
    this.heartbeatMs = Math.max(50, options.heartbeatMs ?? 1000);
    const key = (k: string): string => `${this.prefix}:rec:${k}`;
    this.records = {
      get: async (k) => (await this.redis().get(key(k))) ?? undefined,
      set: async (k, value, ttlMs, o = {}) => {
        const ttl = Math.max(1, Math.round(ttlMs));
        const ok = o.onlyIfAbsent ? await this.redis().set(key(k), value, 'PX', ttl, 'NX') : await this.redis().set(key(k), value, 'PX', ttl);
        return ok === 'OK';
      },
      delete: async (k) => void (await this.redis().del(key(k))),
      update: (k, change, ttlMs) => this.update(key(k), change, ttlMs),
    };
  }

  /**
   * Read-modify-write under a short lock key (SET NX PX, released only by its holder): WATCH
   * would need a connection of its own, and the change is JavaScript, not a Lua script.
   */
  private async update(key: string, change: (current: string | undefined) => string | undefined, ttlMs: number): Promise<string | undefined> {
    const redis = this.redis();
    const lock = `${key}:lock`;
    const token = randomAlphanumeric(12);
    for (let attempt = 0; (await redis.set(lock, token, 'PX', LOCK_MS, 'NX')) !== 'OK'; attempt++) {
      if (attempt > LOCK_ATTEMPTS) throw new Error(`cluster: record ${key} stayed locked`);
      await new Promise((resolve) => setTimeout(resolve, 2 + Math.random() * 8));
    }
    try {
      const next = change((await redis.get(key)) ?? undefined);
      if (next === undefined) await redis.del(key);
      else await redis.set(key, next, 'PX', Math.max(1, Math.round(ttlMs)));
      return next;
    } finally {
      await redis.eval(UNLOCK, 1, lock, token).catch(() => undefined);
    }
  }

  async start(hooks: ClusterHooks): Promise<void> {
    this.hooks = hooks;
    this.starting = true;
    let lastError = '';
    const make = (): Redis => {
      const client = new Redis(this.options.redisUrl, {
        lazyConnect: true,
        enableAutoPipelining: true,
        connectTimeout: 3000,
        maxRetriesPerRequest: 10,
        // At start an unreachable Redis is an error for start() to report, not something to wait for.
        retryStrategy: (times) => (this.starting || this.stopped ? null : Math.min(100 * times, 1000)),
      });
      client.on('error', (error: Error) => {
        lastError = error.message;
        if (!this.starting && !this.down) this.lost(error.message);
      });
      return client;
    };
    this.cmd = make();
    this.sub = make();
    try {
      await Promise.all([this.cmd.connect(), this.sub.connect()]);
      await this.sub.subscribe(this.channel('all'), this.channel(this.processId));
      await this.register();
    } catch (error) {
      this.stopped = true;
      this.cmd.disconnect();
      this.sub.disconnect();
      const reason = lastError || (error instanceof Error ? error.message : String(error));
      throw new Error(`cluster: cannot reach Redis at ${redactRedisUrl(this.options.redisUrl)} (${reason})`);
    } finally {
      this.starting = false;
    }
    this.sub.on('message', (_channel: string, text: string) => this.receive(text));
    this.cmd.on('close', () => {
      if (!this.stopped && !this.down) this.lost('connection closed');
    });
    this.cmd.on('ready', () => void this.recovered());
    this.heartbeat = setInterval(() => void this.beat().catch(() => undefined), this.heartbeatMs);
    this.heartbeat.unref();
    hooks.log('info', `cluster: process ${this.processId} joined over ${redactRedisUrl(this.options.redisUrl)} (instance ${this.instanceId})`);
  }

  async stop(): Promise<void> {
    if (this.stopped || !this.cmd) return;
    this.stopped = true;
    clearInterval(this.heartbeat);
    try {
      if (!this.down) await this.forget(this.processId);
      await Promise.all([this.cmd.quit(), this.sub?.quit()]);
    } catch {
      this.cmd.disconnect();
      this.sub?.disconnect();
    }
  }

  publish(to: string, message: ClusterMessage): void {
    this.redis()
      .publish(this.channel(to), JSON.stringify(message))
      .catch((error: Error) => this.hooks?.log('warn', `cluster: publish failed (${error.message})`));
  }

  setConnection(connectionId: string, meta: ConnectionMeta | undefined): void {
    const key = `${this.prefix}:conn:${this.processId}`;
    const done = meta ? this.redis().hset(key, connectionId, JSON.stringify(meta)) : this.redis().hdel(key, connectionId);
    done.catch(() => undefined); // a resync re-registers everything after an outage
  }

  setListener(route: string, key: string, meta: ListenerMeta | undefined): void {
    const hash = this.listenersKey(this.processId, route);
    if (!meta) return void this.redis().hdel(hash, key).catch(() => undefined);
    if (!this.routes.has(route)) {
      this.routes.add(route);
      this.redis().sadd(`${this.prefix}:routes:${this.processId}`, route).catch(() => undefined);
    }
    this.redis().hset(hash, key, JSON.stringify(meta)).catch(() => undefined);
  }

  async peerListeners(route: string): Promise<PeerListeners[]> {
    const redis = this.redis();
    const others = (await redis.smembers(`${this.prefix}:procs`)).filter((p) => p !== this.processId);
    if (others.length === 0) return [];
    const beats = await redis.mget(others.map((p) => `${this.prefix}:proc:${p}`));
    const out: PeerListeners[] = [];
    await Promise.all(
      others.map(async (processId, i) => {
        if (beats[i] === null) return void this.forget(processId).catch(() => undefined);
        const raw = await redis.hgetall(this.listenersKey(processId, route));
        const entries = Object.entries(raw).flatMap(([key, text]) => {
          const meta = parse<ListenerMeta>(text);
          return meta ? [{ key, meta }] : [];
        });
        if (entries.length === 0) return;
        const ids = [...new Set(entries.map((e) => e.meta.connectionId))];
        const conns = await redis.hmget(`${this.prefix}:conn:${processId}`, ...ids);
        const byId = new Map(ids.map((id, j) => [id, parse<ConnectionMeta>(conns[j])]));
        out.push({ processId, listeners: entries.map((e) => ({ ...e, connection: byId.get(e.meta.connectionId) })) });
      }),
    );
    return out;
  }

  async peerConnections(): Promise<ConnectionMeta[]> {
    const redis = this.redis();
    const others = (await redis.smembers(`${this.prefix}:procs`)).filter((p) => p !== this.processId);
    const beats = others.length > 0 ? await redis.mget(others.map((p) => `${this.prefix}:proc:${p}`)) : [];
    const lists = await Promise.all(others.filter((_, i) => beats[i] !== null).map((p) => redis.hvals(`${this.prefix}:conn:${p}`)));
    return lists.flat().flatMap((text) => parse<ConnectionMeta>(text) ?? []);
  }

  async isAlive(processId: string): Promise<boolean> {
    return (await this.redis().exists(`${this.prefix}:proc:${processId}`)) === 1;
  }

  private redis(): Redis {
    if (!this.cmd) throw new Error('cluster: not started');
    return this.cmd;
  }

  private channel(to: string): string {
    return `${this.prefix}:ch:${to}`;
  }

  private listenersKey(processId: string, route: string): string {
    return `${this.prefix}:lis:${processId}:${route}`;
  }

  private receive(text: string): void {
    const message = parse<ClusterMessage>(text);
    if (!message || typeof message !== 'object' || message.from === this.processId) return;
    try {
      this.hooks?.onMessage(message);
    } catch (error) {
      this.hooks?.log('warn', `cluster: a ${String(message.type)} message failed (${error instanceof Error ? error.message : typeof error})`);
    }
  }

  /** Heartbeat, membership and the replay identity (adopting the cluster's when there is one). */
  private async register(): Promise<void> {
    const redis = this.redis();
    await redis.set(`${this.prefix}:instance`, randomAlphanumeric(16), 'NX');
    this.instanceId = (await redis.get(`${this.prefix}:instance`)) ?? this.instanceId;
    await this.beat();
  }

  private async beat(): Promise<void> {
    const redis = this.redis();
    await Promise.all([
      redis.set(`${this.prefix}:proc:${this.processId}`, '1', 'PX', this.heartbeatMs * 3),
      redis.sadd(`${this.prefix}:procs`, this.processId),
    ]);
  }

  private lost(reason: string): void {
    this.down = true;
    this.hooks?.log('warn', `cluster: lost the Redis connection (${reason}); reconnecting, pushes between processes wait until it is back`);
  }

  private async recovered(): Promise<void> {
    if (this.stopped || !this.down) return;
    this.down = false;
    try {
      const before = this.instanceId;
      this.routes.clear();
      await this.register();
      const lostData = before !== this.instanceId;
      this.hooks?.log(
        'warn',
        `cluster: Redis is back; channels re-subscribed, this process re-registered${lostData ? `; Redis had lost its data: new replay instance ${this.instanceId}` : ''}; streams re-read current state`,
      );
      this.hooks?.onResync();
    } catch (error) {
      this.hooks?.log('warn', `cluster: re-registering after a Redis reconnect failed (${error instanceof Error ? error.message : String(error)})`);
    }
  }

  /** Remove a (gone) process's metadata. */
  private async forget(processId: string): Promise<void> {
    const redis = this.redis();
    const routes = await redis.smembers(`${this.prefix}:routes:${processId}`);
    await Promise.all([
      redis.srem(`${this.prefix}:procs`, processId),
      redis.del(
        `${this.prefix}:proc:${processId}`,
        `${this.prefix}:conn:${processId}`,
        `${this.prefix}:routes:${processId}`,
        ...routes.map((r) => this.listenersKey(processId, r)),
      ),
    ]);
    if (processId !== this.processId) this.hooks?.log('info', `cluster: process ${processId} is gone; removed its listeners`);
  }
}
