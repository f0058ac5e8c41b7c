import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import { playwright } from '@vitest/browser-playwright';
import { chromiumArgs } from './.storybook/chromium.js';

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
          include: ['test/core/**/*.test.ts', 'test/server/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/calls/**/*.test.ts', 'test/reliability/**/*.test.ts', 'test/build/**/*.test.ts', 'test/cluster/**/*.test.ts', 'test/demo/**/*.test.ts', 'test/group-calls/**/*.test.ts', 'test/files/**/*.test.ts', 'test/types/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'dom',
          environment: 'jsdom',
          include: ['test/hooks/**/*.test.{ts,tsx}', 'test/components/**/*.test.{ts,tsx}', 'test/reliability/**/*.test.tsx', 'test/demo/**/*.test.tsx'],
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
      {
        // Every story in stories/ becomes a test (render + play) in real, headless Debian Chromium.
        // Not `extends: true`: the Storybook plugin brings its own React/Vite setup.
        plugins: [storybookTest({ configDir: '.storybook' })],
        test: {
          name: 'storybook',
          testTimeout: 30_000,
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({ launchOptions: { executablePath: '/usr/bin/chromium', args: chromiumArgs } }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});
