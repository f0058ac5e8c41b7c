/**
 * Random identifiers in the formats of askless-protocol.md §1.4. Uses Web Crypto when present
 * (browsers, Node ≥ 20) so ids from two tabs or processes never collide in practice.
 */

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * `length` random `[A-Za-z0-9]` characters.
 * @example
 * randomAlphanumeric(28); // 'q3ZtV9aLm2Xc8RbK1uYw0PsE7dHf'
 */
export function randomAlphanumeric(length: number): string {
  // Character codes into one reused array, then one string: appending characters one by one
  // made a string per character (28 for every confirm a client sends, one per push).
  codes.length = length;
  // 248 = 4 * 62: modulo without bias would need rejection sampling; the tiny bias is harmless
  // for identifiers that only need to be unique.
  for (let i = 0; i < length; i++) codes[i] = ALPHANUMERIC.charCodeAt(randomByte() % ALPHANUMERIC.length);
  return String.fromCharCode.apply(null, codes);
}

const codes: number[] = [];

// Random bytes are drawn 1 KiB at a time: one getRandomValues per id (a server confirms and
// pushes thousands a second, a client confirms every push) cost more than building the frame.
const pool = new Uint8Array(1024);
let poolIndex = pool.length;

// Small, and the refill apart: every push id and confirm draws from here, so V8 should optimize
// (and inline) it early; its threshold grows with the bytecode length.
function randomByte(): number {
  if (poolIndex === pool.length) refillPool();
  return pool[poolIndex++]!;
}

function refillPool(): void {
  const crypto = (globalThis as { crypto?: { getRandomValues?: (a: Uint8Array) => Uint8Array } }).crypto;
  if (crypto?.getRandomValues) crypto.getRandomValues(pool);
  else for (let i = 0; i < pool.length; i++) pool[i] = Math.floor(Math.random() * 256);
  poolIndex = 0;
}

/**
 * A fresh `clientIdInternalApp` (28 alphanumerics).
 * @example
 * const id = newClientIdInternalApp();
 */
export const newClientIdInternalApp = (): string => randomAlphanumeric(28);

/**
 * A `clientRequestId` for a request or confirmation: `REQ-_` + 28 alphanumerics.
 * @example
 * newRequestId(); // 'REQ-_p0Lk2Vb7QeT1sZ9mYx4cW8nR3aHd'
 */
export const newRequestId = (): string => `REQ-_${randomAlphanumeric(28)}`;

/**
 * A LISTEN `clientRequestId`: `LIS-_` + 28 alphanumerics (Flutter's convention).
 * @example
 * newListenRequestId(); // 'LIS-_w9Tc...'
 */
export const newListenRequestId = (): string => `LIS-_${randomAlphanumeric(28)}`;

/**
 * A stream's `listenId`: `LIS-` + 28 alphanumerics (no underscore).
 * @example
 * newListenId(); // 'LIS-h2Kd...'
 */
export const newListenId = (): string => `LIS-${randomAlphanumeric(28)}`;
