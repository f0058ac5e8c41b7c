/**
 * The provider's client lifecycle: create (no I/O), start in an effect, close on unmount, and
 * survive StrictMode's mount → unmount → mount without a second socket or a leak.
 */
import { useEffect, useRef, useState } from 'react';
import { AsklessError, ClientErrorCode } from '../../core/errors.js';
import type { AsklessClientOptions } from '../../core/types.js';
import type { AsklessClientLike } from './client.js';

/** The provider props this hook reads. */
export interface ProviderClientConfig<C extends AsklessClientLike = AsklessClientLike> {
  serverUrl?: string | readonly string[] | undefined;
  client?: C | undefined;
  debugLogs?: boolean | undefined;
  WebSocket?: AsklessClientOptions['WebSocket'] | undefined;
  wrtc?: unknown;
  logger?: ((line: string) => void) | undefined;
  onAutoReauthenticationFails?: AsklessClientOptions['onAutoReauthenticationFails'];
  getWebRTCParams?: AsklessClientOptions['getWebRTCParams'];
  clientOptions?: ProviderClientTuning | undefined;
}

/** Tuning options of the provider's own client (timers, call ring timeout, ...). */
export type ProviderClientTuning = Omit<
  AsklessClientOptions,
  'serverUrl' | 'debugLogs' | 'WebSocket' | 'wrtc' | 'logger' | 'onAutoReauthenticationFails' | 'getWebRTCParams'
>;

/** Builds a client from options; the provider passes `new AsklessClient(...)`. */
export type ClientFactory<C extends AsklessClientLike = AsklessClientLike> = (options: AsklessClientOptions) => C;

/** A URL list compared by value: an inline array must not make a new client every render. */
const urlKey = (url: string | readonly string[] | undefined): string | undefined => (typeof url === 'string' || url === undefined ? url : url.join(' '));

interface Owned<C> {
  readonly client: C;
  readonly serverUrl: string | undefined;
  readonly WebSocket: AsklessClientOptions['WebSocket'] | undefined;
  started: boolean;
  closed: boolean;
}

/**
 * Returns the client a provider exposes: the given one (started, never closed), or one it owns.
 * @example
 * const client = useProviderClient(props, (options) => new AsklessClient(options));
 */
export function useProviderClient<C extends AsklessClientLike>(
  config: ProviderClientConfig<C>,
  factory: ClientFactory<C>,
): C {
  // Callbacks are read through a ref so a new inline function never recreates the client.
  const latest = useRef(config);
  useEffect(() => {
    latest.current = config;
  });

  const create = (): Owned<C> => {
    const serverUrl = config.serverUrl;
    if (serverUrl === undefined) {
      throw new AsklessError(ClientErrorCode.INVALID_ARGUMENT, '<AsklessProvider> needs either `serverUrl` or `client`.');
    }
    const options: AsklessClientOptions = { ...config.clientOptions, serverUrl };
    if (config.debugLogs !== undefined) options.debugLogs = config.debugLogs;
    // Without one, the core looks the global WebSocket up only when a socket opens (in an
    // effect), so server rendering never touches it.
    if (config.WebSocket !== undefined) options.WebSocket = config.WebSocket;
    if (config.wrtc !== undefined) options.wrtc = config.wrtc;
    if (config.logger !== undefined) options.logger = (line) => latest.current.logger?.(line);
    options.onAutoReauthenticationFails = (code, clear) => latest.current.onAutoReauthenticationFails?.(code, clear);
    if (config.getWebRTCParams !== undefined) {
      options.getWebRTCParams = (userId) => {
        const current = latest.current.getWebRTCParams;
        return current ? current(userId) : Promise.resolve({});
      };
    }
    // The core constructor does no I/O, so creating during render (twice under StrictMode) is safe.
    return { client: factory(options), serverUrl: urlKey(serverUrl), WebSocket: config.WebSocket, started: false, closed: false };
  };

  const [owned, setOwned] = useState<Owned<C> | null>(() => (config.client ? null : create()));
  let current = owned;
  if (!config.client && (owned === null || owned.serverUrl !== urlKey(config.serverUrl) || owned.WebSocket !== config.WebSocket)) {
    // Derived state: a new URL or socket implementation means a new client (the old one is
    // closed by its effect cleanup below).
    current = create();
    setOwned(current);
  }
  const client = config.client ?? current!.client;

  const pendingCloses = useRef(new Map<C, ReturnType<typeof setTimeout>>());
  useEffect(() => {
    if (config.client) {
      config.client.start();
      return undefined;
    }
    const record = current!;
    if (record.closed) {
      // Remounted after a real close (e.g. a hidden <Activity> shown again): `start()` reopens.
      record.closed = false;
      record.started = false;
    }
    const pending = pendingCloses.current.get(record.client);
    if (pending !== undefined) {
      // StrictMode's simulated unmount: keep the very same socket.
      clearTimeout(pending);
      pendingCloses.current.delete(record.client);
    }
    if (!record.started) {
      record.started = true;
      record.client.start();
    }
    const closes = pendingCloses.current;
    return () => {
      // Deferred one task: a remount in the same commit cancels it; a real unmount closes.
      closes.set(
        record.client,
        setTimeout(() => {
          closes.delete(record.client);
          record.closed = true;
          record.client.close();
        }, 0),
      );
    };
    // Keyed on the client only: the config is read through `current`/`latest`.
  }, [client]);

  return client;
}
