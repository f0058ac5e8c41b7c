/**
 * Server-side identifiers in the 2.0.3 formats (askless-protocol.md §1.4). Clients treat them as
 * opaque; the prefixes only help humans reading logs and transcripts.
 */
import { randomBytes } from 'node:crypto';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * `length` random alphanumeric characters.
 * @example
 * randomAlnum(11); // 'Xk2pQ9sLr0A'
 */
export function randomAlnum(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  // 256 % 62 skews slightly towards the first letters; harmless for opaque ids.
  for (let i = 0; i < length; i++) out += ALNUM[bytes[i]! % ALNUM.length];
  return out;
}

/**
 * `serverId` of a response or confirmation: `RES-` + 11 alphanumerics.
 * @example
 * responseServerId(); // 'RES-a8Jq2LmX0pZ'
 */
export function responseServerId(): string {
  return `RES-${randomAlnum(11)}`;
}

/**
 * `serverId` of a push: `NEW-xxxxx-<listenId>`.
 * @example
 * pushServerId('LIS-h2Kd'); // 'NEW-4fQ9s-LIS-h2Kd'
 */
export function pushServerId(listenId: string): string {
  return `NEW-${randomAlnum(5)}-${listenId}`;
}

/**
 * `serverId` of a StopListening: `STOP-xxxxx-<listenId>`.
 * @example
 * stopServerId('LIS-h2Kd'); // 'STOP-Qa81z-LIS-h2Kd'
 */
export function stopServerId(listenId: string): string {
  return `STOP-${randomAlnum(5)}-${listenId}`;
}
