/**
 * Fails the current test when React (or anything) writes to console.error or console.warn:
 * that is where act() warnings and key/effect mistakes show up.
 */
import { afterEach, beforeEach, vi, type MockInstance } from 'vitest';

export function failOnConsoleErrors(): void {
  let error: MockInstance<typeof console.error>;
  let warn: MockInstance<typeof console.warn>;
  beforeEach(() => {
    error = vi.spyOn(console, 'error');
    warn = vi.spyOn(console, 'warn');
  });
  afterEach(() => {
    const calls = [...error.mock.calls, ...warn.mock.calls];
    error.mockRestore();
    warn.mockRestore();
    if (calls.length > 0) {
      throw new Error(`console.error/warn was called:\n${calls.map((c) => c.map(String).join(' ')).join('\n')}`);
    }
  });
}
