/**
 * `askless-react/core`: the framework-agnostic Askless client (no React, no Node built-ins).
 * @example
 * import { AsklessClient } from 'askless-react/core';
 * const client = new AsklessClient({ serverUrl: 'wss://example.com/askless' });
 * client.start();
 */
export { AsklessClient } from './client.js';
export { AsklessError, ClientErrorCode, ServerErrorCode } from './errors.js';
export type { ClientErrorCodeValue } from './errors.js';
export { AbortedRequestError } from './abort.js';
export type { AbortOutcome } from './abort.js';
export { streamKey, canonicalJson } from './stream-key.js';
export type { ResolvedClientOptions } from './options.js';
export { LOGGER_NAME } from './logger.js';
export { decodeFrame, CONFIGURATION_RANGES } from './protocol/decode.js';
export type { InboundMessage } from './protocol/decode.js';
export { supportsResume, EXTENSION_FIELD, EXTENSION_VERSION } from './protocol/extension.js';
export type { ServerExtension, ClientExtensionHello } from './protocol/extension.js';
export { CLIENT_VERSION_CODE, DEFAULT_CONNECTION_CONFIGURATION, InternalRoute } from './protocol/wire.js';
export type { ConnectionConfiguration, Json, Params } from './protocol/wire.js';
export type * from './types.js';
export { typedClient } from './routes.js';
export type { StreamStorage } from './persist.js';
export type { ClientInspection, ConnectionEvent, RequestInspection, StreamInspection, TappedFrame } from './inspect.js';
export type * from './routes.js';
// Calls (issue 5): the service itself is reached through client.requestCallToUser / onIncomingCall.
export { getLocalMedia, stopStream, mediaFailure, canGetLocalMedia, MediaErrorCode } from './calls/media.js';
export type { LocalMediaResult } from './calls/media.js';
export { DEFAULT_RING_TIMEOUT_MS } from './calls/constants.js';
export type * from './calls/types.js';
// File transfer: `client.files` (loaded on first use); error codes are listed in docs/files.md.
export type * from './files/types.js';
export type { LazyFiles } from './files/lazy.js';
export type * from './calls/manager-types.js';
export type { GroupCalls } from './group-calls/lazy.js';
export type * from './group-calls/types.js';
export { GroupCallErrorCode, GroupCallRoute } from './group-calls/wire.js';
export type { GroupCallMember } from './group-calls/wire.js';
