/**
 * Validation and defaults for `new AsklessClient(options)`: bad options fail at construction
 * with an `INVALID_ARGUMENT` AsklessError that says which option and why.
 */
import { AsklessError, ClientErrorCode } from './errors.js';
import { checkServerUrls } from './internal/validate.js';
import type { AsklessClientOptions, WebRTCParams, WebSocketLikeConstructor } from './types.js';
import type { CallManagerOptions } from './calls/manager-types.js';

/**
 * Options after defaults: what `client.options` exposes (read-only).
 * @example
 * const { wrtc, getWebRTCParams } = client.options;
 */
export interface ResolvedClientOptions<UserId> {
  /** The first (or only) URL. */
  readonly serverUrl: string;
  /** Every URL, tried in turn on reconnects. */
  readonly serverUrls: readonly string[];
  readonly debugLogs: boolean;
  readonly WebSocket: WebSocketLikeConstructor;
  readonly wrtc: unknown;
  readonly getWebRTCParams: ((userId: UserId) => Promise<WebRTCParams>) | undefined;
  readonly onAutoReauthenticationFails: AsklessClientOptions<UserId>['onAutoReauthenticationFails'];
  readonly logger: ((line: string) => void) | undefined;
  readonly streamReleaseGraceMs: number;
  readonly reconnectBaseDelayMs: number;
  readonly reconnectMaxDelayMs: number;
  readonly streamRetryDelayMs: number;
  /** Ring timeout of calls, in ms (undefined: the call service's 45 s default). */
  readonly callRingTimeoutMs: number | undefined;
  /** File-transfer options as given (validated by the file service when it loads). */
  readonly files: AsklessClientOptions<UserId>['files'];
  /** Options of `client.calls` (issue 15). */
  readonly calls: CallManagerOptions<UserId>;
}

const invalid = (description: string): AsklessError => new AsklessError(ClientErrorCode.INVALID_ARGUMENT, description);

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw invalid(`${name} must be a finite number ≥ 0, got ${String(value)}`);
  return value;
}

/** `new globalWebSocket(url)` builds the environment's WebSocket, or fails with a clear error. */
const globalWebSocket = function globalWebSocket(url: string): unknown {
  const Impl = (globalThis as { WebSocket?: WebSocketLikeConstructor }).WebSocket;
  if (typeof Impl !== 'function') throw invalid('no WebSocket implementation: pass the `ws` package as options.WebSocket in Node');
  return new Impl(url);
} as unknown as WebSocketLikeConstructor;

/**
 * Validate and complete client options. Throws `AsklessError` (INVALID_ARGUMENT).
 * @example
 * resolveOptions({ serverUrl: 'ws://127.0.0.1:3000', WebSocket: WS });
 */
export function resolveOptions<UserId>(options: AsklessClientOptions<UserId>): ResolvedClientOptions<UserId> {
  if (options === null || typeof options !== 'object') throw invalid('options must be an object');
  const urls = checkServerUrls(options.serverUrl);
  if (options.WebSocket !== undefined && typeof options.WebSocket !== 'function') {
    throw invalid('WebSocket must be a WebSocket constructor (the `ws` package in Node)');
  }
  // The global is looked up when a socket opens, not here: constructing a client during server
  // rendering (no WebSocket global) must not throw, and must not touch the global either.
  const WebSocketImpl = options.WebSocket ?? globalWebSocket;
  for (const name of ['onAutoReauthenticationFails', 'getWebRTCParams', 'logger'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'function') throw invalid(`${name} must be a function`);
  }
  const reconnectBaseDelayMs = nonNegative('reconnectBaseDelayMs', options.reconnectBaseDelayMs, 250);
  return Object.freeze({
    serverUrl: urls[0]!,
    serverUrls: Object.freeze(urls),
    debugLogs: options.debugLogs === true,
    WebSocket: WebSocketImpl,
    wrtc: options.wrtc,
    getWebRTCParams: options.getWebRTCParams,
    onAutoReauthenticationFails: options.onAutoReauthenticationFails,
    logger: options.logger,
    streamReleaseGraceMs: nonNegative('streamReleaseGraceMs', options.streamReleaseGraceMs, 1000),
    reconnectBaseDelayMs,
    reconnectMaxDelayMs: Math.max(reconnectBaseDelayMs, nonNegative('reconnectMaxDelayMs', options.reconnectMaxDelayMs, 10_000)),
    streamRetryDelayMs: nonNegative('streamRetryDelayMs', options.streamRetryDelayMs, 1000),
    callRingTimeoutMs: options.callRingTimeoutMs === undefined ? undefined : nonNegative('callRingTimeoutMs', options.callRingTimeoutMs, 0),
    files: options.files,
    calls: resolveCallOptions(options.calls),
  });
}

/** Check `options.calls` (issue 15): numbers finite and ≥ 0, callbacks functions. */
function resolveCallOptions<UserId>(calls: CallManagerOptions<UserId> | undefined): CallManagerOptions<UserId> {
  if (calls === undefined) return Object.freeze({});
  if (typeof calls !== 'object' || calls === null) throw invalid('calls must be an object');
  for (const name of ['maxConcurrentCalls', 'ringTimeoutMs', 'reconnectTimeoutMs', 'unavailableGraceMs', 'endedCallLingerMs', 'statsIntervalMs', 'levelUpdatesPerSecond', 'maxMissedCalls'] as const) {
    if (calls[name] !== undefined) nonNegative(`calls.${name}`, calls[name], 0);
  }
  if (calls.levelUpdatesPerSecond !== undefined && calls.levelUpdatesPerSecond > 10) throw invalid('calls.levelUpdatesPerSecond must be at most 10');
  if (calls.maxConcurrentCalls !== undefined && calls.maxConcurrentCalls < 1) throw invalid('calls.maxConcurrentCalls must be at least 1');
  for (const name of ['canHandleNewCall', 'onRing', 'onRingStop'] as const) {
    if (calls[name] !== undefined && typeof calls[name] !== 'function') throw invalid(`calls.${name} must be a function`);
  }
  return Object.freeze({ ...calls });
}
