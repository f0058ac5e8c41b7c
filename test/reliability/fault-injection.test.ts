/**
 * Issue 8 §2: real clients talk to the real server through a TCP proxy that delays, cuts and
 * blackholes the link on a seeded schedule. Proved for every client: a blackhole is noticed by
 * the pong watchdog, the client reconnects and its stream resumes; no listener sees a serverId
 * twice or an older counter value after a newer one; every write ran at most once (counted by
 * the handler) and its caller got the truth: success ⇒ ran once, OUTCOME_UNKNOWN ⇒ maybe,
 * any other error ⇒ did not run. Run twice: with our server's resume extension, and with the
 * extension hidden from the client (rewritten out of the configuration), which makes the client
 * use its 2.0.3 policy (fresh client id per connection, OUTCOME_UNKNOWN for confirmed writes).
 * In legacy mode the server still de-duplicates request ids across client ids, so these runs
 * prove that our server also protects clients that do not speak the extension.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AsklessClient } from '../../src/core/index.js';
import type { AsklessResponse, ConnectionState } from '../../src/core/index.js';
import { startReferenceServer, type ReferenceServer } from '../support/reference-app.js';
import { startFaultProxy, type FaultProxy } from './support/fault-proxy.js';
import { createRng, seedFromEnv } from './support/prng.js';
import { createTappedWebSocket } from './support/tapped-websocket.js';

const SEED = seedFromEnv(0xfa_0175);
const WATCHDOG_MS = 800;
const FAULTS = Number(process.env.FAULTS ?? 20);

interface Watched {
  client: AsklessClient<number>;
  values: number[];
  serverIds: Set<string>;
  duplicateServerIds: number;
  regressions: number;
  unattributed: number;
  states: (ConnectionState & { at: number })[];
  outcomes: { key: string; res: AsklessResponse }[];
}

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
const executions = new Map<string, number>();
/** Every inbound `tally` write frame, to tell what reached the server over which socket. */
const ranOn: string[] = [];
const tallyFrames: { connectionId: string; clientRequestId: unknown; key: unknown }[] = [];
let app: ReferenceServer;
let proxy: FaultProxy;
let watched: Watched[] = [];

type Mode = 'resume' | 'legacy';

/** Hide the resume extension, so the client behaves as against Askless 2.0.3. */
function hideExtension(frame: Record<string, unknown>): Record<string, unknown> {
  const config = (frame.output as { connectionConfiguration?: Record<string, unknown> } | undefined)?.connectionConfiguration;
  if (frame._class_type_configureconnection !== undefined && config) delete config.asklessReact;
  return frame;
}

function watch(index: number, mode: Mode): Watched {
  const tap = createTappedWebSocket(mode === 'legacy' ? { rewrite: hideExtension } : {});
  const client = new AsklessClient<number>({ serverUrl: proxy.url, WebSocket: tap.WebSocket, reconnectBaseDelayMs: 50, reconnectMaxDelayMs: 400 });
  const w: Watched = { client, values: [], serverIds: new Set(), duplicateServerIds: 0, regressions: 0, unattributed: 0, states: [], outcomes: [] };
  client.onConnectionChange((s) => w.states.push({ ...s, at: Date.now() }), { immediately: false });
  client.readStream<{ value: number }>({ route: 'counter', params: { who: index } }).subscribe((v) => {
    const serverId = tap.current()?.serverId;
    if (typeof serverId !== 'string') w.unattributed++;
    else if (w.serverIds.has(serverId)) w.duplicateServerIds++;
    else w.serverIds.add(serverId);
    const last = w.values[w.values.length - 1];
    if (last !== undefined && v.value < last) w.regressions++;
    w.values.push(v.value);
  });
  client.start();
  return w;
}

