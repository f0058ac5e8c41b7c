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

/**
 * The unique part of a push or stop id: 5 random alphanumerics and the per-process sequence in
 * base 36.
 * @example
 * pushUnique(); // '4fQ9s1a'
 */
export function pushUnique(): string {
  return randomAlphanumeric(5) + (sequence++).toString(36);
}

/**
 * `serverId` of a push: `NEW-xxxxx<seq>-<listenId>` (`unique` given when the push text is
 * spliced from the same part, push-text.ts `pushTextFor`).
 * @example
 * pushServerId('LIS-h2Kd'); // 'NEW-4fQ9s-LIS-h2Kd'
 */
export function pushServerId(listenId: string, unique: string = pushUnique()): string {
  return `NEW-${unique}-${listenId}`;
}

/**
 * `serverId` of a StopListening: `STOP-xxxxx<seq>-<listenId>`.
 * @example
 * stopServerId('LIS-h2Kd'); // 'STOP-Qa81z-LIS-h2Kd'
 */
export function stopServerId(listenId: string): string {
  return `STOP-${pushUnique()}-${listenId}`;
}
