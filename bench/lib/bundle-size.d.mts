/** Types of bundle-size.mjs, for the size test in test/build (TypeScript does not check .mjs). */
export interface SizeSum {
  rawBytes: number;
  minBytes: number;
  gzipBytes: number;
  files: string[];
  /** Bare imports left external (peers, simple-peer...). */
  externals: string[];
  /** Source modules, largest first, with their rendered (pre-minify) length in bytes. */
  modules: { id: string; bytes: number }[];
}
export interface BundleReport {
  entries: Partial<Record<'index' | 'core', SizeSum>>;
  /** What the React entry (else core) loads on demand: chunks reached only through import(). */
  lazy: SizeSum;
  /** Each import() target of the React entry (else core) with what it loads, keyed by its source module (e.g. `src/core/files/create.ts`). */
  lazyByImport: Record<string, SizeSum>;
  outDir?: string;
}
export declare const BROWSER_ENTRIES: readonly string[];
/**
 * Build with vite.config.ts into a temp dir and measure min+gzip per entry (static closure) and
 * the lazy chunks.
 * @example const { entries } = await measureBundles(); entries.index?.gzipBytes;
 */
export declare function measureBundles(options?: { keepOutDir?: boolean }): Promise<BundleReport>;
