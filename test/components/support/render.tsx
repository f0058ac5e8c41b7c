/**
 * Renders call UI inside <StrictMode> and the real <AsklessProvider> around a fake call client,
 * and fails the test on any console error or warning (act() and effect mistakes land there).
 */
import { StrictMode, type ReactNode } from 'react';
import { cleanup, render } from '@testing-library/react';
import { afterEach, beforeEach, vi, type MockInstance } from 'vitest';
import { AsklessProvider } from '../../../src/index.js';
import type { AsklessClient } from '../../../src/core/index.js';
import { FakeCallClient } from './fakeCallClient.js';

/** Renders `ui` in <StrictMode> under the real <AsklessProvider>, handed the fake client. */
export function renderWithCalls(ui: ReactNode, client = new FakeCallClient()) {
  // The provider is typed with the real client; the fake covers what the provider and the call
  // hooks use (connection, authentication, start/close, the call service).
  const result = render(
    <StrictMode>
      <AsklessProvider client={client as unknown as AsklessClient}>{ui}</AsklessProvider>
    </StrictMode>,
  );
  return { ...result, client };
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

/**
 * jsdom does not implement media playback: make play() resolve and pause() a no-op, so tiles
 * and ringtones behave as in a browser that allows autoplay. Tests may override per case.
 */
export function stubMediaPlayback(): void {
  beforeEach(() => {
    vi.spyOn(HTMLMediaElement.prototype, 'play').mockResolvedValue(undefined);
    vi.spyOn(HTMLMediaElement.prototype, 'pause').mockImplementation(() => {});
  });
  afterEach(() => vi.restoreAllMocks());
}
