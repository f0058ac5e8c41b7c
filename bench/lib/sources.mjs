/**
 * Compile the TypeScript sources the benchmarks need into plain ESM, once per run, with esbuild
 * (installed with Vite; no extra dependency). Node bundles keep packages external (they resolve
 * from the project's node_modules); browser bundles inline everything in production mode.
 *
 * @example
 * const { server, core, react } = await buildNodeSources();
 * const { AsklessServer } = await import(server);
 */
import { build } from 'esbuild';
import { mkdir, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// Inside node_modules so bare imports ('ws', 'react') resolve and git never sees it.
export const cacheDir = path.join(root, 'node_modules', '.cache', 'askless-bench');

const nodeEntries = {
  server: 'src/server/index.ts',
  core: 'src/core/index.ts',
  react: 'src/index.ts',
};

let nodeBuild;

/**
 * Bundle the server, core and React entries for Node (shared modules split into chunks so the
 * React entry and core use one copy of the client). Returns file URLs keyed by entry; an entry
 * whose source does not exist yet is left out.
 * @example const urls = await buildNodeSources(); const core = await import(urls.core);
 */
export function buildNodeSources() {
  nodeBuild ??= (async () => {
    const outdir = path.join(cacheDir, 'node');
    await rm(outdir, { recursive: true, force: true });
    await mkdir(outdir, { recursive: true });
    const entryPoints = Object.fromEntries(
      Object.entries(nodeEntries).filter(([, file]) => existsSync(path.join(root, file))),
    );
    await build({
      absWorkingDir: root,
      entryPoints,
      outdir,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      outExtension: { '.js': '.mjs' },
      jsx: 'automatic',
      logLevel: 'error',
      define: { 'process.env.NODE_ENV': '"production"' },
    });
    return Object.fromEntries(
      Object.keys(entryPoints).map((name) => [name, pathToFileURL(path.join(outdir, `${name}.mjs`)).href]),
    );
  })();
  return nodeBuild;
}

/**
 * Bundle a browser page script (TS/TSX under bench/pages) with React in production mode.
 * Returns the path of the single JS file.
 * @example const js = await buildPage('bench/pages/fanin-page.tsx');
 */
export async function buildPage(entry) {
  return buildOne(entry, 'pages', '.js', {
    platform: 'browser',
    target: 'es2022',
    minify: true,
    define: { ...PRODUCTION, global: 'globalThis' },
  });
}

/**
 * Bundle one TS/TSX file for Node with packages external (React resolves from node_modules),
 * e.g. the fan-in app for the jsdom worker. Returns its file URL.
 * @example const url = await buildNodeEntry('bench/pages/fanin-app.tsx');
 */
export async function buildNodeEntry(entry) {
  const outfile = await buildOne(entry, 'node-entries', '.mjs', {
    platform: 'node',
    target: 'node20',
    packages: 'external',
    define: PRODUCTION,
  });
  return pathToFileURL(outfile).href;
}

const PRODUCTION = { 'process.env.NODE_ENV': '"production"' };

/** One entry bundled into cacheDir/<folder>/<name><extension>; returns the file's path. */
async function buildOne(entry, folder, extension, options) {
  const outdir = path.join(cacheDir, folder);
  await mkdir(outdir, { recursive: true });
  const outfile = path.join(outdir, `${path.basename(entry).replace(/\.[tj]sx?$/, '')}${extension}`);
  await build({ absWorkingDir: root, entryPoints: [entry], outfile, bundle: true, format: 'esm', jsx: 'automatic', logLevel: 'error', ...options });
  return outfile;
}
