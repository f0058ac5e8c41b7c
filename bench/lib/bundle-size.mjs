/**
 * Measure what each library entry costs an app: build with the project's own vite.config.ts into
 * a temporary directory (peers and simple-peer stay external, as published), then minify every
 * chunk and gzip it (zlib level 9). An entry's cost is its chunk plus every chunk it imports
 * statically; chunks the React entry reaches only through `import()` are the lazy part.
 *
 * @example
 * const report = await measureBundles();
 * report.entries.index.gzipBytes; // e.g. 8123
 */
import { build } from 'vite';
import { transform } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The browser entries of vite.config.ts (the server entry is Node-only and not measured). */
export const BROWSER_ENTRIES = ['index', 'core'];

/**
 * Build and measure. Returns per-entry sizes (static closure), the lazy chunks reached from the
 * browser entries, and whether any browser entry statically imports simple-peer.
 * @example const { entries, lazy } = await measureBundles();
 */
export async function measureBundles({ keepOutDir = false } = {}) {
  const outDir = await mkdtemp(path.join(os.tmpdir(), 'askless-size-'));
  // Measure what `npm run build` ships: under vitest NODE_ENV is "test", and the React plugin
  // would then compile JSX for development (jsxDEV, ~3 kB more). Restored right after.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    const result = await build({
      root,
      mode: 'production',
      configFile: path.join(root, 'vite.config.ts'),
      logLevel: 'silent',
      build: { outDir, emptyOutDir: true, sourcemap: false, reportCompressedSize: false, copyPublicDir: false },
    });
    restoreNodeEnv(nodeEnv);
    const outputs = (Array.isArray(result) ? result : [result]).flatMap((r) => r.output ?? []);
    const chunks = new Map(outputs.filter((o) => o.type === 'chunk').map((c) => [c.fileName, c]));
    const sizes = new Map();
    for (const chunk of chunks.values()) sizes.set(chunk.fileName, await sizeOf(chunk.code));

    const closureOf = (fileName) => {
      const seen = new Set();
      const visit = (name) => {
        const chunk = chunks.get(name);
        if (!chunk || seen.has(name)) return;
        seen.add(name);
        for (const dep of chunk.imports) visit(dep);
      };
      visit(fileName);
      return seen;
    };
    const externalImports = (files) =>
      [...files].flatMap((f) => chunks.get(f).imports.filter((i) => !chunks.has(i)));

    const entries = {};
    const lazyByEntry = {};
    for (const name of BROWSER_ENTRIES) {
      const entry = [...chunks.values()].find((c) => c.isEntry && c.name === name);
      if (!entry) continue;
      const files = closureOf(entry.fileName);
      entries[name] = { ...sum(files, sizes), files: [...files], externals: [...new Set(externalImports(files))], modules: modulesOf(files, chunks) };
      // What this entry loads on demand: chunks reached through import() and not already loaded.
      const lazy = new Set();
      for (const file of files) {
        for (const dyn of chunks.get(file).dynamicImports) {
          for (const f of closureOf(dyn)) if (!files.has(f)) lazy.add(f);
        }
      }
      lazyByEntry[name] = lazy;
    }
    // The lazy part as a React app (the main entry) pays it on its first call.
    const lazyFiles = lazyByEntry.index ?? lazyByEntry.core ?? new Set();
    const lazy = { ...sum(lazyFiles, sizes), files: [...lazyFiles], externals: [...new Set(externalImports(lazyFiles))], modules: modulesOf(lazyFiles, chunks) };
    // Each import() target on its own (calls, files...), keyed by its source module.
    const lazyByImport = {};
    const mainFiles = new Set(entries.index?.files ?? entries.core?.files ?? []);
    for (const file of mainFiles) {
      for (const dyn of chunks.get(file).dynamicImports) {
        const facade = chunks.get(dyn)?.facadeModuleId;
        if (!facade) continue;
        const closure = new Set([...closureOf(dyn)].filter((f) => !mainFiles.has(f)));
        lazyByImport[path.relative(root, facade)] = { ...sum(closure, sizes), files: [...closure], externals: [...new Set(externalImports(closure))], modules: modulesOf(closure, chunks) };
      }
    }
    return { entries, lazy, lazyByImport, outDir: keepOutDir ? outDir : undefined };
  } finally {
    restoreNodeEnv(nodeEnv);
    if (!keepOutDir) await rm(outDir, { recursive: true, force: true });
  }
}

function restoreNodeEnv(value) {
  if (value === undefined) delete process.env.NODE_ENV;
  else process.env.NODE_ENV = value;
}

/** Source modules in `files`, largest first, with their rendered (pre-minify) length. */
function modulesOf(files, chunks) {
  const out = [];
  for (const f of files) {
    for (const [id, info] of Object.entries(chunks.get(f).modules ?? {})) {
      out.push({ id: path.relative(root, id), bytes: info.renderedLength ?? 0 });
    }
  }
  return out.sort((a, b) => b.bytes - a.bytes);
}

function sum(files, sizes) {
  let rawBytes = 0;
  let minBytes = 0;
  let gzipBytes = 0;
  for (const f of files) {
    const s = sizes.get(f);
    rawBytes += s.rawBytes;
    minBytes += s.minBytes;
    gzipBytes += s.gzipBytes;
  }
  return { rawBytes, minBytes, gzipBytes };
}

async function sizeOf(code) {
  // Vite's lib mode keeps whitespace in ES output (to keep pure annotations), so minify here
  // the way an app's bundler would.
  const min = await transform(code, { minify: true, format: 'esm', target: 'es2022', loader: 'js' });
  return {
    rawBytes: Buffer.byteLength(code),
    minBytes: Buffer.byteLength(min.code),
    gzipBytes: gzipSync(min.code, { level: 9 }).length,
  };
}
