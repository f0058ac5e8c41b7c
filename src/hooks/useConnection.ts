import { useStore } from 'zustand';
import { useAsklessContext } from './internal/context.js';
import type { ConnectionSlice } from './internal/store.js';

/**
 * What `useConnection()` returns: the same object until the connection changes.
 * @example
 * const { status, disconnectionReason, isConnected }: UseConnectionResult = useConnection();
 */
export type UseConnectionResult = ConnectionSlice;

const selectConnection = (state: { connection: ConnectionSlice }): ConnectionSlice => state.connection;

/**
 * The provider client's connection: `status` (`'connected' | 'inProgress' | 'disconnected'`),
 * `disconnectionReason` while not connected, and `isConnected`.
 * @example
 * const { status, isConnected } = useConnection();
 * return <span data-state={status}>{isConnected ? 'Online' : 'Offline'}</span>;
 */
export function useConnection(): UseConnectionResult {
  return useStore(useAsklessContext('useConnection').store, selectConnection);
}
