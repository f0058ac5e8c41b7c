import type { StorybookConfig } from '@storybook/react-vite';

/**
 * Storybook for askless-react: every component in every visible state, runnable as tests through
 * `@storybook/addon-vitest` (the `storybook` project of vitest.config.ts).
 */
const config: StorybookConfig = {
  stories: ['../stories/**/*.stories.@(ts|tsx)'],
  addons: ['@storybook/addon-docs', '@storybook/addon-vitest'],
  framework: { name: '@storybook/react-vite', options: {} },
  // The machine reaches no network besides npm: no telemetry, no "what's new" fetches.
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  async viteFinal(viteConfig) {
    // The root vite.config.ts is the *library* build (lib mode, externals); Storybook builds an app.
    if (viteConfig.build) {
      delete viteConfig.build.lib;
      delete (viteConfig.build as { rolldownOptions?: unknown }).rolldownOptions;
    }
    viteConfig.build = { ...viteConfig.build, chunkSizeWarningLimit: 2000 };
    viteConfig.server = { ...viteConfig.server, host: '127.0.0.1' };
    // Pre-bundle up front: a re-optimisation discovered mid-run reloads the test page.
    viteConfig.optimizeDeps = {
      ...viteConfig.optimizeDeps,
      include: [
        ...(viteConfig.optimizeDeps?.include ?? []),
        '@tanstack/react-query',
        'zustand',
        'zustand/vanilla',
        'simple-peer/simplepeer.min.js',
        'axe-core',
      ],
    };
    return viteConfig;
  },
};

export default config;
