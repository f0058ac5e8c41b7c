import { EventEmitter, once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AbortedRequestError } from '../../src/core/index.js';
import type { ReadRoute } from '../../src/server/index.js';
import { startReferenceServer, type ReferenceServer } from '../support/reference-app.js';
import { WireClient } from '../support/wire-client.js';
import { connected, startClient } from './support/clients.js';

let app: ReferenceServer;
const events = new EventEmitter();
let notes: ReadRoute<number, string[]>;
const noteList: string[] = [];
/** Progress frames the server sent. */
const progressOut: unknown[] = [];

beforeAll(async () => {
  app = await startReferenceServer({
    init: {
      tap: (e) => {
        if (e.direction === 'out' && typeof e.frame === 'object' && e.frame !== null && 'asklessReact' in e.frame && !('serverId' in e.frame)) progressOut.push(e.frame);
      },
    },
    beforeStart: (server) => {
      server.addRoute.forAllUsers.read({
        route: 'report',
        handleRead: (ctx) => {
          ctx.progress(1);
          ctx.progress({ step: 2 });
          ctx.progress('three');
          ctx.successCallback('done');
        },
      });
      server.addRoute.forAllUsers.create({
        route: 'import',
        handleCreate: async (ctx) => {
          for (const step of [1, 2, 3]) {
            ctx.progress(step);
            await new Promise((resolve) => setImmediate(resolve));
          }
          ctx.successCallback({ imported: 3 });
        },
      });
      server.addRoute.forAllUsers.read({
        route: 'cancelable',
        handleRead: (ctx) => {
          ctx.signal.addEventListener('abort', () => {
            events.emit('slow-aborted', ctx.signal.aborted);
            ctx.errorCallback({ code: 'ABORTED', description: 'canceled by the client' });
          });
          events.emit('slow-started', ctx.clientId);
        },
      });
      server.addRoute.forAllUsers.create({
        route: 'instant-write',
        handleCreate: (ctx) => {
          ctx.successCallback({ written: true });
          // Emitted before the answer leaves: a listener that aborts here aborts a write that already ran.
          events.emit('instant-write-ran');
        },
      });
      notes = server.addRoute.forAllUsers.read<string[]>({ route: 'notes', handleRead: (ctx) => ctx.successCallback([...noteList]) });
      server.addRoute.forAllUsers.create({
        route: 'note',
        handleCreate: (ctx) => {
          noteList.push(String(ctx.body));
          ctx.successCallback(noteList.length);
          void notes.notifyChanges({ excludeClientId: ctx.clientId });
        },
      });
    },
  });
});
afterAll(() => app.stop());

describe('progressive results', () => {
  it("delivers a handler's three ctx.progress values to onProgress, in order, before the answer", async () => {
    const client = startClient(app.url);
    const seen: unknown[] = [];
    const response = await client.read({ route: 'report', onProgress: (value) => seen.push(value) });
    seen.push(['answer', response.output]);
    expect(seen).toEqual([1, { step: 2 }, 'three', ['answer', 'done']]);
  });

  it('works for writes too (create), across event-loop turns of an async handler', async () => {
    const client = startClient(app.url);
    const seen: unknown[] = [];
    const response = await client.create({ route: 'import', body: {}, onProgress: (value) => seen.push(value) });
    expect(response.output).toEqual({ imported: 3 });
    expect(seen).toEqual([1, 2, 3]);
  });

  it('sends no progress frame to a request that did not ask (the same route, no onProgress)', async () => {
    const client = startClient(app.url);
    await connected(client);
    progressOut.length = 0;
    const response = await client.read({ route: 'report' });
    expect(response.output).toBe('done');
    expect(progressOut).toEqual([]);
    await client.read({ route: 'report', onProgress: () => undefined });
    expect(progressOut).toHaveLength(3);
  });

  it('leaves a Flutter-shaped client unaffected: only the confirm and the final answer', async () => {
    const flutter = await WireClient.connect(app.url);
    await flutter.configure();
    const response = await flutter.read('report');
    expect(response['output']).toBe('done');
    expect(response['error']).toBeUndefined();
    const extra = flutter.received.filter((f) => typeof f === 'object' && 'asklessReact' in f && !('_class_type_configureconnection' in f));
    expect(extra).toEqual([]);
    await flutter.close();
  });
});

