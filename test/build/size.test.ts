// Size budgets (issue 7, figure 6): the library build, minified and gzipped, must stay within the
// byte budgets recorded in package.json "budgets" (min+gzip bytes, peers external). The
// measurement is the one `npm run bench -- bundle` reports (bench/lib/bundle-size.mjs).
import { readFileSync } from 'node:fs';
import { measureBundles, type BundleReport, type SizeSum } from '../../bench/lib/bundle-size.mjs';

/** Budget keys: the two browser entries and the lazily loaded calls chunk(s). */
type BudgetKey = 'index' | 'core' | 'calls' | 'files';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  budgets?: Partial<Record<BudgetKey, number>>;
};
const budgets = pkg.budgets ?? {};

/** Peers the entries may import; anything else must be bundled or loaded lazily. */
const PEERS = ['react', 'react-dom', 'react/jsx-runtime', 'zustand', 'zustand/vanilla', '@tanstack/react-query'];

let report: BundleReport;

beforeAll(async () => {
  report = await measureBundles();
}, 120_000);

function measured(key: BudgetKey): SizeSum | undefined {
  // The file-transfer chunk has its own budget; "calls" is every other lazy chunk.
  const filesChunk = Object.entries(report.lazyByImport).find(([source]) => source.startsWith('src/core/files/'))?.[1];
  if (key === 'files') return filesChunk;
  if (key !== 'calls') return report.entries[key];
  const rest = report.lazy.files.filter((f) => !filesChunk?.files.includes(f) || Object.values(report.lazyByImport).some((g) => g !== filesChunk && g.files.includes(f)));
  if (rest.length === 0) return undefined;
  const gzipBytes = Object.entries(report.lazyByImport)
    .filter(([, g]) => g !== filesChunk)
    .reduce((all, [, g]) => all + g.gzipBytes, 0);
  return { ...report.lazy, files: rest, gzipBytes };
}

describe('bundle size budgets (min+gzip, peers external)', () => {
  it('records a positive byte budget for the React entry and for core', () => {
    expect(budgets.index).toBeGreaterThan(0);
    expect(budgets.core).toBeGreaterThan(0);
  });

  it.each(['index', 'core', 'calls', 'files'] as const)('keeps "%s" within its recorded budget', (key) => {
    const budget = budgets[key];
    const sizes = measured(key);
    if (budget === undefined) {
      // No budget recorded for this part: then it must not exist either (a new lazy chunk
      // needs a budget before it ships).
      expect(sizes, `"${key}" exists but package.json has no budget for it`).toBeUndefined();
      return;
    }
    expect(sizes, `the build has no "${key}" part`).toBeDefined();
    expect(sizes!.gzipBytes, `${key}: ${sizes!.gzipBytes} B min+gzip > budget ${budget} B`).toBeLessThanOrEqual(budget);
  });

  it('never pulls simple-peer or another non-peer package into an entry statically', () => {
    for (const entry of [report.entries.index, report.entries.core]) {
      expect(entry).toBeDefined();
      expect(entry!.externals.filter((e) => !PEERS.includes(e))).toEqual([]);
    }
  });
});
