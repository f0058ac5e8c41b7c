/**
 * Turns any inbound frame into a typed, validated message. Never throws: anything that is not a
 * well-formed Askless 2.0.3 message becomes `{ kind: 'ignored' }` with a reason for the log
 * (askless-protocol.md §1.2, §1.3; requirement: nothing the server sends can throw).
 */
import { EXTENSION_FIELD, readProgressFrame } from './extension.js';
import { DEFAULT_CONNECTION_CONFIGURATION, Marker, PONG_FRAME, WELCOME_FRAME } from './wire.js';
import type { AuthenticateOutput, ConnectionConfiguration, WireError } from './wire.js';

/**
 * A decoded server → client frame. `serverId` is present on everything the client must confirm.
 * @example
 * const m: InboundMessage = decodeFrame(event.data);
 * if (m.kind === 'push') render(m.listenId, m.output);
 */
export type InboundMessage =
  | { kind: 'welcome' }
  | { kind: 'pong' }
  | { kind: 'ignored'; reason: string; serverId?: string }
  | { kind: 'serverConfirm'; clientRequestId: string }
  | { kind: 'configureResponse'; clientRequestId: string; serverId: string; configuration?: ConnectionConfiguration; error?: WireError }
  | { kind: 'authenticateResponse'; clientRequestId: string; serverId: string; output: AuthenticateOutput | null; error?: WireError }
  | { kind: 'response'; clientRequestId: string; serverId: string; output: unknown; error?: WireError }
  /** `resent`: the frame carries extension data (`asklessReact`), as every copy from a server with `markedResends` does. */
  | { kind: 'push'; listenId: string; serverId: string; output: unknown; resent: boolean }
  | { kind: 'stop'; listenId: string; serverId: string }
  /** askless-react extension (extension.ts): an intermediate result of a pending request. */
  | { kind: 'progress'; clientRequestId: string; value: unknown };

/** The message of a NewDataForListener frame. */
export type PushMessage = Extract<InboundMessage, { kind: 'push' }>;

const has = (o: Record<string, unknown>, key: string): boolean => o[key] !== undefined && o[key] !== null;
const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/**
 * Decode one WebSocket `data` value (text frames arrive as strings; anything else is ignored).
 * Dispatch order follows Flutter (§1.3): confirm-receipt before response, since a confirm also
 * carries the response marker.
 * @example
 * decodeFrame('pong'); // { kind: 'pong' }
 * decodeFrame('{"_class_type_newDataForListener":"_","listenId":"LIS-1","serverId":"NEW-a","output":1}');
 */
export function decodeFrame(data: unknown): InboundMessage {
  if (typeof data !== 'string') return { kind: 'ignored', reason: 'non-text frame' };
  if (data === WELCOME_FRAME) return { kind: 'welcome' };
  if (data === PONG_FRAME) return { kind: 'pong' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return { kind: 'ignored', reason: 'not JSON' };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { kind: 'ignored', reason: 'not a JSON object' };
  }
  return decodeObject(parsed as Record<string, unknown>);
}

// A push is decoded by a function of its own, small, and everything else by another: V8 optimizes
// a function after a number of calls that grows with its bytecode length (connection.ts onFrame).
function decodeObject(o: Record<string, unknown>): InboundMessage {
  if (has(o, Marker.serverConfirmReceipt)) return decodeConfirmReceipt(o);
  const serverId = o.serverId;
  if (str(serverId) && has(o, Marker.newDataForListener) && str(o.listenId)) {
    return { kind: 'push', listenId: o.listenId, serverId, output: o.output, resent: o[EXTENSION_FIELD] !== undefined };
  }
  return decodeOther(o, str(serverId) ? serverId : undefined);
}

function decodeConfirmReceipt(o: Record<string, unknown>): InboundMessage {
  if (!str(o.clientRequestId)) return { kind: 'ignored', reason: 'confirm receipt without clientRequestId' };
  return { kind: 'serverConfirm', clientRequestId: o.clientRequestId };
}

function decodeOther(o: Record<string, unknown>, serverId: string | undefined): InboundMessage {
  if (serverId === undefined) {
    // Checked only here, off the path of every Askless message (which all carry a serverId).
    const progress = readProgressFrame(o);
    return progress ? { kind: 'progress', ...progress } : { kind: 'ignored', reason: 'message without serverId' };
  }
  if (has(o, Marker.newDataForListener)) return { kind: 'ignored', reason: 'push without listenId', serverId };
  if (has(o, Marker.response)) {
    if (!str(o.clientRequestId)) return { kind: 'ignored', reason: 'response without clientRequestId', serverId };
    const error = decodeError(o.error);
    const base = { clientRequestId: o.clientRequestId, serverId, ...(error ? { error } : {}) };
    if (has(o, Marker.configureConnection)) {
      const configuration = error ? undefined : decodeConfiguration(o.output);
      if (!error && !configuration) return { kind: 'ignored', reason: 'configure response without configuration', serverId };
      return { kind: 'configureResponse', ...base, ...(configuration ? { configuration } : {}) };
    }
    if (has(o, Marker.authenticateResponse)) {
      return { kind: 'authenticateResponse', ...base, output: decodeAuthOutput(o.output) };
    }
    return { kind: 'response', ...base, output: o.output };
  }
  if (has(o, Marker.stopListening)) {
    if (!str(o.listenId)) return { kind: 'ignored', reason: 'stop without listenId', serverId };
    return { kind: 'stop', listenId: o.listenId, serverId };
  }
  return { kind: 'ignored', reason: 'unknown message class', serverId };
}

