/**
 * The provider client's call manager, for the call hooks.
 */
import { AsklessError, ClientErrorCode } from '../../core/errors.js';
import type { CallManager } from '../../core/calls/manager-types.js';
import { useAsklessContext } from './context.js';
import { enableEarlyCalls } from '../../core/calls/early.js';

// Every call hook goes through this module: the provider's client answers `client.calls` before
// its own code has loaded only once this is registered (core/internal/early-features.ts).
enableEarlyCalls();

/**
 * The `client.calls` of the provider; throws a clear error when the client cannot place calls.
 * @example
 * const manager = useCallManager('useCalls');
 */
export function useCallManager(hookName: string): CallManager {
  const { client } = useAsklessContext(hookName);
  const manager = (client as { calls?: CallManager }).calls;
  if (!manager || typeof manager.getSnapshot !== 'function' || typeof manager.subscribe !== 'function') {
    throw new AsklessError(ClientErrorCode.INVALID_ARGUMENT, `${hookName}() needs a client with calls support (client.calls).`);
  }
  return manager;
}