/** Wait until every client is connected and its stream delivered `n` more values. */
async function allFlowing(n = 3): Promise<void> {
  const marks = watched.map((w) => w.values.length);
  await vi.waitFor(() => {
    watched.forEach((w, i) => {
      expect(w.client.connection.status).toBe('connected');
      expect(w.values.length).toBeGreaterThanOrEqual(marks[i]! + n);
    });
  }, { timeout: 10_000, interval: 10 });
}

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  app = await startReferenceServer({
    counterIntervalMs: 40,
    init: {
      intervalInMsClientPing: 150,
      reconnectClientAfterMillisecondsWithoutServerPong: WATCHDOG_MS,
      millisecondsToDisconnectClientAfterWithoutClientPing: 1_500,
      intervalInMsServerSendSameMessage: 300,
      intervalInMsClientSendSameMessage: 300,
      requestTimeoutInMs: 15_000,
      tap: (e) => {
        const f = e.frame as { route?: unknown; clientRequestId?: unknown; body?: { key?: unknown } } | null;
        if (e.direction === 'in' && typeof f === 'object' && f !== null && f.route === 'tally') tallyFrames.push({ connectionId: e.connectionId, clientRequestId: f.clientRequestId, key: f.body?.key });
      },
    },
    beforeStart: (server) => {
      server.addRoute.forAllUsers.create<{ key: string }>({
        route: 'tally',
        handleCreate: (ctx) => {
          const key = String((ctx.body as { key?: unknown }).key);
          executions.set(key, (executions.get(key) ?? 0) + 1);
          if (key.endsWith('-late')) ranOn.push(`${key}@${ctx.connectionId}`);
          ctx.successCallback({ key });
        },
      });
    },
  });
  proxy = await startFaultProxy(app.port);
});

afterAll(async () => {
  await proxy?.close();
  await app?.stop();
  process.off('unhandledRejection', onUnhandled);
});

describe(`fault injection through a TCP proxy (seed ${SEED}, RELIABILITY_SEED to replay)`, () => {
  it.each(['resume', 'legacy'] as const)(`%s: survives ${FAULTS} seeded cuts, blackholes and delays without duplicates, regressions or double writes`, async (mode) => {
    const rng = createRng(SEED);
    watched = [0, 1, 2].map((i) => watch(i, mode));
    try {
      await scenario(mode, rng);
    } finally {
      proxy.resume(); // a failed run must not leave the link dead for the next one
      for (const w of watched) w.client.close();
    }
  }, 120_000);
});

