// Size budgets (issue 20): what askless-react costs an app up front, measured as the issue
// defines it (bench/lib/bundle-size.mjs: esbuild ESM/browser/minify/splitting, NODE_ENV=production,
// peers external, entry chunk + static imports, gzip -9). The apps are bench/apps/*.tsx; the
// budgets are package.json "budgets" (bytes): a ratchet at today's size plus ~2 %, lowered as the
// code shrinks, until it reaches issue 20's goals (10,000 B and 16,000 B, judged by
// `npm run bench -- bundle`). On failure the message lists the modules that dominate, so whoever
// grew the bundle sees where the bytes are; raise a budget only with a reason in the commit.
import { readFileSync } from 'node:fs';
import { PEERS, describeModules, measureApp, type AppSizeReport } from '../../bench/lib/bundle-size.mjs';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  budgets: { dataApp: number; callingApp: number };
};

let data: AppSizeReport;
let calling: AppSizeReport;

beforeAll(async () => {
  [data, calling] = await Promise.all([measureApp('data'), measureApp('calling')]);
}, 60_000);

const isPeer = (specifier: string) => PEERS.some((p) => specifier === p || specifier.startsWith(`${p}/`));

describe('bundle size budgets (gzip -9, esbuild, peers external, lazy chunks apart)', () => {
  it('keeps the data-only app (AsklessProvider, useReadStream, useRead, useCreate) within its budget up front', () => {
    expect(data.upfront.gzipBytes, `data-only app: ${data.upfront.gzipBytes} B > ${pkg.budgets.dataApp} B; largest modules:\n${describeModules(data.upfront)}`)
      .toBeLessThanOrEqual(pkg.budgets.dataApp);
  });

  it('keeps the calling app (plus useCall, useIncomingCall, IncomingCallDialog, VideoTile) within its budget up front', () => {
    expect(calling.upfront.gzipBytes, `calling app: ${calling.upfront.gzipBytes} B > ${pkg.budgets.callingApp} B; largest modules:\n${describeModules(calling.upfront)}`)
      .toBeLessThanOrEqual(pkg.budgets.callingApp);
  });

  it('keeps call code out of the data-only app: no call hook, component or call service up front', () => {
    // Allowed: core/calls/lazy.ts (the client's door to the lazy service), the store's idle calls
    // slice (hooks/internal/callsTypes.ts: types and one frozen constant), and the front object
    // of `client.calls` (issue 15: a property holding the manager, so it exists synchronously;
    // manager-facade.ts and the call handle it returns, with everything behind them lazy).
    const callModules = data.upfront.modules.map((m) => m.id).filter((id) => /src\/(hooks\/(useCall|useIncomingCall|internal\/calls(?!Types))|components\/(VideoTile|IncomingCallDialog|Call)|core\/calls\/(?!lazy\.ts|manager-facade\.ts|call-handle\.ts))/.test(id));
    expect(callModules).toEqual([]);
  });

  it('loads the call service and simple-peer lazily in the calling app', () => {
    const lazy = calling.lazy.modules.map((m) => m.id);
    expect(lazy).toContain('src/core/calls/call-service.ts');
    expect(lazy.some((id) => id.startsWith('simple-peer/'))).toBe(true);
    expect(calling.upfront.modules.map((m) => m.id).filter((id) => id.startsWith('simple-peer/') || id === 'src/core/calls/call-service.ts')).toEqual([]);
  });

  it('imports nothing up front but the peers', () => {
    for (const report of [data, calling]) expect(report.upfront.externals.filter((e) => !isPeer(e))).toEqual([]);
  });
});
