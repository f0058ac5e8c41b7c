/**
 * The per-provider zustand vanilla store: the slices React reads with selectors. React-free, so
 * the calls code and tests can drive it directly.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AuthenticationState, ConnectionState } from '../../core/types.js';
import type { CallAdditionalData } from '../../core/calls/types.js';
import { IDLE_CALL_SNAPSHOT, type CallSnapshot } from './callsTypes.js';

/** The connection slice: the client's ConnectionState plus a derived `isConnected`. */
export interface ConnectionSlice extends ConnectionState {
  readonly isConnected: boolean;
}

/** A call someone is offering us (the calls UI fills it). */
export interface IncomingCallSummary {
  readonly remoteUserId: string | number;
  readonly additionalData: CallAdditionalData;
}

/**
 * The calls slice. A typed placeholder owned by the calls UI (issue 5), which may add fields.
 */
export interface CallsSlice {
  readonly incoming: IncomingCallSummary | null;
  /** The active call, or the outcome of the last one (`state: 'ended'`); written by the calls controller. */
  readonly call: CallSnapshot;
}

/** Everything the store holds. Each slice is replaced (never mutated) when it changes. */
export interface AsklessStoreState {
  readonly connection: ConnectionSlice;
  readonly authentication: AuthenticationState;
  readonly calls: CallsSlice;
}

/** The store type the provider creates; `getState`, `setState` and `subscribe` as in zustand. */
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
    calls: { incoming: null, call: IDLE_CALL_SNAPSHOT },
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
