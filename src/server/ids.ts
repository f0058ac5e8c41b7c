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

// Push and stop ids are a per-process sequence behind a random part drawn once per process: 5
// random characters per id alone repeat about once in 45,000 pushes against a client's 20,000
// remembered ids (the client would drop that push as a copy), and drawing them per push was a
// tenth of a push's server time. 8 random characters tell processes (restarts, a cluster)
// apart. Lengths are conventions only (§1.4).
const PROCESS_PART = randomAlphanumeric(8);
let sequence = 0;

/**
 * The unique part of a push or stop id: this process's random part and its sequence number.
 * @example
 * pushUnique(); // 'q3ZtV9aL17'
 */
export function pushUnique(): string {
  return PROCESS_PART + sequence++;
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
