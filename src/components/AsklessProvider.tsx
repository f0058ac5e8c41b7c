import { QueryClient, QueryClientContext, QueryClientProvider } from '@tanstack/react-query';
import { useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { DeferredClient } from '../core/deferred-client.js';
import type { AsklessClientOptions } from '../core/types.js';
import { StreamCacheSync } from '../hooks/internal/cacheSync.js';
import type { AsklessProviderClient } from '../hooks/internal/client.js';
import { AsklessContext, type AsklessContextValue } from '../hooks/internal/context.js';
import { useProviderClient, type ClientFactory, type ProviderClientTuning } from '../hooks/internal/providerClient.js';
import { bindStoreToClient, createAsklessStore } from '../hooks/internal/store.js';

interface CommonProps {
  /** Log protocol events of the provider's own client (read when the client is created). */
  debugLogs?: boolean;
  /** Called once per failed automatic re-login with a credential error (latest prop wins). */
  onAutoReauthenticationFails?: AsklessClientOptions['onAutoReauthenticationFails'];
  /** ICE servers and media constraints for calls (latest prop wins). */
  getWebRTCParams?: AsklessClientOptions['getWebRTCParams'];
  /** The TanStack QueryClient for `useRead`/`useCreate`...; default: the one above, else a new one. */
  queryClient?: QueryClient;
  /** WebSocket implementation, e.g. `ws` in Node or jsdom; changing it recreates the client. */
  WebSocket?: AsklessClientOptions['WebSocket'];
  /** Node only: a WebRTC implementation (e.g. `@roamhq/wrtc`) for calls. */
  wrtc?: unknown;
  /** Sink for debug logs; default `console.debug`. */
  logger?: (line: string) => void;
  /** Tuning of the provider's own client (reconnect delays, stream release grace, ...), read when it is created. */
  clientOptions?: ProviderClientTuning;
  children?: ReactNode;
}

/**
 * Props of {@link AsklessProvider}: either a `serverUrl` (the provider owns a client) or a `client`.
 * @example
 * const props: AsklessProviderProps = { serverUrl: 'wss://api.example.com', debugLogs: true };
 */
export type AsklessProviderProps = CommonProps &
  (
    | { serverUrl: string | readonly string[]; client?: undefined }
    | {
        /** A client you own: started here, never closed. Structural, so a fake needs no cast. */
        client: AsklessProviderClient;
        serverUrl?: undefined;
      }
  );

// The provider's own client loads its protocol code in a chunk of its own while the app renders
// (core/deferred-client.ts): what an app pays up front stays small.
const createClient: ClientFactory<AsklessProviderClient> = (options) => new DeferredClient(options);

/**
 * Connects its subtree to an Askless server: one client (one WebSocket), one store, one
 * QueryClient. The client is started on mount and closed on unmount; a `client` you pass in is
 * started but never closed.
 * @example
 * <AsklessProvider serverUrl="wss://api.example.com" onAutoReauthenticationFails={(code, clear) => clear()}>
 *   <App />
 * </AsklessProvider>
 */
export function AsklessProvider(props: AsklessProviderProps) {
  const client = useProviderClient<AsklessProviderClient>(props, createClient);

  // One store per provider, seeded from the client's current state (reads only, no I/O).
  const [store] = useState(() =>
    createAsklessStore({ connection: client.connection, authentication: client.authentication }),
  );
  useEffect(() => bindStoreToClient(store, client), [client, store]);

  const [cacheSync] = useState(() => new StreamCacheSync());
  const value = useMemo<AsklessContextValue>(() => ({ client, store, cacheSync }), [client, store, cacheSync]);

  // The app's QueryClient wins; otherwise the one above us; otherwise our own. Always rendering
  // the QueryClientProvider keeps the tree shape stable (mounting a client twice is ref-counted).
  const above = useContext(QueryClientContext);
  const own = useRef<QueryClient | null>(null);
  // Lazy ref initialisation: created at most once, and only when nobody supplies one.
  const queryClient = props.queryClient ?? above ?? (own.current ??= new QueryClient());

  return (
    <QueryClientProvider client={queryClient}>
      <AsklessContext.Provider value={value}>{props.children}</AsklessContext.Provider>
    </QueryClientProvider>
  );
}
