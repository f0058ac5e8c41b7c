/**
 * The React context of one provider. It holds only stable objects (the client, the store, the
 * cache sync); fast-changing state lives in the store and is read with selectors.
 */
import { createContext, useContext } from 'react';
import { AsklessError, ClientErrorCode } from '../../core/errors.js';
import type { StreamCacheSync } from './cacheSync.js';
import type { AsklessProviderClient } from './client.js';
import type { AsklessStore } from './store.js';

/** What `<AsklessProvider>` puts in context. */
export interface AsklessContextValue {
  /** Structural: the real client, or any object with the same members (a fake, a wrapper). */
  readonly client: AsklessProviderClient;
  readonly store: AsklessStore;
  readonly cacheSync: StreamCacheSync;
}

/**
 * The provider's context; `null` outside any provider.
 * @example
 * <AsklessContext.Provider value={{ client, store, cacheSync }}>{children}</AsklessContext.Provider>
 */
export const AsklessContext = createContext<AsklessContextValue | null>(null);

/**
 * Reads the provider's context or throws a `NO_PROVIDER` AsklessError naming the hook.
 * @example
 * const { client } = useAsklessContext('useReadStream');
 */
export function useAsklessContext(hookName: string): AsklessContextValue {
  const value = useContext(AsklessContext);
  if (value === null) {
    throw new AsklessError(
      ClientErrorCode.NO_PROVIDER,
      `${hookName}() must be called inside <AsklessProvider>: wrap your app (or this component) in one.`,
    );
  }
  return value;
}
