/**
 * Adapts an `AsklessClient` to the call service's {@link CallTransport}: CREATEs through
 * `client.create`, LISTENs through `client.readStream` (persevering, so a re-login resumes them),
 * and a `calls` logger that never prints SDP or candidates.
 */
import { createLogger } from '../logger.js';
import type { AsklessResponse, AsklessStream, ReadStreamOptions, ModifyOptions, WebRTCParams } from '../types.js';
import type { CallTransport } from './transport.js';
import type { WireUserId } from './wire.js';

/** The part of AsklessClient the adapter uses (kept structural to avoid an import cycle). */
export interface CallCapableCore {
  create(options: ModifyOptions): Promise<AsklessResponse<unknown>>;
  readStream(options: ReadStreamOptions): AsklessStream<unknown>;
  readonly userId: unknown;
  onConnectionChange?(listener: (state: { status: string }) => void, options?: { immediately?: boolean }): () => void;
  readonly options: {
    readonly wrtc: unknown;
    readonly getWebRTCParams: ((userId: never) => Promise<WebRTCParams>) | undefined;
    readonly debugLogs: boolean;
    readonly logger: ((line: string) => void) | undefined;
  };
}

/**
 * The CallTransport of a client.
 * @example
 * const calls = new CallService({ transport: clientCallTransport(client) });
 */
export function clientCallTransport(client: CallCapableCore): CallTransport {
  const logger = createLogger(client.options.debugLogs, client.options.logger);
  const getParams = client.options.getWebRTCParams as ((userId: WireUserId) => Promise<WebRTCParams>) | undefined;
  return {
    create: async (route, body) => {
      const res = await client.create({ route, body, params: null });
      return res.error ? { ok: res.success, output: res.output, error: res.error } : { ok: res.success, output: res.output };
    },
    listen: (route, params, handlers) => {
      // Unshared: each call gets its own server stream, gone from the server (an immediate ping)
      // the moment the call lets go of it, so a call-back never meets the last call's stream.
      const stream = client.readStream({ route, params: Object.keys(params).length > 0 ? params : null, persevere: true, shared: false });
      let off: (() => void) | undefined;
      let stopped = false;
      off = stream.subscribe(
        (value) => handlers.onValue(value),
        (error) => {
          if (stopped) return;
          stopped = true;
          // Release our hold at once: a stopped stream is gone, a failed one must not keep retrying for us.
          queueMicrotask(() => off?.());
          handlers.onStop(error);
        },
      );
      return () => {
        stopped = true;
        off?.();
        off = undefined;
      };
    },
    userId: () => {
      const id = client.userId;
      return typeof id === 'string' || typeof id === 'number' ? id : undefined;
    },
    getWebRTCParams: getParams ? (userId) => getParams(userId) : undefined,
    wrtc: client.options.wrtc,
    onConnectionChange: client.onConnectionChange
      ? (listener) => client.onConnectionChange!((state) => listener(state.status === 'connected'), { immediately: false })
      : undefined,
    log: (message) => logger.log('calls', message),
  };
}
