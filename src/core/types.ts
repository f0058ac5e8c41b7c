/**
 * Public types of the client core. The React layer and the calls code depend on these names:
 * add to them freely, never rename.
 */
import type { FileTransferOptions } from './files/types.js';
import type { AsklessError } from './errors.js';
import type { StreamStorage } from './persist.js';
import type { CallManagerOptions } from './calls/manager-types.js';

/** Connection status, as in Flutter (§3.4). */
export type ConnectionStatus = 'connected' | 'inProgress' | 'disconnected';

/** Why the client is not connected (absent while connected). */
export type DisconnectionReason =
  | 'notStarted'
  | 'closedByClient'
  | 'socketClosed'
  | 'pongTimeout'
  | 'connectFailed'
  | 'unsupportedVersionCode'
  | 'configureFailed';

/** `client.connection`: a new object on every change, the same object otherwise. */
export interface ConnectionState {
  readonly status: ConnectionStatus;
  readonly disconnectionReason?: DisconnectionReason;
}

/**
 * Options of `onConnectionChange` / `onAuthenticationChange`.
 * @example
 * client.onConnectionChange(render, { immediately: false });
 */
export interface ConnectionChangeOptions {
  /** Call the listener at once with the current state. Default `true`. */
  immediately?: boolean;
}

/** What `getWebRTCParams(userId)` resolves to (used by calls). */
export interface WebRTCParams {
  configuration?: RTCConfiguration;
  constraints?: MediaStreamConstraints;
  /** Calls gather ICE before sending an offer/answer (no trickle): stop waiting after this long (ms). Default 5000. */
  iceGatheringTimeoutMs?: number;
}

/**
 * The part of a WebSocket the client uses. The browser's WebSocket and the `ws` package's both
 * fit, so Node users pass `ws` without a cast. (Handlers take `never` so either event type fits.)
 */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: never) => void) | null;
  onmessage: ((event: never) => void) | null;
  onclose: ((event: never) => void) | null;
  onerror: ((event: never) => void) | null;
}

/** A WebSocket constructor: the browser's. */
export type WebSocketConstructor = new (url: string) => WebSocket;

/** Any constructor of a {@link WebSocketLike}: the browser's, or the `ws` package's in Node. */
export type WebSocketLikeConstructor = new (url: string) => WebSocketLike;

/** Options of `new AsklessClient(...)`. */
export interface AsklessClientOptions<UserId = string | number> {
  /**
   * `ws://` or `wss://` URL of the Askless server, or a list of them (the processes of a cluster):
   * each reconnect tries the next, with the usual backoff. Validated at construction.
   */
  serverUrl: string | readonly string[];
  /** Log protocol events (never credentials, tokens or SDP bodies). Default `false`. */
  debugLogs?: boolean;
  /** Called once per failed automatic re-login with a credential error. */
  onAutoReauthenticationFails?: (credentialErrorCode: string, clearAuthentication: () => Promise<void>) => void;
  /** ICE servers and media constraints for calls with `userId`. */
  getWebRTCParams?: (userId: UserId) => Promise<WebRTCParams>;
  /** WebSocket implementation; defaults to `globalThis.WebSocket`. In Node pass `ws` (no cast needed). */
  WebSocket?: WebSocketConstructor | WebSocketLikeConstructor;
  /** Node only: a WebRTC implementation such as `@roamhq/wrtc`, handed to simple-peer. */
  wrtc?: unknown;
  /** Calls: an unanswered call ends as `missed` after this long (ms). Default 45 000. */
  callRingTimeoutMs?: number;
  /** File transfer (`client.files`): peer to peer on/off, its timeout, chunk size. */
  files?: FileTransferOptions;
  /** Calls v2 (`client.calls`): limits, timers and the ringing delegate. */
  calls?: CallManagerOptions<UserId>;
  /** Sink for debug logs; defaults to `console.debug`. */
  logger?: (line: string) => void;
  /** How long a stream with no subscriber keeps its server LISTEN (absorbs remounts). Default 1000. */
  streamReleaseGraceMs?: number;
  /** First reconnect delay ceiling in ms (jittered down to half). Default 250. */
  reconnectBaseDelayMs?: number;
  /** Maximum reconnect delay in ms. Default 10 000. */
  reconnectMaxDelayMs?: number;
  /** First retry delay of a stream whose LISTEN failed; doubles up to 30 s. Default 1000. */
  streamRetryDelayMs?: number;
  /** Storage of `persist` streams. Default: IndexedDB (idb-keyval, loaded on first use). */
  streamStorage?: StreamStorage;
}

/** Result of a READ / CREATE / UPDATE / DELETE. Never rejected: failures are `error`. */
export interface AsklessResponse<T = unknown> {
  readonly success: boolean;
  readonly output: T | undefined;
  readonly error?: AsklessError;
}

/** Result of `authenticate(...)`. */
export interface AuthenticateResponse<UserId = string | number> {
  readonly success: boolean;
  readonly userId?: UserId;
  readonly claims: string[];
  readonly error?: AuthenticateError;
}

