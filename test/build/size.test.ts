// Size budgets (issue 7, figure 6): the library build, minified and gzipped, must stay within the
// byte budgets recorded in package.json "budgets" (min+gzip bytes, peers external).
import { readFileSync } from 'node:fs';
import { measureBundles, type BundleReport } from '../../bench/lib/bundle-size.mjs';

interface Budgets {
  index?: number;
  core?: number;
  calls?: number;
}

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  budgets?: Budgets;
};
const budgets = pkg.budgets ?? {};

let report: BundleReport;

beforeAll(async () => {
  report = await measureBundles();
}, 120_000);

describe('bundle size budgets (min+gzip, peers external)', () => {
  it('records a budget for the React entry, core and the lazy calls chunk', () => {
    expect(budgets).toEqual({
      index: expect.any(Number),
      core: expect.any(Number),
      calls: expect.any(Number),
    });
  });

  it('keeps the React entry within its budget and the 10 kB target', () => {
    const index = report.entries.index;
    expect(index, 'the build has an "index" entry').toBeDefined();
    expect(index!.gzipBytes).toBeLessThanOrEqual(budgets.index ?? 0);
    expect(index!.gzipBytes).toBeLessThanOrEqual(10 * 1024);
  });

  it('keeps the core entry within its budget', () => {
    const core = report.entries.core;
    expect(core, 'the build has a "core" entry').toBeDefined();
    expect(core!.gzipBytes).toBeLessThanOrEqual(budgets.core ?? 0);
  });

  it('keeps the lazily loaded calls code within its budget', () => {
    expect(report.lazy.files.length, 'calls code is split into a lazy chunk').toBeGreaterThan(0);
    expect(report.lazy.gzipBytes).toBeLessThanOrEqual(budgets.calls ?? 0);
  });

  it('never pulls simple-peer or other non-peer packages into the entries statically', () => {
    const peers = ['react', 'react-dom', 'react/jsx-runtime', 'zustand', 'zustand/vanilla', '@tanstack/react-query'];
    expect(report.entries.index!.externals.filter((e) => !peers.includes(e))).toEqual([]);
    expect(report.entries.core!.externals.filter((e) => !peers.includes(e))).toEqual([]);
  });
});
