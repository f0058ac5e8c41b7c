/**
 * The demo's in-memory data: users, messages and the shared catalog. Restarting the demo server
 * starts fresh. Pure data and rules, no networking, so the route file stays about wiring.
 */
import { DemoInputError } from './errors.js';
import { MAX_MESSAGE_TEXT, parsePrice, parseProductName } from './validate.js';

/** A demo user (there are no passwords: signing in as one is the whole point of the demo). */
export interface DemoUser {
  id: string;
  name: string;
  /** Avatar hue, 0–360. */
  hue: number;
}

/** A chat message between two demo users. */
export interface DemoMessage {
  id: number;
  from: string;
  to: string;
  text: string;
  createdAt: number;
}

/** A catalog product everyone can edit. */
export interface DemoProduct {
  id: number;
  name: string;
  price: number;
  updatedBy?: string;
}

/**
 * The fixed demo cast.
 * @example
 * DEMO_USERS.map((u) => u.id); // ['alice', 'bob', 'carol', 'dave']
 */
export const DEMO_USERS: readonly DemoUser[] = [
  { id: 'alice', name: 'Alice', hue: 200 },
  { id: 'bob', name: 'Bob', hue: 30 },
  { id: 'carol', name: 'Carol', hue: 290 },
  { id: 'dave', name: 'Dave', hue: 140 },
];

export { DemoInputError };

/** A demo left running for days must not grow without bound: older messages go. */
export const MAX_MESSAGES = 5000;
/** The catalog is shared by every visitor: it must not grow without bound either. */
export const MAX_PRODUCTS = 500;

/**
 * The catalog a fresh demo starts with.
 * @example
 * INITIAL_PRODUCTS.length; // 3
 */
export const INITIAL_PRODUCTS: readonly DemoProduct[] = [
  { id: 1, name: 'Video Game', price: 500 },
  { id: 2, name: 'Notebook', price: 1000 },
  { id: 3, name: 'Headphones', price: 250 },
];

/** True for the id of a demo user. */
export function isDemoUser(id: unknown): id is string {
  return typeof id === 'string' && DEMO_USERS.some((u) => u.id === id);
}

/**
 * Validate a new message's body (throws {@link DemoInputError}).
 * @example
 * const { to, text } = checkMessage('alice', { to: 'bob', text: 'hi' });
 */
export function checkMessage(from: string, body: unknown): { to: string; text: string } {
  const { to, text } = (body ?? {}) as { to?: unknown; text?: unknown };
  if (!isDemoUser(to) || to === from) throw new DemoInputError('BAD_REQUEST', '"to" must be another demo user');
  if (typeof text !== 'string' || !text.trim()) throw new DemoInputError('BAD_REQUEST', '"text" must be a non-empty string');
  if (text.length > MAX_MESSAGE_TEXT) throw new DemoInputError('BAD_REQUEST', `"text" is longer than ${MAX_MESSAGE_TEXT} characters`);
  return { to, text: text.trim() };
}

/**
 * All demo state in one object; one instance per running demo server.
 * @example
 * const data = new DemoData();
 * data.addMessage('alice', { to: 'bob', text: 'hi' });
 */
export class DemoData {
  private readonly messages: DemoMessage[] = [];
  private products: DemoProduct[] = INITIAL_PRODUCTS.map((p) => ({ ...p }));
  private nextMessageId = 1;
  private nextProductId = 4;
  /** userId → number of live `contacts` streams (one per signed-in tab). */
  private readonly presence = new Map<string, number>();

  isUser(id: unknown): id is string {
    return isDemoUser(id);
  }

  /** Everyone but `me`, with presence and the last message of each conversation. */
  contactsOf(me: string): Array<DemoUser & { online: boolean; lastMessage: DemoMessage | null }> {
    return DEMO_USERS.filter((u) => u.id !== me).map((u) => ({
      ...u,
      online: (this.presence.get(u.id) ?? 0) > 0,
      lastMessage: this.conversation(me, u.id).at(-1) ?? null,
    }));
  }

  /** A tab of `userId` came online (true when the user was offline before). */
  online(userId: string): boolean {
    const n = (this.presence.get(userId) ?? 0) + 1;
    this.presence.set(userId, n);
    return n === 1;
  }

  /** A tab of `userId` went away (true when the user is now offline). */
  offline(userId: string): boolean {
    const n = Math.max(0, (this.presence.get(userId) ?? 0) - 1);
    if (n === 0) this.presence.delete(userId);
    else this.presence.set(userId, n);
    return n === 0;
  }

  /** The conversation between two users, oldest first. */
  conversation(a: string, b: string): DemoMessage[] {
    return this.messages.filter((m) => (m.from === a && m.to === b) || (m.from === b && m.to === a));
  }

  addMessage(from: string, body: unknown): DemoMessage {
    const { to, text } = checkMessage(from, body);
    const message: DemoMessage = { id: this.nextMessageId++, from, to, text, createdAt: Date.now() };
    this.messages.push(message);
    // A demo left running for days must not grow without bound.
    if (this.messages.length > MAX_MESSAGES) this.messages.splice(0, this.messages.length - MAX_MESSAGES);
    return message;
  }

  listProducts(): DemoProduct[] {
    return this.products.map((p) => ({ ...p }));
  }

  createProduct(body: unknown, by: string | undefined): DemoProduct {
    const { name, price } = parseProduct(body, true);
    if (this.products.length >= MAX_PRODUCTS) throw new DemoInputError('BAD_REQUEST', `the catalog holds at most ${MAX_PRODUCTS} products`);
    const product: DemoProduct = { id: this.nextProductId++, name: name!, price: price!, ...(by ? { updatedBy: by } : {}) };
    this.products.push(product);
    return { ...product };
  }

  updateProduct(params: unknown, body: unknown, by: string | undefined): DemoProduct {
    const product = this.find(params);
    const { name, price } = parseProduct(body, false);
    if (name !== undefined) product.name = name;
    if (price !== undefined) product.price = price;
    if (by) product.updatedBy = by;
    return { ...product };
  }

  deleteProduct(params: unknown): DemoProduct {
    const product = this.find(params);
    this.products = this.products.filter((p) => p !== product);
    return { ...product };
  }

  private find(params: unknown): DemoProduct {
    const id = Number((params as { id?: unknown } | null)?.id);
    const product = this.products.find((p) => p.id === id);
    if (!product) throw new DemoInputError('NOT_FOUND', `no product with id ${String(id)}`);
    return product;
  }
}

/**
 * Validate a product body (throws {@link DemoInputError}); `requireAll` for a create.
 * @example
 * parseProduct({ name: 'Lamp', price: 30 }, true);
 */
export function parseProduct(body: unknown, requireAll: boolean): { name?: string; price?: number } {
  const { name, price } = (body ?? {}) as { name?: unknown; price?: unknown };
  const out: { name?: string; price?: number } = {};
  if (name !== undefined || requireAll) out.name = parseProductName(name);
  if (price !== undefined || requireAll) out.price = parsePrice(price);
  return out;
}
