/**
 * Renders hooks against a FakeClient with the same context the provider builds (store, cache
 * sync, QueryClient), inside StrictMode.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, useEffect, type ReactNode } from 'react';
import type { AsklessClient } from '../../../src/core/client.js';
import { StreamCacheSync } from '../../../src/hooks/internal/cacheSync.js';
import { AsklessContext } from '../../../src/hooks/internal/context.js';
import { bindStoreToClient, createAsklessStore } from '../../../src/hooks/internal/store.js';
import type { AsklessClientLike } from '../../../src/hooks/internal/client.js';

export function fakeWrapper(fake: AsklessClientLike) {
  const queryClient = new QueryClient();
  const store = createAsklessStore({ connection: fake.connection, authentication: fake.authentication });
  // The fake is structural: the context's client type is the real class.
  const value = { client: fake as unknown as AsklessClient, store, cacheSync: new StreamCacheSync() };
  function Bind({ children }: { children: ReactNode }) {
    useEffect(() => bindStoreToClient(store, fake), []);
    return children;
  }
  function Wrapper({ children }: { children: ReactNode }) {
    return (
      <StrictMode>
        <QueryClientProvider client={queryClient}>
          <AsklessContext.Provider value={value}>
            <Bind>{children}</Bind>
          </AsklessContext.Provider>
        </QueryClientProvider>
      </StrictMode>
    );
  }
  return { wrapper: Wrapper, queryClient, store };
}
