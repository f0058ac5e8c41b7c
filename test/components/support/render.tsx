/**
 * Renders call UI inside <StrictMode> and the provider's context around a fake call client,
 * and fails the test on any console error or warning (act() and effect mistakes land there).
 */
import { StrictMode, type ReactNode } from 'react';
import { cleanup, render } from '@testing-library/react';
import { afterEach, beforeEach, vi, type MockInstance } from 'vitest';
import { StreamCacheSync } from '../../../src/hooks/internal/cacheSync.js';
import { AsklessContext, type AsklessContextValue } from '../../../src/hooks/internal/context.js';
import { createAsklessStore } from '../../../src/hooks/internal/store.js';
import { FakeCallClient } from './fakeCallClient.js';

/** The provider's context as <AsklessProvider> builds it (one store per render), around `ui`. */
export function renderWithCalls(ui: ReactNode, client = new FakeCallClient()) {
  const store = createAsklessStore({ connection: client.connection, authentication: client.authentication });
  // The context is typed with the real client; the fake covers what the call hooks use.
  const value: AsklessContextValue = { client: client as unknown as AsklessContextValue['client'], store, cacheSync: new StreamCacheSync() };
  const result = render(
    <StrictMode>
      <AsklessContext.Provider value={value}>{ui}</AsklessContext.Provider>
    </StrictMode>,
  );
  return { ...result, client, store };
}

export function failOnConsoleNoise(): void {
  let error: MockInstance<typeof console.error>;
  let warn: MockInstance<typeof console.warn>;
  beforeEach(() => {
    error = vi.spyOn(console, 'error');
    warn = vi.spyOn(console, 'warn');
  });
  afterEach(() => {
    // Unmount first, so a failing check below never leaves a tree behind for the next test.
    cleanup();
    const calls = [...error.mock.calls, ...warn.mock.calls];
    error.mockRestore();
    warn.mockRestore();
    if (calls.length > 0) throw new Error(`console.error/warn was called:\n${calls.map((c) => c.map(String).join(' ')).join('\n')}`);
  });
}
