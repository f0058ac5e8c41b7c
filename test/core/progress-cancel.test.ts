/**
 * Progress and cancel on the client, with a scripted server: nothing extra goes to a server that
 * does not advertise the extension (a plain 2.0.3), and progress frames from the server are
 * distrusted (unknown ids, wrong shapes, requests that did not ask: all ignored).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AbortedRequestError, AsklessClient } from '../../src/core/index.js';
import { FakeSocketFactory } from './support/fake-socket.js';
import { confirmFrame, handshake, lastSent, RESUME, responseFrame } from './support/script.js';

const clients: AsklessClient[] = [];
afterEach(() => clients.splice(0).forEach((c) => c.close()));

function setup(extension?: Record<string, unknown>) {
  const factory = new FakeSocketFactory();
  const client = new AsklessClient({ serverUrl: 'ws://x', WebSocket: factory.WebSocket });
  clients.push(client);
  client.start();
  handshake(factory.last, extension ? { asklessReact: extension } : {});
  return { client, socket: factory.last };
}

const progress = (clientRequestId: unknown, value: unknown) => ({ asklessReact: { progress: { clientRequestId, value } } });

describe('progress and cancel, client side', () => {
  it('against a plain 2.0.3 server: no extension field, no cancel frame; a late success reports the write ran', async () => {
    const { client, socket } = setup();
    const controller = new AbortController();
    const onProgress = vi.fn();
    const pending = client.create({ route: 'order', body: { n: 1 }, onProgress, signal: controller.signal });
    const create = lastSent(socket, '_class_type_modify');
    expect(create).not.toHaveProperty('asklessReact');
    socket.deliver(confirmFrame(create.clientRequestId as string));
    controller.abort();
    const response = await pending;
    expect(response.error).toBeInstanceOf(AbortedRequestError);
    expect(socket.sent.some((f) => 'asklessReact' in f && !('_class_type_configureconnectionrequest' in f))).toBe(false);
    socket.deliver(responseFrame(create.clientRequestId as string, { id: 9 }));
    expect(await (response.error as AbortedRequestError).outcome).toEqual({ status: 'ran', output: { id: 9 } });
    expect(onProgress).not.toHaveBeenCalled();
  });

  it('against our server: asks for progress, delivers it in order, ignores hostile or stray progress frames', async () => {
    const { client, socket } = setup({ ...RESUME, progress: true, cancel: true });
    const seen: unknown[] = [];
    const pending = client.read({ route: 'report', onProgress: (v) => seen.push(v) });
    const plain = client.read({ route: 'plain' });
    const read = socket.sentWith('_class_type_read');
    const [withProgress, without] = [read[0]!, read[1]!];
    expect(withProgress['asklessReact']).toEqual({ progress: true });
    expect(without).not.toHaveProperty('asklessReact');
    const id = withProgress.clientRequestId as string;
    socket.deliver(confirmFrame(id));
    socket.deliver(progress(id, 1));
    socket.deliver(progress(without.clientRequestId, 'not asked'));
    socket.deliver(progress('REQ-unknown', 'stray'));
    socket.deliver(progress(42, 'bad id'));
    socket.deliver({ asklessReact: { progress: 'nonsense' } });
    socket.deliver({ asklessReact: null });
    socket.deliver(progress(id, { step: 2 }));
    socket.deliver(responseFrame(id, 'done'));
    socket.deliver(progress(id, 'after the answer'));
    expect((await pending).output).toBe('done');
    expect(seen).toEqual([1, { step: 2 }]);
    socket.deliver(responseFrame(without.clientRequestId as string, 'ok'));
    expect((await plain).output).toBe('ok');
  });

  it('aborting a sent request sends one cancel frame naming it; a dropped connection makes the outcome unknown', async () => {
    const { client, socket } = setup({ ...RESUME, progress: true, cancel: true });
    const controller = new AbortController();
    const pending = client.read({ route: 'slow', signal: controller.signal });
    const id = lastSent(socket, '_class_type_read').clientRequestId as string;
    controller.abort();
    expect((await pending).error?.code).toBe('ABORTED');
    expect(socket.sent.filter((f) => 'asklessReact' in f && 'cancel' in (f['asklessReact'] as object))).toEqual([{ asklessReact: { cancel: { clientRequestId: id } } }]);
    socket.drop();
    // The connection is gone: the answer can no longer come.
    expect(await ((await pending).error as AbortedRequestError).outcome).toEqual({ status: 'unknown' });
  });
});
