/**
 * `askless-react/devtools` leaves itself out of production builds (as TanStack Query Devtools
 * do): an app that renders `<AsklessDevtools />` unconditionally, bundled by esbuild with
 * `NODE_ENV=production`, ships none of the panel: no chunk is emitted and none of its code is
 * in the bundle. The same app in development does get the panel chunk (so the check can fail).
 * The entry also imports and server-renders in Node without touching the DOM.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const entry = new URL('../../src/devtools.ts', import.meta.url).pathname;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'askless-devtools-'));
  await writeFile(
    join(dir, 'app.tsx'),
    `import { AsklessDevtools } from ${JSON.stringify(entry)};\nexport function App() { return <main><h1>Shop</h1><AsklessDevtools initialIsOpen /></main>; }\n`,
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function bundle(nodeEnv: 'production' | 'development') {
  const result = await build({
    entryPoints: [join(dir, 'app.tsx')],
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    minify: true,
    write: false,
    metafile: true,
    outdir: join(dir, `out-${nodeEnv}`),
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': JSON.stringify(nodeEnv) },
    external: ['react', 'react-dom', 'react/jsx-runtime', 'zustand', 'zustand/vanilla', '@tanstack/react-query'],
    logLevel: 'silent',
  });
  // Files whose code is in the output (the metafile also lists files parsed and then dropped).
  const inputs = Object.values(result.metafile.outputs).flatMap((o) => Object.entries(o.inputs).filter(([, i]) => i.bytesInOutput > 0).map(([name]) => name));
  const code = result.outputFiles.map((f) => f.text).join('\n');
  return { files: result.outputFiles.map((f) => f.path), inputs, code };
}

describe('askless-react/devtools in builds', () => {
  it('an app rendering <AsklessDevtools /> unconditionally ships no panel in a production build', async () => {
    const prod = await bundle('production');
    expect(prod.files).toHaveLength(1); // the app only: no lazily loaded panel chunk
    expect(prod.inputs.filter((i) => i.includes('devtools/'))).toEqual([]);
    expect(prod.code).not.toContain('Askless devtools');
    expect(prod.code).not.toContain('inspect');
  });

  it('the same app in development gets the panel as a lazily loaded chunk', async () => {
    const dev = await bundle('development');
    expect(dev.files.length).toBeGreaterThan(1);
    expect(dev.inputs.some((i) => i.endsWith('devtools/DevtoolsPanel.tsx'))).toBe(true);
    expect(dev.code).toContain('Askless devtools');
  });

  it('imports and server-renders in Node without a DOM', async () => {
    expect(typeof (globalThis as { document?: unknown }).document).toBe('undefined');
    const { AsklessDevtools } = await import('../../src/devtools.js');
    const fake = { inspect: () => ({}) as never, tapFrames: () => () => undefined };
    // Lazy panel: on the server the Suspense fallback (nothing) renders.
    expect(renderToString(createElement(AsklessDevtools, { client: fake, initialIsOpen: true }))).toBe('');
  });
});
