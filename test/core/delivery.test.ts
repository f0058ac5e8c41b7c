import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AsklessClient } from '../../src/core/index.js';
import type { AsklessResponse } from '../../src/core/index.js';
import { markResent } from '../../src/core/protocol/extension.js';
import { FakeSocketFactory } from './support/fake-socket.js';
import { RESUME, confirmFrame, handshake, lastSent, pushFrame, responseFrame, stopFrame } from './support/script.js';

const READ = '_class_type_read';
const MODIFY = '_class_type_modify';
const CONFIRM = '_class_type_clientconfirmreceipt';

let factory: FakeSocketFactory;
let client: AsklessClient<number>;

beforeEach(() => {
  vi.useFakeTimers();
  factory = new FakeSocketFactory();
  client = new AsklessClient<number>({ serverUrl: 'ws://127.0.0.1:1', WebSocket: factory.WebSocket });
  client.start();
});
afterEach(() => {
  client.close();
  vi.useRealTimers();
});

/** Settle state of a promise without waiting on it. */
function track<T>(p: Promise<T>): { value?: T } {
  const box: { value?: T } = {};
  void p.then((v) => (box.value = v));
  return box;
}

describe('responses', () => {
  it('resolves a READ with its output; success ⇔ no error', async () => {
    handshake(factory.last);
    const pending = client.read<number[]>({ route: 'products', params: { b: 1 } });
    const read = lastSent(factory.last, READ);
    expect(read).toMatchObject({ route: 'products', params: { b: 1 }, requestType: 'READ' });
    factory.last.deliver(confirmFrame(read.clientRequestId as string));
    factory.last.deliver(responseFrame(read.clientRequestId as string, [1, 2]));
    await expect(pending).resolves.toEqual({ success: true, output: [1, 2] });
  });

  it('passes server error codes through unchanged, "none" when the code is missing', async () => {
    handshake(factory.last);
    const a = client.create({ route: 'custom-error', body: {} });
    factory.last.deliver(responseFrame(lastSent(factory.last, MODIFY).clientRequestId as string, null, { code: 'CUSTOM_ERR', description: 'nope' }));
    const b = client.delete({ route: 'product', params: { id: 9 } });
    factory.last.deliver(responseFrame(lastSent(factory.last, MODIFY).clientRequestId as string, null, { description: 'no code' }));
    const ra = await a;
    expect(ra.success).toBe(false);
    expect(ra.error).toMatchObject({ name: 'AsklessError', code: 'CUSTOM_ERR', description: 'nope' });
    expect((await b).error?.code).toBe('none');
  });

  it('sends DELETE with body {} and CREATE with the body given', () => {
    handshake(factory.last);
    void client.delete({ route: 'product', params: { id: 1 } });
    expect(lastSent(factory.last, MODIFY)).toMatchObject({ requestType: 'DELETE', body: {}, params: { id: 1 } });
    void client.create({ route: 'product', body: { name: 'Lamp' } });
    expect(lastSent(factory.last, MODIFY)).toMatchObject({ requestType: 'CREATE', body: { name: 'Lamp' }, params: null });
  });
});

