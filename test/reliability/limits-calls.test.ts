/**
 * Issue 14, call state: lifetimes, caps and size limits of the `askless-internal/call/*` routes,
 * driven over real sockets by Flutter-shaped clients with string user ids. Each test reads the
 * call-state entries from `server.stats()` and keeps a good reader going meanwhile.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AsklessServer, type ServerLimits } from '../../src/server/index.js';
import { startGoodReader, type GoodReaderReport } from './support/good-reader.js';
import { connectProbe, type Probe } from './support/probe-client.js';

const R = {
  request: 'askless-internal/call/request',
  lfac: 'askless-internal/call/listen-for-a-call',
  ice: 'askless-internal/call/ice-candidate-list',
};
const offer = (tag: string) => ({ type: 'offer', sdp: `v=0\r\no=- ${tag} 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n` });
const candidate = (n: number) => ({ candidate: `candidate:${n} 1 udp 2122260223 192.0.2.10 ${10_000 + n} typ host`, id: '0', label: 0 });

let server: AsklessServer<string> | undefined;
const probes: Probe[] = [];
afterEach(async () => {
  for (const p of probes.splice(0)) await p.close();
  await server?.stop();
  server = undefined;
});

async function start(limits: Partial<ServerLimits> = {}): Promise<string> {
  server = new AsklessServer<string>();
  server.init({
    wsOptions: { port: 0 },
    logger: () => undefined,
    limits,
    // The credential is the user id: any string, `_` included.
    authenticate: (credential, accept) => accept.asAuthenticatedUser({ userId: String((credential as { userId: unknown }).userId) }),
  });
  server.addRoute.forAllUsers.read({ route: 'products', handleRead: (ctx) => ctx.successCallback([{ id: 1 }]) });
  await server.start();
  return server.localUrl;
}

async function user(url: string, userId: string): Promise<Probe> {
  const probe = await connectProbe(url);
  probes.push(probe);
  expect((await probe.authenticate({ userId })).error ?? undefined).toBeUndefined();
  return probe;
}

function expectGoodReader(report: GoodReaderReport): void {
  expect(report.reads).toBeGreaterThan(0);
  expect(report.unanswered).toBe(0);
  expect(report.maxMs).toBeLessThan(5_000);
}

describe('call state lifetimes', () => {
  it('caps a flood of requests to offline users and frees what was kept once the caller is gone, though it never listened', async () => {
    const url = await start({ maxPendingCallRequestsPerUser: 5, callOfflineGraceMs: 300 });
    const reader = await startGoodReader(url);
    const flooder = await user(url, 'flooder');
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => flooder.modify('CREATE', R.request, { remoteUserId: `offline-${i}`, sdp: offer(String(i)), additionalData: {} })));
    const codes = answers.map((a) => a.error?.code ?? 'ok');
    expect(codes.filter((c) => c === 'ok')).toHaveLength(5);
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(25);
    expect(server!.stats().callState).toMatchObject({ pending: 5, posted: 5 });
    await flooder.close();
    await vi.waitFor(() => expect(server!.stats().callState.total).toBe(0), { timeout: 5_000, interval: 50 });
    expectGoodReader(await reader.stop());
  });

  it('cancels a request nobody answers after callRequestTtlMs: both sides hear it was missed', async () => {
    const url = await start({ callRequestTtlMs: 300 });
    const reader = await startGoodReader(url);
    const caller = await user(url, 'x');
    const callee = await user(url, 'y');
    const heardByCaller: unknown[] = [];
    const heardByCallee: unknown[] = [];
    await caller.listen(R.lfac, { remoteUserId: 'y' }, (v) => heardByCaller.push(v));
    expect((await caller.modify('CREATE', R.request, { remoteUserId: 'y', sdp: offer('ttl'), additionalData: {} })).error ?? undefined).toBeUndefined();
    await callee.listen(R.lfac, { remoteUserId: 'x' }, (v) => heardByCallee.push(v));
    expect(server!.stats().callState.pending).toBe(1);
    await vi.waitFor(() => expect(server!.stats().callState.total).toBe(0), { timeout: 5_000, interval: 50 });
    await vi.waitFor(() => {
      expect(heardByCaller).toContainEqual({ callClosed: true, callAccepted: false, additionalData: {}, remoteUserId: 'y', endReason: 'missed' });
      expect(heardByCallee).toContainEqual({ callClosed: true, callAccepted: false, endReason: 'missed' });
    });
    expectGoodReader(await reader.stop());
  });
});

describe('live calls', () => {
  it('ends a live call once a side has had no connection for callOfflineGraceMs: the other side hears it closed', async () => {
    const url = await start({ callOfflineGraceMs: 300 });
    const caller = await user(url, 'p');
    const callee = await user(url, 'q');
    const heard: unknown[] = [];
    await caller.listen(R.lfac, { remoteUserId: 'q' }, (v) => heard.push(v));
    await caller.modify('CREATE', R.request, { remoteUserId: 'q', sdp: offer('live'), additionalData: {} });
    const accepted = await callee.modify('CREATE', 'askless-internal/call/response', { remoteUserId: 'p', callAccepted: true, sdp: { type: 'answer', sdp: 'v=0\r\n' }, additionalData: {} });
    expect(accepted.error ?? undefined).toBeUndefined();
    expect(server!.stats().callState.live).toBe(1);
    await callee.close();
    await vi.waitFor(() => expect(server!.stats().callState.total).toBe(0), { timeout: 5_000, interval: 50 });
    await vi.waitFor(() => expect(heard).toContainEqual({ callClosed: true, endReason: 'connection_failed' }));
  });
});

describe('call message sizes', () => {
  it('answers a 1 MB SDP and a 5,000-candidate list with BAD_REQUEST and keeps the socket open', async () => {
    const url = await start();
    const reader = await startGoodReader(url);
    const caller = await user(url, 'caller');
    await user(url, 'callee');
    const huge = await caller.modify('CREATE', R.request, { remoteUserId: 'callee', sdp: { type: 'offer', sdp: 'a'.repeat(1_000_000) }, additionalData: {} });
    expect(huge.error).toMatchObject({ code: 'BAD_REQUEST', description: expect.stringContaining('sdp is larger than 65536 bytes') });
    expect((await caller.modify('CREATE', R.request, { remoteUserId: 'callee', sdp: offer('ok'), additionalData: {} })).error ?? undefined).toBeUndefined();
    const list = Array.from({ length: 5_000 }, (_, i) => candidate(i));
    const many = await caller.modify('CREATE', R.ice, { remoteUserId: 'callee', iceCandidateList: list });
    expect(many.error).toMatchObject({ code: 'BAD_REQUEST', description: expect.stringContaining('at most 1000 candidates') });
    const bigData = await caller.modify('CREATE', R.request, { remoteUserId: 'callee', sdp: offer('d'), additionalData: { pad: 'x'.repeat(20_000) } });
    expect(bigData.error?.code).toBe('BAD_REQUEST');
    expect(caller.ws.readyState).toBe(caller.ws.OPEN);
    expect(server!.stats().callState).toMatchObject({ pending: 1, ice: 0 });
    expectGoodReader(await reader.stop());
  });
});

describe('call-state keys', () => {
  it('"a_b"→"c" and "a"→"b_c" never see each other\'s offers or candidates', async () => {
    const url = await start();
    const ab = await user(url, 'a_b');
    const a = await user(url, 'a');
    const c = await user(url, 'c');
    const bc = await user(url, 'b_c');
    await ab.modify('CREATE', R.request, { remoteUserId: 'c', sdp: offer('from-a_b'), additionalData: {} });
    await a.modify('CREATE', R.request, { remoteUserId: 'b_c', sdp: offer('from-a'), additionalData: {} });
    await ab.modify('CREATE', R.ice, { remoteUserId: 'c', iceCandidateList: [candidate(1)] });
    await a.modify('CREATE', R.ice, { remoteUserId: 'b_c', iceCandidateList: [candidate(2)] });
    const firstOf = async (p: Probe, route: string, remoteUserId: string) => {
      let value: unknown;
      await p.listen(route, { remoteUserId }, (v) => (value ??= v));
      await vi.waitFor(() => expect(value).toBeDefined());
      return value as Record<string, unknown>;
    };
    expect((await firstOf(c, R.lfac, 'a_b'))['sdp']).toEqual(offer('from-a_b'));
    expect((await firstOf(bc, R.lfac, 'a'))['sdp']).toEqual(offer('from-a'));
    expect((await firstOf(c, R.ice, 'a_b'))['iceCandidateList']).toEqual([candidate(1)]);
    expect((await firstOf(bc, R.ice, 'a'))['iceCandidateList']).toEqual([candidate(2)]);
  });
});
