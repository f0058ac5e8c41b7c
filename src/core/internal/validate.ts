/**
 * Argument checks for the public request methods: a bad route, params or body becomes an
 * `INVALID_ARGUMENT` error before anything reaches the wire (Q1: bad frames crash 2.0.3).
 */
import { AsklessError, ClientErrorCode } from '../errors.js';
import type { Params } from '../protocol/wire.js';
import type { StreamSource } from '../types.js';

/**
 * A validated, detached copy of what the caller passed (later mutations cannot leak into resends).
 * @example
 * const { route, params, body } = checkRequest({ route: 'product', params: { id: 1 } }, { price: 2 });
 */
export interface CheckedRequest {
  route: string;
  params: Params;
  body: unknown;
}

const invalid = (description: string): AsklessError => new AsklessError(ClientErrorCode.INVALID_ARGUMENT, description);

function jsonCopy(value: unknown, what: string): unknown {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw invalid(`${what} is not JSON-serialisable: ${String(error)}`);
  }
  return text === undefined ? undefined : (JSON.parse(text) as unknown);
}

/**
 * Validate route, params and body; throws `AsklessError` (INVALID_ARGUMENT).
 * @example
 * checkRequest({ route: 'product', params: { id: 1 } }, undefined);
 */
export function checkRequest(options: { route?: unknown; params?: unknown } | null | undefined, body: unknown): CheckedRequest {
  if (options === null || typeof options !== 'object') throw invalid('options must be an object');
  const { route, params } = options;
  if (typeof route !== 'string' || route.length === 0) throw invalid(`route must be a non-empty string, got ${JSON.stringify(route)}`);
  if (params !== undefined && params !== null && (typeof params !== 'object' || Array.isArray(params))) {
    throw invalid('params must be an object or null');
  }
  const paramsCopy = params ? (jsonCopy(params, 'params') as Record<string, unknown>) : null;
  return { route, params: paramsCopy && Object.keys(paramsCopy).length > 0 ? paramsCopy : null, body: jsonCopy(body, 'body') };
}

/**
 * Validate `readStream` options (route, params, source); throws `AsklessError` (INVALID_ARGUMENT).
 * @example
 * const { route, params, source } = checkStreamOptions({ route: 'products', source: 'cacheAndRemote' });
 */
export function checkStreamOptions(options: { route?: unknown; params?: unknown; source?: unknown } | null | undefined): CheckedRequest & { source: StreamSource } {
  const checked = checkRequest(options, undefined);
  const source = options!.source ?? 'remoteOnly';
  if (source !== 'remoteOnly' && source !== 'cacheAndRemote') throw invalid(`source must be 'remoteOnly' or 'cacheAndRemote', got ${JSON.stringify(source)}`);
  return { ...checked, source };
}

/**
 * The server URL list of the client options: a string or a non-empty list of `ws://`/`wss://`
 * URLs naming a host. Throws `AsklessError` (INVALID_ARGUMENT).
 * @example
 * checkServerUrls(['wss://a.example.com', 'wss://b.example.com']); // the list, copied
 */
export function checkServerUrls(serverUrl: unknown): string[] {
  const urls: unknown[] = Array.isArray(serverUrl) ? [...(serverUrl as unknown[])] : [serverUrl];
  if (urls.length === 0) throw invalid('serverUrl must not be an empty list');
  for (const url of urls) {
    if (typeof url !== 'string' || !/^wss?:\/\/[^\s/]+/i.test(url)) {
      throw invalid(`serverUrl must start with ws:// or wss:// and name a host, got ${JSON.stringify(url)}`);
    }
  }
  return urls as string[];
}
