/**
 * The demo's data in Redis, for `npm run start:cluster`: the same rules as {@link DemoData}, but
 * shared by the three server processes, so a message sent through one reaches a tab on another.
 * What a real app keeps in its database; the Askless cluster layer only carries the pushes.
 */
import { Redis } from 'ioredis';
import { DEMO_USERS, DemoInputError, INITIAL_PRODUCTS, MAX_MESSAGES, checkMessage, isDemoUser, parseProduct, type DemoMessage, type DemoProduct, type DemoUser } from './data.js';

/**
 * All demo state in Redis under `demo:*`.
 * @example
 * const data = new RedisDemoData('redis://127.0.0.1:6379');
 * await data.addMessage('alice', { to: 'bob', text: 'hi' });
 */
export class RedisDemoData {
  private readonly redis: Redis;

  constructor(redisUrl: string) {
    this.redis = new Redis(redisUrl, { retryStrategy: (times) => Math.min(100 * times, 1000) });
    this.redis.on('error', () => undefined); // the server's cluster layer logs Redis outages
  }

  isUser(id: unknown): id is string {
    return isDemoUser(id);
  }

  async contactsOf(me: string): Promise<Array<DemoUser & { online: boolean; lastMessage: DemoMessage | null }>> {
    const [presence, messages] = await Promise.all([this.redis.hgetall('demo:presence'), this.messages()]);
    return DEMO_USERS.filter((u) => u.id !== me).map((u) => ({
      ...u,
      online: Number(presence[u.id] ?? 0) > 0,
      lastMessage: messages.filter((m) => (m.from === me && m.to === u.id) || (m.from === u.id && m.to === me)).at(-1) ?? null,
    }));
  }

  /** A tab of `userId` came online (true when the user was offline before). */
  async online(userId: string): Promise<boolean> {
    return (await this.redis.hincrby('demo:presence', userId, 1)) === 1;
  }

  /** A tab of `userId` went away (true when the user is now offline). */
  async offline(userId: string): Promise<boolean> {
    const n = await this.redis.hincrby('demo:presence', userId, -1);
    if (n <= 0) await this.redis.hdel('demo:presence', userId);
    return n <= 0;
  }

  async conversation(a: string, b: string): Promise<DemoMessage[]> {
    return (await this.messages()).filter((m) => (m.from === a && m.to === b) || (m.from === b && m.to === a));
  }

  async addMessage(from: string, body: unknown): Promise<DemoMessage> {
    const { to, text } = checkMessage(from, body);
    const message: DemoMessage = { id: await this.redis.incr('demo:next-message'), from, to, text, createdAt: Date.now() };
    await this.redis.multi().rpush('demo:messages', JSON.stringify(message)).ltrim('demo:messages', -MAX_MESSAGES, -1).exec();
    return message;
  }

  async listProducts(): Promise<DemoProduct[]> {
    await this.seed();
    const all = Object.values(await this.redis.hgetall('demo:products')).map((t) => JSON.parse(t) as DemoProduct);
    return all.sort((x, y) => x.id - y.id);
  }

  async createProduct(body: unknown, by: string | undefined): Promise<DemoProduct> {
    await this.seed();
    const { name, price } = parseProduct(body, true);
    const product: DemoProduct = { id: await this.redis.incr('demo:next-product'), name: name!, price: price!, ...(by ? { updatedBy: by } : {}) };
    await this.redis.hset('demo:products', String(product.id), JSON.stringify(product));
    return product;
  }

  async updateProduct(params: unknown, body: unknown, by: string | undefined): Promise<DemoProduct> {
    const product = await this.find(params);
    const { name, price } = parseProduct(body, false);
    if (name !== undefined) product.name = name;
    if (price !== undefined) product.price = price;
    if (by) product.updatedBy = by;
    await this.redis.hset('demo:products', String(product.id), JSON.stringify(product));
    return product;
  }

  async deleteProduct(params: unknown): Promise<DemoProduct> {
    const product = await this.find(params);
    await this.redis.hdel('demo:products', String(product.id));
    return product;
  }

  close(): void {
    this.redis.disconnect();
  }

  private async messages(): Promise<DemoMessage[]> {
    return (await this.redis.lrange('demo:messages', 0, -1)).map((t) => JSON.parse(t) as DemoMessage);
  }

  /** The first process to ask puts the initial catalog in. */
  private async seed(): Promise<void> {
    if ((await this.redis.set('demo:seeded', '1', 'NX')) !== 'OK') return;
    const seedIds = INITIAL_PRODUCTS.map((p) => [String(p.id), JSON.stringify(p)]).flat();
    await this.redis.multi().hset('demo:products', ...seedIds).set('demo:next-product', String(INITIAL_PRODUCTS.length)).exec();
  }

  private async find(params: unknown): Promise<DemoProduct> {
    const id = Number((params as { id?: unknown } | null)?.id);
    const text = Number.isInteger(id) ? await this.redis.hget('demo:products', String(id)) : null;
    if (!text) throw new DemoInputError('NOT_FOUND', `no product with id ${String(id)}`);
    return JSON.parse(text) as DemoProduct;
  }
}
