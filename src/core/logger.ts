/**
 * The core's one named logger. Quiet unless `debugLogs` is set. Callers pass only ids, routes and
 * message kinds: never credentials, tokens, bodies or SDP.
 */

/**
 * A log function bound to the client; `conn` is the connection label (short client id + #n).
 * @example
 * logger.log('q3ZtV9aL#2', 'connected');
 */
export interface CoreLogger {
  readonly enabled: boolean;
  log(conn: string, message: string): void;
  /** Something a server did that the client refused (written even without `debugLogs`). */
  warn(conn: string, message: string): void;
}

/**
 * Prefix of every line, so apps can filter the library's output.
 * @example
 * const ours = lines.filter((l) => l.startsWith(`[${LOGGER_NAME}]`));
 */
export const LOGGER_NAME = 'askless-react';

/**
 * Create the logger of one client.
 * @example
 * const logger = createLogger(true, (line) => console.debug(line));
 * logger.log('Ab12#1', 'connected');
 */
export function createLogger(enabled: boolean, sink?: (line: string) => void): CoreLogger {
  const write = sink ?? ((line: string) => console.debug(line));
  const safely = (out: (line: string) => void, line: string): void => {
    try {
      out(line);
    } catch {
      // A throwing sink must never break the protocol.
    }
  };
  return {
    enabled,
    log(conn, message) {
      if (enabled) safely(write, `[${LOGGER_NAME}] conn=${conn} ${message}`);
    },
    warn(conn, message) {
      safely(sink ?? ((line: string) => console.warn(line)), `[${LOGGER_NAME}] conn=${conn} warning: ${message}`);
    },
  };
}