describe('confirm and de-duplicate every serverId (§4.2, Q10)', () => {
  /** After the handshake (with `config`), a subscribed `counter` stream: what it received and its listenId. */
  function counterStream(config?: Record<string, unknown>): { values: unknown[]; listenId: string } {
    handshake(factory.last, config);
    const values: unknown[] = [];
    client.readStream({ route: 'counter' }).subscribe((v) => values.push(v));
    return { values, listenId: lastSent(factory.last, '_class_type_listen').listenId as string };
  }

  it('confirms each copy of a push but delivers it once', () => {
    const { values, listenId } = counterStream();
    const push = pushFrame(listenId, { value: 1 }, 'NEW-abcde-' + listenId);
    factory.last.deliver(push);
    factory.last.deliver(push);
    factory.last.deliver(push);
    expect(values).toEqual([{ value: 1 }]);
    expect(factory.last.sentWith(CONFIRM).filter((c) => c.serverId === push.serverId)).toHaveLength(3);
  });

  it('delivers a new push that reuses a remembered serverId (2.0.3 ids have 5 random chars)', () => {
    const { values, listenId } = counterStream();
    factory.last.deliver(pushFrame(listenId, { value: 1 }, 'NEW-abcde-' + listenId));
    factory.last.deliver(pushFrame(listenId, { value: 2 }, 'NEW-abcde-' + listenId));
    factory.last.deliver(pushFrame(listenId, { value: 2 }, 'NEW-abcde-' + listenId));
    expect(values).toEqual([{ value: 1 }, { value: 2 }]);
  });

  it('against markedResends: delivers a first send before remembering it, drops its marked copies, confirms them all', () => {
    const { values, listenId } = counterStream({ asklessReact: { ...RESUME, uniqueServerIds: true, markedResends: true } });
    const push = pushFrame(listenId, { value: 1 }, 'NEW-q3ZtV9aL1-' + listenId);
    factory.last.deliver(push);
    factory.last.deliver({ asklessReact: { resent: true }, ...push });
    factory.last.deliver({ asklessReact: { resent: true }, ...push });
    expect(values).toEqual([{ value: 1 }]);
    // A copy of a first send that never arrived is delivered once too.
    const lost = pushFrame(listenId, { value: 2 }, 'NEW-q3ZtV9aL2-' + listenId);
    factory.last.deliver({ asklessReact: { resent: true }, ...lost });
    factory.last.deliver({ asklessReact: { resent: true }, ...lost });
    expect(values).toEqual([{ value: 1 }, { value: 2 }]);
    const confirmed = factory.last.sentWith(CONFIRM).map((c) => c.serverId);
    expect(confirmed.filter((id) => id === push.serverId)).toHaveLength(3);
    expect(confirmed.filter((id) => id === lost.serverId)).toHaveLength(2);
  });

  it('against a server without the flag, a copy marked as resent is still the same message', () => {
    const { values, listenId } = counterStream();
    const push = pushFrame(listenId, { value: 1 }, 'NEW-abcde-' + listenId);
    factory.last.deliver(push);
    factory.last.deliver(markResent(JSON.stringify(push)));
    expect(values).toEqual([{ value: 1 }]);
  });

  it('remembers processed ids for at least 10 minutes', () => {
    const { values, listenId } = counterStream();
    const push = pushFrame(listenId, 1, 'NEW-fixed-' + listenId);
    factory.last.deliver(push);
    for (let i = 0; i < 119; i++) {
      vi.advanceTimersByTime(5000); // 9 min 55 s in total, keeping the link alive
      factory.last.deliver('pong');
    }
    expect(factory.sockets).toHaveLength(1);
    factory.last.deliver(push);
    expect(values).toEqual([1]);
  });

  it('confirms a response to an unknown request and ignores it', () => {
    handshake(factory.last);
    const r = responseFrame('REQ-_unknown', 5);
    factory.last.deliver(r);
    expect(factory.last.sentWith(CONFIRM).some((c) => c.serverId === r.serverId)).toBe(true);
  });

  it('never confirms a ServerConfirmReceipt or a StopListening (§1.6.1, §1.6.6: sent once, never queued)', () => {
    handshake(factory.last);
    void client.read({ route: 'p' });
    const c = confirmFrame(lastSent(factory.last, READ).clientRequestId as string);
    factory.last.deliver(c);
    const errors: string[] = [];
    client.readStream({ route: 'counter' }).subscribe(() => undefined, (e) => errors.push(e.code));
    const listen = lastSent(factory.last, '_class_type_listen');
    factory.last.deliver(responseFrame(listen.clientRequestId as string, listen.listenId));
    const stop = stopFrame(listen.listenId as string);
    factory.last.deliver(stop);
    // The StopListening was processed (the stream ended) and still not confirmed.
    expect(errors).toEqual(['STREAM_STOPPED']);
    const confirmed = factory.last.sentWith(CONFIRM).map((x) => x.serverId);
    expect(confirmed).not.toContain(c.serverId);
    expect(confirmed).not.toContain(stop.serverId);
  });
});