/**
 * Why a login failed.
 * @example
 * if (res.error?.isCredentialError) showLoginForm();
 */
export interface AuthenticateError {
  readonly code: string;
  readonly description: string;
  /** True when the server rejected the credential (Flutter: `credentialErrorCode` present). */
  readonly isCredentialError: boolean;
}

/**
 * Options of `authenticate(...)`; the credential is never logged.
 * @example
 * await client.authenticate({ credential: { accessToken } });
 */
export interface AuthenticateOptions {
  credential: unknown;
  /** Wait for the connection and the answer without a time limit. */
  neverTimeout?: boolean;
}

/** Authentication state observable by the React layer. */
export type AuthenticationStatus = 'unauthenticated' | 'authenticating' | 'authenticated';
/**
 * `client.authentication`: the same object until it changes.
 * @example
 * if (client.authentication.status === 'authenticated') greet(client.authentication.userId);
 */
export interface AuthenticationState<UserId = string | number> {
  readonly status: AuthenticationStatus;
  readonly userId?: UserId;
  readonly claims: string[];
  readonly error?: AuthenticateError;
}

/**
 * Options of `read(...)` (and, with `body`, of the modify calls).
 * @example
 * await client.read({ route: 'products', params: { category: 'games' }, signal: controller.signal });
 */
export interface RequestOptions {
  route: string;
  params?: Record<string, unknown> | null;
  /** Disable the client-side timeout (`requestTimeoutInMs`). */
  neverTimeout?: boolean;
  /** Keep waiting for a login across `clearAuthentication()` (§5.5). */
  persevere?: boolean;
  /**
   * Abort: resolves at once with code `ABORTED` (an `AbortedRequestError` whose `outcome` says
   * whether the server ran it anyway). Against askless-react's server the handler's `ctx.signal`
   * aborts too.
   */
  signal?: AbortSignal;
  /** Intermediate results the handler sends with `ctx.progress(value)`, in order, before the answer (askless-react's server only). */
  onProgress?: (value: unknown) => void;
}
/**
 * Options of `create` / `update` / `delete`.
 * @example
 * await client.create({ route: 'product', body: { name: 'Phone' } });
 */
export interface ModifyOptions extends RequestOptions {
  body?: unknown;
}

/**
 * Whether a late subscriber first gets the stream's last value.
 * @example
 * client.readStream({ route: 'products', source: 'cacheAndRemote' });
 */
export type StreamSource = 'remoteOnly' | 'cacheAndRemote';

/**
 * Options of `readStream(...)`.
 * @example
 * const stream = client.readStream<Product[]>({ route: 'products', params: { category: 'games' } });
 */
export interface ReadStreamOptions {
  route: string;
  params?: Record<string, unknown> | null;
  /** `cacheAndRemote` hands a late subscriber the last value at once. Default `remoteOnly`. */
  source?: StreamSource;
  /** Keep waiting for a login across logouts. Default `true`. */
  persevere?: boolean;
  /**
   * Only the latest value matters (a stream value is state): the server keeps at most one push
   * of this stream unconfirmed and sends only the newest of those that waited, in order.
   * Needs a server advertising the asklessReact `conflate` flag (askless-react's own);
   * elsewhere every value is delivered. A separate server stream from the same route and params
   * without it. Default `false`.
   */
  conflate?: boolean;
  /**
   * `false`: every subscription gets a server stream of its own (a fresh `listenId`, never joined
   * by other subscribers), released at once when it unsubscribes and stopped on the server by an
   * immediate ping. For streams that belong to one conversation, such as a call's
   * `listen-for-a-call`. Default `true` (one LISTEN per route + params, with a release grace).
   */
  shared?: boolean;
  /**
   * Keep the last live value in IndexedDB (per user, deleted at logout) so a reload shows it at
   * once, with `stale: true` until the live value arrives. Default `false`.
   */
  persist?: boolean;
}

/** Lifecycle of a stream, as the React layer shows it. */
export type StreamStatus = 'pending' | 'live' | 'reconnecting' | 'error';

/** Snapshot of a shared stream; the same object until something changes. */
export interface StreamSnapshot<T = unknown> {
  readonly status: StreamStatus;
  readonly data: T | undefined;
  readonly hasData: boolean;
  readonly error?: AsklessError;
  /** `data` is a persisted value from an earlier session, not live yet (`persist` streams only). */
  readonly stale?: boolean;
}

/**
 * A stream handle from `client.readStream(...)`. Lazy: nothing is sent until the first
 * subscriber; identical (route, params) handles share one server LISTEN.
 */
export interface AsklessStream<T = unknown> extends AsyncIterable<T> {
  readonly key: string;
  /** Receive every new value (and errors); returns unsubscribe. */
  subscribe(onValue: (value: T) => void, onError?: (error: AsklessError) => void): () => void;
  /** Observe the snapshot (status, data, error): for useSyncExternalStore. */
  subscribeSnapshot(listener: () => void): () => void;
  getSnapshot(): StreamSnapshot<T>;
  /** LISTEN again now when the stream is in error (it also retries by itself with backoff). */
  retry?(): void;
}
