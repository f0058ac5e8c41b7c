// Size budgets (issue 20): what askless-react costs an app up front, measured as the issue
// defines it (bench/lib/bundle-size.mjs: esbuild ESM/browser/minify/splitting, NODE_ENV=production,
// peers external, entry chunk + static imports, gzip -9). The apps are bench/apps/*.tsx; the
// budgets are package.json "budgets" (bytes): issue 20's goals, 10,000 B and 16,000 B. On failure the message lists the modules that dominate, so whoever
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

  it('keeps call, group-call and file code out of the data-only app entirely', () => {
    // The provider's client is a deferred client (core/deferred-client.ts): the facades of
    // `client.calls`, `client.groupCalls` and `client.files` are registered by the hooks that use
    // them, so an app that uses none of those hooks bundles none of them up front.
    const featureModules = data.upfront.modules.map((m) => m.id).filter((id) => /src\/(hooks\/(useCall|useIncomingCall|useGroupCall|internal\/calls(?!Types))|components\/(VideoTile|IncomingCallDialog|Call)|core\/(calls|group-calls|files)\/)/.test(id));
    expect(featureModules).toEqual([]);
  });

  it('loads the protocol code (the real client) lazily in both apps', () => {
    for (const report of [data, calling]) {
      const upfront = report.upfront.modules.map((m) => m.id);
      for (const id of ['src/core/client.ts', 'src/core/connection.ts', 'src/core/streams.ts', 'src/core/requests.ts', 'src/core/protocol/decode.ts']) {
        expect(upfront, `${report.app}: ${id} up front`).not.toContain(id);
        expect(report.protocol.modules.map((m) => m.id), `${report.app}: ${id} not in the protocol chunk`).toContain(id);
      }
    }
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
