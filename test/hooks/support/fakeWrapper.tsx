/**
 * Renders hooks against a FakeClient with the same context the provider builds (store, cache
 * sync, QueryClient), inside StrictMode.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, useEffect, type ReactNode } from 'react';
import { StreamCacheSync } from '../../../src/hooks/internal/cacheSync.js';
import { AsklessContext } from '../../../src/hooks/internal/context.js';
import { bindStoreToClient, createAsklessStore } from '../../../src/hooks/internal/store.js';
import type { FakeClient } from './fakeClient.js';

export function fakeWrapper(fake: FakeClient) {
  const queryClient = new QueryClient();
  const store = createAsklessStore({ connection: fake.connection, authentication: fake.authentication });
  const value = { client: fake, store, cacheSync: new StreamCacheSync() };
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
