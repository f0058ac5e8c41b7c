/** Types of bundle-size.mjs, for the size test in test/build (TypeScript does not check .mjs). */
export interface ModuleShare {
  /** Source path relative to the repository (packages without the node_modules/ prefix). */
  id: string;
  minBytes: number;
  /** Estimated share of the part's gzip bytes (its minified bytes × its chunk's gzip ratio). */
  gzipBytes: number;
}
export interface SizePart {
  files: string[];
  minBytes: number;
  gzipBytes: number;
  /** Largest first. */
  modules: ModuleShare[];
}
export interface AppSizeReport {
  app: 'data' | 'calling';
  entry: string;
  /** The entry chunk and its static imports, with the bare imports left external. */
  upfront: SizePart & { externals: string[] };
  /** The provider's client code (src/core/client.ts and its static imports not up front): fetched as the provider is created. */
  protocol: SizePart;
  /** What else the app reaches only through import() (calls, files, persistence). */
  lazy: SizePart;
}
export declare const APPS: Readonly<Record<'data' | 'calling', string>>;
export declare const PEERS: readonly string[];
/**
 * Bundle one app of bench/apps and measure it.
 * @example const { upfront } = await measureApp('data'); upfront.gzipBytes;
 */
export declare function measureApp(app: 'data' | 'calling'): Promise<AppSizeReport>;
/**
 * The dominant modules of a part, one per line.
 * @example describeModules(report.upfront, 8);
 */
export declare function describeModules(part: SizePart, count?: number): string;