describe('resend and timeouts (§4.1)', () => {
  it('resends an unconfirmed request every intervalInMsClientSendSameMessage with the same id', () => {
    handshake(factory.last, { intervalInMsClientSendSameMessage: 1000, requestTimeoutInMs: 0 });
    void client.read({ route: 'products' });
    const id = lastSent(factory.last, READ).clientRequestId;
    vi.advanceTimersByTime(999);
    factory.last.deliver('pong');
    expect(factory.last.sentWith(READ)).toHaveLength(1);
    vi.advanceTimersByTime(1001);
    factory.last.deliver('pong');
    vi.advanceTimersByTime(1000);
    const reads = factory.last.sentWith(READ);
    expect(reads.length).toBeGreaterThanOrEqual(2);
    expect(new Set(reads.map((r) => r.clientRequestId))).toEqual(new Set([id]));
  });

  it('stops resending once the server confirmed', () => {
    handshake(factory.last, { intervalInMsClientSendSameMessage: 1000, requestTimeoutInMs: 0 });
    void client.read({ route: 'products' });
    factory.last.deliver(confirmFrame(lastSent(factory.last, READ).clientRequestId as string));
    for (let i = 0; i < 5; i++) {
      vi.advanceTimersByTime(1000);
      factory.last.deliver('pong');
    }
    expect(factory.last.sentWith(READ)).toHaveLength(1);
  });

  it('times out after requestTimeoutInMs with TIMEOUT (Flutter would say NO_CONNECTION)', () => {
    handshake(factory.last, { requestTimeoutInMs: 3000 });
    const box = track(client.read({ route: 'never-responds' }));
    factory.last.deliver(confirmFrame(lastSent(factory.last, READ).clientRequestId as string));
    vi.advanceTimersByTime(2999);
    return Promise.resolve().then(async () => {
      expect(box.value).toBeUndefined();
      vi.advanceTimersByTime(1);
      await vi.waitFor(() => expect(box.value).toMatchObject({ success: false, error: { code: 'TIMEOUT' } }));
    });
  });

  it('reports NO_CONNECTION when the request never left because the server was unreachable', async () => {
    const pending = client.read({ route: 'p' });
    vi.advanceTimersByTime(7000);
    await expect(pending).resolves.toMatchObject({ error: { code: 'NO_CONNECTION' } });
  });

  it('neverTimeout waits past the timeout and still gets the answer', async () => {
    handshake(factory.last, { requestTimeoutInMs: 1000 });
    const box = track(client.read({ route: 'slow', neverTimeout: true }));
    const id = lastSent(factory.last, READ).clientRequestId as string;
    factory.last.deliver(confirmFrame(id));
    for (let i = 0; i < 10; i++) {
      vi.advanceTimersByTime(1000);
      factory.last.deliver('pong');
    }
    await Promise.resolve();
    expect(box.value).toBeUndefined();
    factory.last.deliver(responseFrame(id, 'late'));
    await vi.waitFor(() => expect(box.value).toEqual({ success: true, output: 'late' }));
  });

  it('an AbortSignal settles the request with ABORTED and a late answer is ignored', async () => {
    handshake(factory.last);
    const controller = new AbortController();
    const pending = client.read({ route: 'slow', signal: controller.signal });
    const id = lastSent(factory.last, READ).clientRequestId as string;
    controller.abort();
    await expect(pending).resolves.toMatchObject({ success: false, error: { code: 'ABORTED' } });
    expect(() => factory.last.deliver(responseFrame(id, 1))).not.toThrow();
    const already = new AbortController();
    already.abort();
    await expect(client.read({ route: 'x', signal: already.signal })).resolves.toMatchObject({ error: { code: 'ABORTED' } });
  });
});

