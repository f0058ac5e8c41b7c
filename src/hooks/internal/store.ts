/**
 * The per-provider zustand vanilla store: the slices React reads with selectors. React-free, so
 * tests can drive it directly. Calls are not here: they live in the core's `client.calls`.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AuthenticationState, ConnectionState } from '../../core/types.js';

/**
 * The connection slice: the client's ConnectionState plus a derived `isConnected`.
 * @example
 * const { status, isConnected }: ConnectionSlice = useConnection();
 */
export interface ConnectionSlice extends ConnectionState {
  readonly isConnected: boolean;
}

/**
 * Everything the store holds. Each slice is replaced (never mutated) when it changes.
 * @example
 * const userId = useAsklessStore((s: AsklessStoreState) => s.authentication.userId);
 */
export interface AsklessStoreState {
  readonly connection: ConnectionSlice;
  readonly authentication: AuthenticationState;
}

/**
 * The store type the provider creates; `getState`, `setState` and `subscribe` as in zustand.
 * @example
 * const unsubscribe = store.subscribe((state) => console.log(state.connection.status));
 */
export type AsklessStore = StoreApi<AsklessStoreState>;

/** What the store is seeded from: the client's current states (reads only, no I/O). */
export interface AsklessStoreSeed {
  readonly connection: ConnectionState;
  readonly authentication: AuthenticationState;
}

/**
 * Builds the connection slice; the same input object yields an equal slice.
 * @example
 * toConnectionSlice({ status: 'connected' }).isConnected // true
 */
export function toConnectionSlice(connection: ConnectionState): ConnectionSlice {
  return {
    status: connection.status,
    disconnectionReason: connection.disconnectionReason,
    isConnected: connection.status === 'connected',
  };
}

/**
 * Creates one store for one provider (never a module singleton, so two providers never share).
 * @example
 * const store = createAsklessStore({ connection: client.connection, authentication: client.authentication });
 * store.getState().connection.isConnected;
 */
export function createAsklessStore(seed: AsklessStoreSeed): AsklessStore {
  return createStore<AsklessStoreState>()(() => ({
    connection: toConnectionSlice(seed.connection),
    authentication: seed.authentication,
  }));
}

/**
 * Mirrors the client's connection and authentication into the store; returns the unbind.
 * @example
 * useEffect(() => bindStoreToClient(store, client), [store, client]);
 */
export function bindStoreToClient(
  store: AsklessStore,
  client: {
    onConnectionChange(listener: (state: ConnectionState) => void, options?: { immediately?: boolean }): () => void;
    onAuthenticationChange(
      listener: (state: AuthenticationState) => void,
      options?: { immediately?: boolean },
    ): () => void;
  },
): () => void {
  const offConnection = client.onConnectionChange(
    (connection) => {
      // Keep the slice object when nothing visible changed, so selectors do not re-render.
      const current = store.getState().connection;
      if (current.status === connection.status && current.disconnectionReason === connection.disconnectionReason) return;
      store.setState({ connection: toConnectionSlice(connection) });
    },
    { immediately: true },
  );
  const offAuthentication = client.onAuthenticationChange(
    (authentication) => {
      if (store.getState().authentication !== authentication) store.setState({ authentication });
    },
    { immediately: true },
  );
  return () => {
    offConnection();
    offAuthentication();
  };
}
