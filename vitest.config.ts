import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// One `vitest run` covers every project; `npm test` adds the type check before it.
export default defineConfig({
  plugins: [react()],
  test: {
    globals: true,
    // Real servers and real sockets: keep the default pool but bound the parallelism to the
    // two cores CI has.
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/core/**/*.test.ts', 'test/server/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/calls/**/*.test.ts', 'test/reliability/**/*.test.ts', 'test/build/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'dom',
          environment: 'jsdom',
          include: ['test/hooks/**/*.test.{ts,tsx}', 'test/components/**/*.test.{ts,tsx}'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 90_000,
          // Chromium pages are heavy: one file at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});
