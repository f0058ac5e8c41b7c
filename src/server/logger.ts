/**
 * The server's logger: quiet unless `debugLogs`, injectable, and every line names the
 * connection it concerns. Callers never pass credentials, tokens or SDP bodies (see
 * `describeFrame`, which reduces a frame to its markers and ids).
 */

/**
 * Severity of a log line.
 * @example
 * const level: LogLevel = 'warn';
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/**
 * A log sink. `connectionId` is present for every line about a connection.
 * @example
 * const logger: ServerLogger = (level, message, meta) => console.log(level, meta?.connectionId, message);
 */
export type ServerLogger = (level: LogLevel, message: string, meta?: { connectionId?: string }) => void;

/**
 * The default sink: `console` with an `[askless-server]` prefix and the connection id.
 * @example
 * consoleLogger('info', 'listening', { connectionId: 'c1' });
 */
export const consoleLogger: ServerLogger = (level, message, meta) => {
  const prefix = meta?.connectionId ? `[askless-server ${meta.connectionId}]` : '[askless-server]';
  const line = `${prefix} ${message}`;
  if (level === 'error') console.error(line);
  else if (level === 'warn') console.warn(line);
  else console.log(line);
};

const SAFE_KEYS = ['clientRequestId', 'route', 'listenId', 'serverId', 'requestType'] as const;

/**
 * A one-line, credential-free description of a frame for debug logs: its markers and ids only,
 * never `credential`, `body`, `params` or `output` (they may hold tokens or SDP).
 * @example
 * describeFrame({ _class_type_read: '_', route: 'products', clientRequestId: 'REQ-1' });
 * // 'read route=products clientRequestId=REQ-1'
 */
export function describeFrame(frame: unknown): string {
  if (typeof frame === 'string') return `text(${frame.length} chars)`;
  if (typeof frame !== 'object' || frame === null) return typeof frame;
  const record = frame as Record<string, unknown>;
  const markers = Object.keys(record)
    .filter((k) => k.startsWith('_class_type_'))
    .map((k) => k.slice('_class_type_'.length));
  const ids = SAFE_KEYS.filter((k) => typeof record[k] === 'string').map((k) => `${k}=${String(record[k])}`);
  if (Array.isArray(record['listeningToRoutes'])) ids.push(`listening=${record['listeningToRoutes'].length}`);
  return [markers.join('+') || 'no-marker', ...ids].join(' ');
}