describe('across a reconnect without the resume extension (§10 Q5)', () => {
  function reconnect(): void {
    factory.last.drop();
    vi.advanceTimersByTime(250);
    handshake(factory.last);
  }

  it('resends an unconfirmed request with its id, a confirmed READ with a new id', () => {
    handshake(factory.last);
    void client.read({ route: 'unconfirmed' });
    const unconfirmedId = lastSent(factory.last, READ).clientRequestId;
    void client.read({ route: 'confirmed' });
    const confirmedId = lastSent(factory.last, READ).clientRequestId as string;
    factory.last.deliver(confirmFrame(confirmedId));
    reconnect();
    const reads = factory.last.sentWith(READ);
    expect(reads.find((r) => r.route === 'unconfirmed')?.clientRequestId).toBe(unconfirmedId);
    const again = reads.find((r) => r.route === 'confirmed');
    expect(again).toBeDefined();
    expect(again?.clientRequestId).not.toBe(confirmedId);
  });

  it('resolves a confirmed but unanswered write with OUTCOME_UNKNOWN instead of running it twice', async () => {
    handshake(factory.last);
    const write = client.create({ route: 'product', body: { name: 'Lamp' } });
    factory.last.deliver(confirmFrame(lastSent(factory.last, MODIFY).clientRequestId as string));
    const unconfirmedWrite = client.update({ route: 'product', params: { id: 1 }, body: { price: 2 } });
    const unconfirmedId = lastSent(factory.last, MODIFY).clientRequestId;
    reconnect();
    const result: AsklessResponse = await write;
    expect(result).toMatchObject({ success: false, error: { code: 'OUTCOME_UNKNOWN' } });
    const modifies = factory.last.sentWith(MODIFY);
    expect(modifies).toHaveLength(1);
    expect(modifies[0]).toMatchObject({ requestType: 'UPDATE', clientRequestId: unconfirmedId });
    factory.last.deliver(responseFrame(unconfirmedId as string, { id: 1, price: 2 }));
    await expect(unconfirmedWrite).resolves.toMatchObject({ success: true });
  });
});

describe('across a reconnect with the resume extension', () => {
  it('resends every unanswered request with its original id, so writes get their real answer', async () => {
    handshake(factory.last, { asklessReact: RESUME });
    const write = client.create({ route: 'product', body: { name: 'Lamp' } });
    const id = lastSent(factory.last, MODIFY).clientRequestId as string;
    factory.last.deliver(confirmFrame(id));
    factory.last.drop();
    vi.advanceTimersByTime(250);
    handshake(factory.last, { asklessReact: RESUME });
    expect(lastSent(factory.last, MODIFY).clientRequestId).toBe(id);
    factory.last.deliver(responseFrame(id, { id: 3 }));
    await expect(write).resolves.toEqual({ success: true, output: { id: 3 } });
  });

  it('does not replay a confirmed write to a restarted server (new instanceId): OUTCOME_UNKNOWN instead', async () => {
    handshake(factory.last, { asklessReact: { ...RESUME, instanceId: 'first-process' } });
    const write = client.create({ route: 'product', body: { name: 'Lamp' } });
    const id = lastSent(factory.last, MODIFY).clientRequestId as string;
    factory.last.deliver(confirmFrame(id));
    factory.last.drop();
    vi.advanceTimersByTime(250);
    handshake(factory.last, { asklessReact: { ...RESUME, instanceId: 'second-process' } });
    await expect(write).resolves.toMatchObject({ success: false, error: { code: 'OUTCOME_UNKNOWN' } });
    expect(factory.last.sentWith(MODIFY)).toHaveLength(0);
  });
});
