import { DEMO_USERS, type DemoMessage } from '../server/data.js';

// The cast is shared with the server (data.ts is plain data, no Node imports) so the two never
// disagree; the sign-in screen needs it before any connection exists.
export { DEMO_USERS };
export type { DemoMessage as Message, DemoProduct as Product } from '../server/data.js';

/**
 * Display name of a demo user id.
 * @example
 * nameOf('bob'); // 'Bob'
 */
export function nameOf(id: unknown): string {
  return DEMO_USERS.find((u) => u.id === id)?.name ?? String(id);
}

/**
 * Avatar hue of a demo user id.
 * @example
 * hueOf('alice'); // 200
 */
export function hueOf(id: unknown): number {
  return DEMO_USERS.find((u) => u.id === id)?.hue ?? 0;
}

/** A contact as the `contacts` stream sends it. */
export interface Contact {
  id: string;
  name: string;
  hue: number;
  online: boolean;
  /** The last message between us and this contact, either way. */
  lastMessage: DemoMessage | null;
}
