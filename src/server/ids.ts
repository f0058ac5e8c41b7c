/**
 * Server-side identifiers in the 2.0.3 formats (askless-protocol.md §1.4). Clients treat them as
 * opaque; the prefixes only help humans reading logs and transcripts.
 */
import { randomAlphanumeric } from '../core/ids.js';

/**
 * `serverId` of a response or confirmation: `RES-` + 11 alphanumerics.
 * @example
 * responseServerId(); // 'RES-a8Jq2LmX0pZ'
 */
export function responseServerId(): string {
  return `RES-${randomAlphanumeric(11)}`;
}

// Push and stop ids get a per-process sequence after the 2.0.3-style random part: 5 random
// characters alone repeat about once in 45,000 pushes against a client's 20,000 remembered ids,
// and a client would drop that push as a copy. Lengths are conventions only (§1.4).
let sequence = 0;

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
// Random bytes drawn 1 KiB at a time, five per id, as core/ids.ts does; inlined here (no call
// and no loop per character) because every push makes one (it is on the push-latency path).
const pool = new Uint8Array(1024);
let poolIndex = pool.length;

/**
 * The unique part of a push or stop id: 5 random alphanumerics (the bias of `% 62` is harmless
 * for ids that only need to be unique) and the per-process sequence in base 36.
 * @example
 * pushUnique(); // '4fQ9s1a'
 */
export function pushUnique(): string {
  if (poolIndex > pool.length - 5) {
    fillRandom(pool);
    poolIndex = 0;
  }
  const i = poolIndex;
  poolIndex = i + 5;
  const a = ALPHANUMERIC;
  return a[pool[i]! % 62]! + a[pool[i + 1]! % 62]! + a[pool[i + 2]! % 62]! + a[pool[i + 3]! % 62]! + a[pool[i + 4]! % 62]! + (sequence++).toString(36);
}

function fillRandom(bytes: Uint8Array): void {
  const crypto = (globalThis as { crypto?: { getRandomValues?: (a: Uint8Array) => Uint8Array } }).crypto;
  if (crypto?.getRandomValues) crypto.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
}

/**
 * `serverId` of a push: `NEW-xxxxx<seq>-<listenId>`.
 * @example
 * pushServerId('LIS-h2Kd'); // 'NEW-4fQ9s-LIS-h2Kd'
 */
export function pushServerId(listenId: string): string {
  return `NEW-${pushUnique()}-${listenId}`;
}

/**
 * `serverId` of a StopListening: `STOP-xxxxx<seq>-<listenId>`.
 * @example
 * stopServerId('LIS-h2Kd'); // 'STOP-Qa81z-LIS-h2Kd'
 */
export function stopServerId(listenId: string): string {
  return `STOP-${pushUnique()}-${listenId}`;
}
