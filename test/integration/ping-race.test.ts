/**
 * Issue 13, part 1: the first ping must not race the first LISTEN. Our server runs as a plain
 * 2.0.3 here (`advertiseResumeExtension: false`): it registers a stream when the LISTEN arrives
 * and stops every stream a ping omits, answered or not (§3.2), while the `slow` route's handler
 * takes 600 ms. A client that leaves a pending LISTEN out of a ping gets its stream stopped and
 * restarted: the server reads twice and the subscriber may see the initial value twice.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../support/reference-app.js';
import { WireClient } from '../support/wire-client.js';
import { startClient } from './support/clients.js';

type Frame = Record<string, any>;
let app: ReferenceServer;
/** Inbound frames by connection id, in arrival order. */
const inbound = new Map<string, Frame[]>();

beforeAll(async () => {
  app = await startReferenceServer({
    slowReadMs: 600,
    init: {
      advertiseResumeExtension: false,
      intervalInMsClientPing: 100,
      tap: ({ direction, connectionId, frame }) => {
        if (direction !== 'in' || typeof frame !== 'object' || frame === null) return;
        if (!inbound.has(connectionId)) inbound.set(connectionId, []);
        inbound.get(connectionId)!.push(frame as Frame);
      },
    },
  });
});
afterAll(() => app.stop());

const pingsAfter = (frames: Frame[], index: number) => frames.slice(index + 1).filter((f) => f['_class_type_pingpong']);

describe('a stream subscribed at start() against a 2.0.3-timed server with a 600 ms read handler', () => {
  it('is listed in every ping from its LISTEN on, starts once and delivers its initial value once', async () => {
    const before = { ...app.state.slow };
    const client = startClient(app.url);
    const values: unknown[] = [];
    const off = client.readStream({ route: 'slow' }).subscribe((v) => values.push(v));
    await vi.waitFor(() => expect(values).toHaveLength(1), { timeout: 5000 });

    const frames = () => [...inbound.values()].find((list) => list.some((f) => f['_class_type_listen'] && f['route'] === 'slow' && !f['listeningToRoutes'])) ?? [];
    const listenIndex = frames().findIndex((f) => f['_class_type_listen'] && f['route'] === 'slow');
    const listenId = frames()[listenIndex]!['listenId'];
    // Five more pings after the value: any restart would have happened by then.
    const seenPings = pingsAfter(frames(), listenIndex).length;
    await vi.waitFor(() => expect(pingsAfter(frames(), listenIndex).length).toBeGreaterThanOrEqual(seenPings + 5), { timeout: 5000 });

    for (const ping of pingsAfter(frames(), listenIndex)) {
      expect(ping['listeningToRoutes'].map((e: Frame) => e['listenId'])).toContain(listenId);
    }
    expect(app.state.slow.reads - before.reads).toBe(1);
    expect(app.state.slow.starts - before.starts).toBe(1);
    expect(app.state.slow.stops - before.stops).toBe(0);
    expect(values).toEqual([{ reads: before.reads + 1 }]);
    off();
  });
});

describe('our server reconciles pings exactly as 2.0.3 (§3.2)', () => {
  it('registers a stream when its LISTEN arrives: a ping listing it before the answer restarts nothing', async () => {
    const before = app.state.slow.reads;
    const c = await WireClient.connect(app.url);
    await c.configure();
    const listenId = 'LIS-registered0000000000000000000';
    c.send({ clientRequestId: 'LIS-_registered00000000000000000', requestType: 'LISTEN', _class_type_listen: '_', route: 'slow', params: null, listenId });
    c.ping([{ listenId, route: 'slow', clientRequestId: 'LIS-_registered00000000000000000' }]);
    expect((await c.response('LIS-_registered00000000000000000'))['output']).toBe(listenId);
    await c.push(listenId);
    // A later ping still listing it: nothing new (the next pong proves the server handled it).
    c.ping([{ listenId, route: 'slow', clientRequestId: 'LIS-_registered00000000000000000' }]);
    await c.next((f) => f === 'pong');
    await c.next((f) => f === 'pong');
    expect(app.state.slow.reads - before).toBe(1);
    await c.close();
  });

  it('stops a stream omitted from a ping even while its read handler runs; a later ping restarts it', async () => {
    const before = { ...app.state.slow };
    const c = await WireClient.connect(app.url);
    await c.configure();
    const listenId = 'LIS-omitted00000000000000000000000';
    const requestId = 'LIS-_omitted0000000000000000000000';
    c.send({ clientRequestId: requestId, requestType: 'LISTEN', _class_type_listen: '_', route: 'slow', params: null, listenId });
    c.ping([]); // the client's own ping left its pending LISTEN out: the server stops it (§3.2 step 3)
    // The handler still answers the LISTEN, but the stopped stream gets no initial value.
    expect((await c.response(requestId))['output']).toBe(listenId);
    c.ping([{ listenId, route: 'slow', clientRequestId: requestId }]);
    // Restart (step 4): a second Response with the entry's id, then the initial value.
    expect((await c.response(requestId, 3000))['output']).toBe(listenId);
    expect((await c.push(listenId))['output']).toEqual({ reads: before.reads + 2 });
    expect(c.unconsumed().filter((f) => typeof f === 'object' && f['listenId'] === listenId)).toEqual([]);
    expect(app.state.slow.reads - before.reads).toBe(2);
    expect(app.state.slow.starts - before.starts).toBe(1);
    await c.close();
  });
});
