/**
 * Call constants importable without loading the call service (see lazy.ts).
 */

/**
 * Default ring timeout (Matrix and most SDKs use 30–60 s).
 * @example
 * new AsklessClient({ serverUrl, callRingTimeoutMs: DEFAULT_RING_TIMEOUT_MS / 3 });
 */
export const DEFAULT_RING_TIMEOUT_MS = 45_000;
