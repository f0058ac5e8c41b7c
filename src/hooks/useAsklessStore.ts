import { useStore } from 'zustand';
import { useAsklessContext } from './internal/context.js';
import type { AsklessStoreState } from './internal/store.js';

/**
 * Reads a slice of the provider's store (connection, authentication, calls); the component
 * re-renders only when the selected value changes (`Object.is`). Return existing objects or
 * primitives from the selector: a new object every call re-renders forever.
 * @example
 * const isConnected = useAsklessStore((s) => s.connection.isConnected);
 */
export function useAsklessStore<U>(selector: (state: AsklessStoreState) => U): U {
  return useStore(useAsklessContext('useAsklessStore').store, selector);
}
