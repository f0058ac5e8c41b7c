/**
 * Failures of a three-process cluster on a real redis-server: a process killed with SIGKILL
 * mid-stream (its clients move on through their URL lists; no event lost or duplicated against
 * the server's log; no write run twice), then a Redis restart (processes reconnect, re-register
 * and re-read their streams, and say so in their logs).
 */
import { Redis } from 'ioredis';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AsklessClient, type AsklessResponse } from '../../src/core/index.js';
import { startChildServer, type ChildServer } from '../reliability/support/child-server.js';
import { WireClient } from '../support/wire-client.js';
import type { ClusterEvent } from './support/cluster-app.js';
import { startRedis, type RedisProcess } from './support/redis-server.js';

const ENTRY = new URL('./support/cluster-child-entry.ts', import.meta.url).pathname;
const PREFIX = 'failures';
const LISTENERS = 6;
const init = { intervalInMsClientPing: 200, reconnectClientAfterMillisecondsWithoutServerPong: 1_500, intervalInMsServerSendSameMessage: 300, intervalInMsClientSendSameMessage: 300, requestTimeoutInMs: 15_000 };

let redis: RedisProcess;
let data: Redis;
let a: ChildServer;
let b: ChildServer;
let c: ChildServer;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => void unhandled.push(reason);

const url = (p: ChildServer): string => `ws://127.0.0.1:${p.port}`;
const serverLog = async (): Promise<number[]> => (await data.lrange(`${PREFIX}:app:events`, 0, -1)).map((t) => (JSON.parse(t) as ClusterEvent).id);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  redis = await startRedis();
  data = new Redis(redis.url, { retryStrategy: (times) => Math.min(100 * times, 1000) });
  data.on('error', () => undefined);
  const started = await Promise.all([0, 1, 2].map(() => startChildServer({ entry: ENTRY, redisUrl: redis.url, prefix: PREFIX, replyDelayMs: 15, init })));
  [a, b, c] = started as [ChildServer, ChildServer, ChildServer];
});

afterAll(async () => {
  await Promise.all([a, b, c].map((p) => p?.kill('SIGTERM')));
  data?.disconnect();
  await redis?.stop();
  process.off('unhandledRejection', onUnhandled);
});

interface Watched {
  client: AsklessClient<number>;
  values: { at: number; ids: number[] }[];
  connectedAt: number[];
}

describe('a process killed with SIGKILL', () => {
  it('moves its clients to the others: streams back within a second, nothing lost or duplicated, writes run once', async () => {
    const opts = { WebSocket, reconnectBaseDelayMs: 50, reconnectMaxDelayMs: 400 };
    const watched: Watched[] = Array.from({ length: LISTENERS }, () => {
      const client = new AsklessClient<number>({ serverUrl: [url(a), url(b), url(c)], ...opts });
      const w: Watched = { client, values: [], connectedAt: [] };
      client.onConnectionChange((s) => void (s.status === 'connected' && w.connectedAt.push(Date.now())), { immediately: false });
      client.readStream<ClusterEvent[]>({ route: 'events' }).subscribe((events) => void w.values.push({ at: Date.now(), ids: events.map((e) => e.id) }));
      client.start();
      return w;
    });
    // One writer on the doomed process, one on a survivor.
    const writers = [[a, b, c], [b, c, a]].map((list) => new AsklessClient<number>({ serverUrl: list.map(url), ...opts }));
    const outcomes: { key: string; res: AsklessResponse }[] = [];
    let stopping = false;
    const writing = writers.map(async (writer, i) => {
      writer.start();
      for (let n = 0; !stopping; n++) {
        const key = `w${i}-${n}`;
        outcomes.push({ key, res: await writer.create({ route: 'event', body: { topic: 't', text: key, key } }) });
      }
    });
    try {
      await vi.waitFor(() => watched.forEach((w) => expect(w.values.length).toBeGreaterThanOrEqual(3)), { timeout: 10_000, interval: 20 });
      const killedAt = Date.now();
      await a.kill('SIGKILL');
      await vi.waitFor(() => watched.forEach((w) => expect(w.connectedAt.some((t) => t > killedAt)).toBe(true)), { timeout: 10_000, interval: 20 });
      // Streams are back within a second of reconnecting.
      await vi.waitFor(() => {
        for (const w of watched) {
          const reconnected = w.connectedAt.find((t) => t > killedAt)!;
          expect(w.values.some((v) => v.at >= reconnected)).toBe(true);
        }
      }, { timeout: 5_000, interval: 20 });
      for (const w of watched) {
        const reconnected = w.connectedAt.find((t) => t > killedAt)!;
        expect(w.values.find((v) => v.at >= reconnected)!.at - reconnected).toBeLessThanOrEqual(1_000);
      }
      const afterKill = outcomes.length;
      await vi.waitFor(() => expect(outcomes.length).toBeGreaterThan(afterKill + 10), { timeout: 10_000, interval: 20 });
    } finally {
      stopping = true;
      await Promise.all(writing);
    }

    // Every listener ends on the server's log, and never saw an event twice or lose one it had.
    const log = await serverLog();
    await vi.waitFor(() => watched.forEach((w) => expect(w.values.at(-1)!.ids).toEqual(log)), { timeout: 5_000, interval: 20 });
    for (const w of watched) {
      for (const [i, value] of w.values.entries()) {
        expect(new Set(value.ids).size).toBe(value.ids.length);
        if (i > 0) expect(value.ids.slice(0, w.values[i - 1]!.ids.length)).toEqual(w.values[i - 1]!.ids);
      }
    }
    // Writes: none ran twice; a success ran; a failure other than OUTCOME_UNKNOWN did not run.
    const tally = await data.hgetall(`${PREFIX}:app:tally`);
    expect(Object.entries(tally).filter(([, n]) => n !== '1')).toEqual([]);
    for (const { key, res } of outcomes) {
      if (res.success) expect(tally[key], `write ${key} succeeded`).toBe('1');
      else if (res.error?.code !== 'OUTCOME_UNKNOWN') expect(tally[key], `write ${key} failed with ${res.error?.code}`).toBeUndefined();
    }
    const byCode: Record<string, number> = {};
    for (const { res } of outcomes) byCode[res.success ? 'success' : String(res.error?.code)] = (byCode[res.success ? 'success' : String(res.error?.code)] ?? 0) + 1;
    console.info(`[cluster kill] ${JSON.stringify({ listeners: LISTENERS, writes: outcomes.length, byCode, events: log.length })}`);
    for (const client of [...watched.map((w) => w.client), ...writers]) client.close();
    expect(unhandled).toEqual([]);
  }, 40_000);
});