describe('cancelation that reaches the handler', () => {
  it('aborting a slow read answers ABORTED at once and aborts ctx.signal on the server within 200 ms', async () => {
    const client = startClient(app.url);
    await connected(client);
    const controller = new AbortController();
    const started = once(events, 'slow-started');
    const pending = client.read({ route: 'cancelable', signal: controller.signal });
    await started;
    const aborted = once(events, 'slow-aborted');
    const t0 = performance.now();
    controller.abort();
    const response = await pending;
    expect(response.error?.code).toBe('ABORTED');
    const [signalAborted] = await aborted;
    expect(signalAborted).toBe(true);
    expect(performance.now() - t0).toBeLessThan(200);
    // The handler honoured the signal (errorCallback), so the request did not run to completion.
    expect(response.error).toBeInstanceOf(AbortedRequestError);
    expect(await (response.error as AbortedRequestError).outcome).toMatchObject({ status: 'notRun', error: { code: 'ABORTED' } });
  });

  it('reports an aborted write that had already run as such', async () => {
    const client = startClient(app.url);
    await connected(client);
    const controller = new AbortController();
    events.once('instant-write-ran', () => controller.abort());
    const response = await client.create({ route: 'instant-write', body: {}, signal: controller.signal });
    expect(response.error?.code).toBe('ABORTED');
    expect(await (response.error as AbortedRequestError).outcome).toEqual({ status: 'ran', output: { written: true } });
  });

  it('a request aborted before it was sent did not run', async () => {
    const client = startClient(app.url);
    const controller = new AbortController();
    const pending = client.create({ route: 'instant-write', body: {}, signal: controller.signal });
    controller.abort(); // still connecting: nothing went out
    const response = await pending;
    expect(await (response.error as AbortedRequestError).outcome).toEqual({ status: 'notRun' });
  });

  it("another client id cannot cancel someone else's request (only the caller's own ids)", async () => {
    const client = startClient(app.url);
    await connected(client);
    const started = once(events, 'slow-started');
    const spy = vi.fn();
    events.on('slow-aborted', spy);
    const controller = new AbortController();
    const pending = client.read({ route: 'cancelable', signal: controller.signal });
    await started;
    // Find the READ's id on the wire through the server's own view: the tap is not set, so ask the client.
    const intruder = await WireClient.connect(app.url);
    await intruder.configure();
    const requestIds = [...(client as unknown as { requests: { pending: Map<string, unknown> } }).requests.pending.keys()];
    expect(requestIds).toHaveLength(1);
    intruder.send({ asklessReact: { cancel: { clientRequestId: requestIds[0] } } });
    // A READ on the intruder's socket after its cancel frame: once it is answered the cancel was processed.
    await intruder.read('products');
    expect(spy).not.toHaveBeenCalled();
    controller.abort();
    await pending;
    await vi.waitFor(() => expect(spy).toHaveBeenCalledTimes(1));
    events.off('slow-aborted', spy);
    await intruder.close();
  });
});

describe('hostile extension frames', () => {
  it('are dropped without an answer or a crash, before and after CONFIGURE_CONNECTION', async () => {
    const raw = await WireClient.connect(app.url);
    const junk = [
      { asklessReact: { cancel: { clientRequestId: 'REQ-x' } } }, // not configured yet
      { asklessReact: { cancel: { clientRequestId: 7 } } },
      { asklessReact: { cancel: 'REQ-x' } },
      { asklessReact: { cancel: { clientRequestId: 'R'.repeat(10_000) } } },
      { asklessReact: {} },
      { asklessReact: [] },
      { asklessReact: { progress: { clientRequestId: 'REQ-x', value: 1 } } },
    ];
    raw.send(junk[0]);
    const configured = await raw.configure();
    for (const frame of junk.slice(1)) raw.send(frame);
    // Still served, in order: the junk produced no frame at all.
    const response = await raw.read('report');
    expect(response['output']).toBe('done');
    const answered = new Set([configured['clientRequestId'], response['clientRequestId']]);
    expect(raw.received.filter((f) => f !== 'welcome' && !(typeof f === 'object' && answered.has(f['clientRequestId'])))).toEqual([]);
    await raw.close();
  });
});

describe('publisher exclusion', () => {
  it('notifyChanges({ excludeClientId: ctx.clientId }) pushes to other listeners but not to the writer', async () => {
    const writer = startClient(app.url);
    const other = startClient(app.url);
    const writerSeen: string[][] = [];
    const otherSeen: string[][] = [];
    const offWriter = writer.readStream<string[]>({ route: 'notes' }).subscribe((v) => writerSeen.push(v));
    const offOther = other.readStream<string[]>({ route: 'notes' }).subscribe((v) => otherSeen.push(v));
    await vi.waitFor(() => expect([writerSeen.length, otherSeen.length]).toEqual([1, 1]));
    expect((await writer.create({ route: 'note', body: 'first' })).output).toBe(1);
    await vi.waitFor(() => expect(otherSeen.at(-1)).toEqual(['first']));
    // A change notified to everyone afterwards reaches the writer too: had the first push reached
    // it, it would have arrived before this one (one socket, in order).
    noteList.push('second');
    await notes.notifyChanges();
    await vi.waitFor(() => expect(writerSeen.at(-1)).toEqual(['first', 'second']));
    expect(writerSeen).toEqual([[], ['first', 'second']]);
    await vi.waitFor(() => expect(otherSeen).toEqual([[], ['first'], ['first', 'second']]));
    offWriter();
    offOther();
  });
});
