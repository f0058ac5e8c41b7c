/**
 * Glue between the provider context and the per-provider calls controller.
 */
import { useSyncExternalStore } from 'react';
import { AsklessError, ClientErrorCode } from '../../core/errors.js';
import { useAsklessContext } from './context.js';
import { callsControllerFor, type CallsController } from './callsController.js';
import type { CallCapableClient } from './callsTypes.js';
import type { AsklessStore, CallsSlice } from './store.js';

/**
 * The provider's calls controller; throws a clear error when the client cannot place calls.
 * @example
 * const { controller, store } = useCallsController('useCall');
 */
export function useCallsController(hookName: string): { controller: CallsController; store: AsklessStore } {
  const { client, store } = useAsklessContext(hookName);
  if (typeof client.requestCallToUser !== 'function' || typeof client.onIncomingCall !== 'function') {
    throw new AsklessError(
      ClientErrorCode.INVALID_ARGUMENT,
      `${hookName}() needs a client with calls support (requestCallToUser and onIncomingCall).`,
    );
  }
  return { controller: callsControllerFor(store, client as CallCapableClient), store };
}

/**
 * Reads the store's calls slice with `useSyncExternalStore`.
 * @example
 * const call = useCallsSlice(store, (calls) => calls.call);
 */
export function useCallsSlice<T>(store: AsklessStore, select: (calls: CallsSlice) => T): T {
  const read = () => select(store.getState().calls);
  return useSyncExternalStore(store.subscribe, read, read);
}