/** One seeded run of faults against the clients in `watched`, then every check. */
async function scenario(mode: Mode, rng: ReturnType<typeof createRng>): Promise<void> {
  await allFlowing();
  let stopping = false;
  const writers = watched.map(async (w, i) => {
    for (let n = 0; !stopping; n++) {
      const key = `${mode}-${i}-${n}`;
      w.outcomes.push({ key, res: await w.client.create({ route: 'tally', body: { key } }) });
    }
  });

  const injected: Record<string, number> = { cut: 0, blackhole: 0, delay: 0 };
  const detectionMs: number[] = [];
  for (let f = 0; f < FAULTS; f++) {
    const fault = rng.pick(['cut', 'blackhole', 'delay'] as const);
    injected[fault]!++;
    if (fault === 'cut') {
      const before = watched.map((w) => w.states.length);
      proxy.cutAll();
      await vi.waitFor(() => watched.forEach((w, i) => expect(w.states.slice(before[i]).some((s) => s.status === 'disconnected')).toBe(true)), { timeout: 5_000, interval: 5 });
    } else if (fault === 'blackhole') {
      const before = watched.map((w) => w.states.length);
      const startedAt = Date.now();
      proxy.blackhole();
      await vi.waitFor(() => watched.forEach((w, i) => {
        const lost = w.states.slice(before[i]).find((s) => s.status === 'disconnected');
        // Only the watchdog can see a blackhole: nothing closes, nothing errors.
        expect(lost?.disconnectionReason).toBe('pongTimeout');
      }), { timeout: WATCHDOG_MS * 10, interval: 5 });
      detectionMs.push(...watched.map((w, i) => w.states.slice(before[i]).find((s) => s.status === 'disconnected')!.at - startedAt));
      proxy.resume();
    } else {
      proxy.delay(rng.range(20, 150));
      await allFlowing(5);
      proxy.resume();
    }
    await allFlowing();
  }
  stopping = true;
  await Promise.all(writers);

  const all = watched.flatMap((w) => w.outcomes);
  const byCode: Record<string, number> = {};
  for (const { key, res } of all) {
    const ran = executions.get(key) ?? 0;
    expect(ran, `write ${key} ran ${ran} times`).toBeLessThanOrEqual(1);
    if (res.success) expect(ran, `write ${key} reported success`).toBe(1);
    else if (res.error?.code !== 'OUTCOME_UNKNOWN') expect(ran, `write ${key} failed with ${res.error?.code} but ran`).toBe(0);
    const code = res.success ? 'success' : (res.error?.code ?? 'none');
    byCode[code] = (byCode[code] ?? 0) + 1;
  }
  const known = new Set(all.map((o) => o.key));
  expect([...executions.keys()].filter((k) => k.startsWith(`${mode}-`) && !known.has(k))).toEqual([]);
  for (const w of watched) {
    expect(w.duplicateServerIds).toBe(0);
    expect(w.regressions).toBe(0);
    expect(w.unattributed).toBe(0);
  }
  // Noticed by the watchdog (the only path: a blackhole neither closes nor errors) about one
  // period after the last frame; the bound leaves room for timers on an overloaded machine.
  for (const ms of detectionMs) expect(ms).toBeLessThan(WATCHDOG_MS * 3 + 2_000);
  expect(unhandled).toEqual([]);
  console.info(`[faults] ${JSON.stringify({ mode, seed: SEED, injected, proxy: proxy.counts, writes: all.length, byCode, streamEvents: watched.reduce((n, w) => n + w.values.length, 0), blackholeDetectionMs: { min: Math.min(...detectionMs), max: Math.max(...detectionMs) } })}`);
}

// The link goes silent with a write inside it; the client gives up, reconnects and resends;
// then the link recovers and the old socket's bytes (the write, its resend, the close) arrive.
describe('a request held in a dead link and delivered late', () => {
  it.each(['resume', 'legacy'] as const)('%s: runs at most once when the old socket flushes after the client moved on', async (mode) => {
    const w = watch(9, mode);
    try {
      await vi.waitFor(() => expect(w.client.connection.status).toBe('connected'), { timeout: 5_000 });
      const marks = w.states.length;
      proxy.blackhole();
      const key = `${mode}-late`;
      const pending = w.client.create({ route: 'tally', body: { key } });
      // The client gives up on the silent socket (the request still sits in it) and reconnects.
      await vi.waitFor(() => expect(w.states.slice(marks).some((s) => s.disconnectionReason === 'pongTimeout')).toBe(true), { timeout: WATCHDOG_MS * 10 });
      // The link comes back: the old socket's bytes reach the server, and so does the new one.
      proxy.resume();
      const res = await pending;
      await vi.waitFor(() => expect(w.values.length).toBeGreaterThan(0));
      const ran = executions.get(key) ?? 0;
      const code = res.success ? 'success' : res.error?.code;
      console.info(`[late-duplicate] ${JSON.stringify({ mode, ran, code, arrived: tallyFrames.filter((f) => f.key === key).map((f) => f.connectionId), ranOn })}`);
      expect(ran, `ran ${ran} times, caller got ${code}`).toBeLessThanOrEqual(1);
      if (res.success) expect(ran).toBe(1);
      else if (code !== 'OUTCOME_UNKNOWN') expect(ran).toBe(0);
    } finally {
      proxy.resume();
      w.client.close();
    }
  }, 30_000);
});
