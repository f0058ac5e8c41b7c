import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Library build: three entries, peers and simple-peer external so apps bring their own
// copies (and apps that never call never pay for simple-peer).
const external = [
  'react',
  'react-dom',
  'react/jsx-runtime',
  'zustand',
  'zustand/vanilla',
  '@tanstack/react-query',
  'simple-peer',
  'simple-peer/simplepeer.min.js',
  'ws',
  /^node:/,
];

export default defineConfig({
  plugins: [react()],
  optimizeDeps: { include: ['simple-peer/simplepeer.min.js', 'hash-wasm'] },
  build: {
    target: 'es2022',
    sourcemap: true,
    lib: {
      entry: {
        index: 'src/index.ts',
        calls: 'src/calls.ts',
        core: 'src/core/index.ts',
        server: 'src/server/index.ts',
        devtools: 'src/devtools.ts',
      },
      formats: ['es'],
    },
    rolldownOptions: { external },
  },
});
