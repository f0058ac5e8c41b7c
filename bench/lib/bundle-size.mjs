/**
 * What askless-react costs an app, measured the way issue 20 defines it: bundle a tiny app
 * (bench/apps/*.tsx) with esbuild (ESM, browser, minify, splitting, NODE_ENV=production; react,
 * react-dom, zustand and @tanstack/react-query external), then gzip (level 9) the app's entry
 * chunk plus every chunk it imports statically. The provider's protocol code (the chunk of
 * src/core/client.ts, fetched when the provider is created) is reported apart as `protocol`;
 * the other chunks reached only through `import()` (the call service, simple-peer) are `lazy`.
 *
 * The apps import the sources the package's `askless-react` and `askless-react/calls` exports
 * are built from (src/index.ts, src/calls.ts), so the figure follows the code without a library
 * build (TypeScript cannot resolve the package's own name before `dist/` exists).
 * Each module's share of the gzip bytes is estimated (its minified bytes times its chunk's gzip
 * ratio) so that a budget failure says which modules dominate.
 *
 * @example
 * const report = await measureApp('data');
 * report.upfront.gzipBytes; // e.g. 9876
 * report.upfront.modules[0]; // { id: 'src/core/client.ts', minBytes: 6194, gzipBytes: 1850 }
 */
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The apps the budgets are about: bench/apps/<file>. */
export const APPS = {
  data: 'bench/apps/data-app.tsx',
  calling: 'bench/apps/calling-app.tsx',
};

/** The client core the provider loads behind the first render (core/deferred-client.ts). */
const CLIENT_MODULE = 'src/core/client.ts';

/** Peers an app brings itself (issue 20's list), and their subpaths. */
export const PEERS = ['react', 'react-dom', 'zustand', '@tanstack/react-query'];

/**
 * Bundle one app and measure its up-front and lazy parts.
 * @example const { upfront, lazy } = await measureApp('calling');
 */
export async function measureApp(app) {
  const entry = APPS[app];
  if (!entry) throw new Error(`unknown app "${app}"; choose from ${Object.keys(APPS).join(', ')}`);
  const outdir = path.join(root, 'node_modules', '.cache', 'askless-size', app);
  const result = await build({
    absWorkingDir: root,
    entryPoints: [entry],
    outdir,
    write: false,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    metafile: true,
    jsx: 'automatic',
    logLevel: 'error',
    define: { 'process.env.NODE_ENV': '"production"' },
    external: PEERS.flatMap((p) => [p, `${p}/*`]),
  });
  const outputs = result.metafile.outputs;
  const contents = new Map(result.outputFiles.map((f) => [path.relative(root, f.path), f.contents]));
  const entryChunk = Object.keys(outputs).find((k) => outputs[k].entryPoint === entry);
  const upfrontFiles = closure(outputs, [entryChunk], (i) => i.kind === 'import-statement');
  const everything = closure(outputs, [entryChunk], (i) => i.kind === 'import-statement' || i.kind === 'dynamic-import');
  // The provider's client code (core/deferred-client.ts imports src/core/client.ts): fetched as
  // the provider is created, so it loads during the first render rather than before it.
  const clientChunk = Object.keys(outputs).find((k) => outputs[k].entryPoint === CLIENT_MODULE);
  const clientClosure = clientChunk ? closure(outputs, [clientChunk], (i) => i.kind === 'import-statement') : new Set();
  const protocolFiles = new Set([...clientClosure].filter((f) => !upfrontFiles.has(f)));
  const lazyFiles = new Set([...everything].filter((f) => !upfrontFiles.has(f) && !protocolFiles.has(f)));
  const externals = new Set();
  for (const f of upfrontFiles) for (const i of outputs[f].imports) if (i.external) externals.add(i.path);
  return {
    app,
    entry,
    upfront: { ...measure(upfrontFiles, outputs, contents), externals: [...externals].sort() },
    protocol: measure(protocolFiles, outputs, contents),
    lazy: measure(lazyFiles, outputs, contents),
  };
}

/** Output files reachable from `start` through imports that `follow` accepts. */
function closure(outputs, start, follow) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file) || !outputs[file]) return;
    seen.add(file);
    for (const i of outputs[file].imports) if (!i.external && follow(i)) visit(i.path);
  };
  for (const s of start) visit(s);
  return seen;
}

function measure(files, outputs, contents) {
  let minBytes = 0;
  let gzipBytes = 0;
  const modules = [];
  for (const file of files) {
    const code = contents.get(file);
    const gz = gzipSync(code, { level: 9 }).length;
    minBytes += code.length;
    gzipBytes += gz;
    const ratio = code.length > 0 ? gz / code.length : 0;
    for (const [id, input] of Object.entries(outputs[file].inputs)) {
      if (input.bytesInOutput === 0) continue;
      modules.push({ id: id.replace(/^node_modules\//, ''), minBytes: input.bytesInOutput, gzipBytes: Math.round(input.bytesInOutput * ratio) });
    }
  }
  modules.sort((a, b) => b.minBytes - a.minBytes);
  return { files: [...files].sort(), minBytes, gzipBytes, modules };
}

/**
 * A few lines naming the modules that dominate a part, for failure messages and the bench log.
 * @example console.log(describeModules(report.upfront, 8));
 */
export function describeModules(part, count = 10) {
  const top = part.modules.slice(0, count).map((m) => `${m.id} ≈${m.gzipBytes} B gz (${m.minBytes} B min)`);
  const rest = part.modules.slice(count);
  if (rest.length > 0) top.push(`${rest.length} more modules ≈${rest.reduce((n, m) => n + m.gzipBytes, 0)} B gz`);
  return top.join('\n');
}