describe('a write in flight on a killed process', () => {
  it('is not run again where the client reconnects: the caller hears OUTCOME_UNKNOWN', async () => {
    const d = await startChildServer({ entry: ENTRY, redisUrl: redis.url, prefix: PREFIX, init });
    const client = new AsklessClient<number>({ serverUrl: [url(d), url(b)], WebSocket, reconnectBaseDelayMs: 50, reconnectMaxDelayMs: 400 });
    try {
      client.start();
      // Committed at once, answered after 3 s: the kill falls between the two.
      const pending = client.create({ route: 'event', body: { topic: 'slow', text: 'once', key: 'slow-once', delayMs: 3_000 } });
      await vi.waitFor(async () => expect(await data.hget(`${PREFIX}:app:tally`, 'slow-once')).toBe('1'), { timeout: 10_000, interval: 20 });
      await d.kill('SIGKILL');
      const res = await pending;
      expect({ runs: await data.hget(`${PREFIX}:app:tally`, 'slow-once'), code: res.success ? 'success' : res.error?.code }).toEqual({ runs: '1', code: 'OUTCOME_UNKNOWN' });
      // It was B (same replay instance, so the client resent the write) that answered from the shared record.
      expect(client.connection.status).toBe('connected');
    } finally {
      client.close();
      await d.kill('SIGTERM');
    }
  }, 20_000);
});

describe('Redis restarting', () => {
  it('processes reconnect, re-register, re-read their streams and log it; pushes cross processes again', async () => {
    const onB = await WireClient.connect(url(b));
    const onC = await WireClient.connect(url(c));
    const before = (await onB.configure())['output'].connectionConfiguration.asklessReact.instanceId as string;
    await onC.configure();
    const sB = await onB.listen('events', { topic: 'r' });
    const sC = await onC.listen('events', { topic: 'r' });
    await onB.push(sB.listenId);
    await onC.push(sC.listenId);
    const created = await onB.modify('CREATE', 'event', { topic: 'r', text: 'before', key: 'r-before' });
    expect((await onC.push(sC.listenId))['output']).toEqual([created['output']]);
    expect((await onB.push(sB.listenId))['output']).toEqual([created['output']]);

    await redis.restart(); // no persistence: every key is gone
    // Each stream re-reads current state (now empty) without any write.
    expect((await onB.push(sB.listenId, 10_000))['output']).toEqual([]);
    expect((await onC.push(sC.listenId, 10_000))['output']).toEqual([]);
    for (const p of [b, c]) {
      expect(p.output()).toMatch(/cluster: lost the Redis connection/);
      expect(p.output()).toMatch(/cluster: Redis is back; channels re-subscribed, this process re-registered; Redis had lost its data/);
    }
    const after = await onB.modify('CREATE', 'event', { topic: 'r', text: 'after', key: 'r-after' });
    expect((await onC.push(sC.listenId))['output']).toEqual([after['output']]);
    // Replay records went with Redis' data: new connections learn a new replay instance.
    const fresh = await WireClient.connect(url(c));
    expect((await fresh.configure())['output'].connectionConfiguration.asklessReact.instanceId).not.toBe(before);
    await Promise.all([onB.close(), onC.close(), fresh.close()]);
  }, 30_000);
});