/** `error` absent or null means success (§1.6.2); a non-object error still counts as an error. */
function decodeError(error: unknown): WireError | undefined {
  if (error === undefined || error === null) return undefined;
  if (typeof error !== 'object' || Array.isArray(error)) return { description: String(error) };
  const e = error as Record<string, unknown>;
  return {
    ...(typeof e.code === 'string' && e.code ? { code: e.code } : {}),
    ...(typeof e.description === 'string' ? { description: e.description } : {}),
  };
}

function decodeAuthOutput(output: unknown): AuthenticateOutput | null {
  if (output === null || typeof output !== 'object' || Array.isArray(output)) return null;
  const o = output as Record<string, unknown>;
  return {
    ...(o.userId !== undefined && o.userId !== null ? { userId: o.userId } : {}),
    ...(Array.isArray(o.claims) ? { claims: o.claims.filter((c): c is string => typeof c === 'string') } : {}),
    ...(typeof o.credentialErrorCode === 'string' ? { credentialErrorCode: o.credentialErrorCode } : {}),
  };
}

const positive = (v: unknown, fallback: number): number => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : fallback);

/**
 * The ranges the client clamps server-sent timers into (ms), so a hostile or broken server can
 * neither make pings fire hundreds of times a second (3e9 overflows `setInterval` to 1 ms) nor
 * time every request out (2 ms). Documented in docs/core.md.
 * @example
 * CONFIGURATION_RANGES.intervalInMsClientPing; // [50, 60000]
 */
export const CONFIGURATION_RANGES = {
  intervalInMsClientPing: [50, 60_000],
  reconnectClientAfterMillisecondsWithoutServerPong: [500, 300_000],
  requestTimeoutInMs: [1_000, 600_000],
  intervalInMsClientSendSameMessage: [100, 600_000],
  waitForAuthenticationTimeoutInMs: [100, 600_000],
  intervalInMsServerSendSameMessage: [100, 3_600_000],
  millisecondsToDisconnectClientAfterWithoutClientPing: [100, 3_600_000],
} as const satisfies Record<string, readonly [number, number]>;

type RangedField = keyof typeof CONFIGURATION_RANGES;
const clamp = (field: RangedField, v: number): number => Math.min(CONFIGURATION_RANGES[field][1], Math.max(CONFIGURATION_RANGES[field][0], v));
/** A positive timer, clamped into its range; nonsense falls back to the 2.0.3 default. */
const timer = (r: Record<string, unknown>, field: RangedField): number =>
  clamp(field, positive(r[field], DEFAULT_CONNECTION_CONFIGURATION[field]));

/**
 * Validate `output.connectionConfiguration`, field by field: a nonsense timer (0, negative, a
 * string) falls back to the 2.0.3 default, and every timer is clamped into
 * {@link CONFIGURATION_RANGES}, rather than making the client spin or stall.
 * @example
 * decodeConfiguration({ connectionConfiguration: { intervalInMsClientPing: 0 } })?.intervalInMsClientPing; // 1000
 */
export function decodeConfiguration(output: unknown): ConnectionConfiguration | undefined {
  if (output === null || typeof output !== 'object') return undefined;
  const c = (output as Record<string, unknown>).connectionConfiguration;
  if (c === null || typeof c !== 'object' || Array.isArray(c)) return undefined;
  const r = c as Record<string, unknown>;
  const d = DEFAULT_CONNECTION_CONFIGURATION;
  const range = (r.clientVersionCodeSupported ?? {}) as Record<string, unknown>;
  const bound = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  const config: ConnectionConfiguration = {
    intervalInMsServerSendSameMessage: timer(r, 'intervalInMsServerSendSameMessage'),
    intervalInMsClientSendSameMessage: timer(r, 'intervalInMsClientSendSameMessage'),
    intervalInMsClientPing: timer(r, 'intervalInMsClientPing'),
    millisecondsToDisconnectClientAfterWithoutClientPing: timer(r, 'millisecondsToDisconnectClientAfterWithoutClientPing'),
    reconnectClientAfterMillisecondsWithoutServerPong: timer(r, 'reconnectClientAfterMillisecondsWithoutServerPong'),
    waitForAuthenticationTimeoutInMs: timer(r, 'waitForAuthenticationTimeoutInMs'),
    // `<= 0` is meaningful here: no timeout (§2.2).
    requestTimeoutInMs:
      typeof r.requestTimeoutInMs !== 'number' || !Number.isFinite(r.requestTimeoutInMs)
        ? d.requestTimeoutInMs
        : r.requestTimeoutInMs <= 0
          ? r.requestTimeoutInMs
          : clamp('requestTimeoutInMs', r.requestTimeoutInMs),
    isFromServer: r.isFromServer === true,
    serverVersion: typeof r.serverVersion === 'string' ? r.serverVersion : 'unknown',
    clientVersionCodeSupported: {
      lessThanOrEqual: typeof range === 'object' && range ? bound(range.lessThanOrEqual) : null,
      moreThanOrEqual: typeof range === 'object' && range ? bound(range.moreThanOrEqual) : null,
    },
  };
  if (r.asklessReact !== undefined) config.asklessReact = r.asklessReact as ConnectionConfiguration['asklessReact'];
  return config;
}

/**
 * True when `code` is inside the server's supported client version range (§2.3).
 * @example
 * isVersionSupported(7, { lessThanOrEqual: null, moreThanOrEqual: 4 }); // true
 */
export function isVersionSupported(code: number, range: ConnectionConfiguration['clientVersionCodeSupported']): boolean {
  if (range.moreThanOrEqual !== null && code < range.moreThanOrEqual) return false;
  if (range.lessThanOrEqual !== null && code > range.lessThanOrEqual) return false;
  return true;
}
