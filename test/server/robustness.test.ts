/**
 * Bad input never crashes or wedges the server: the sender gets an error response where one can
 * be addressed, the socket keeps working, and other clients are unaffected.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../support/reference-app.js';
import { WireClient, alnum } from '../support/wire-client.js';

let app: ReferenceServer;
let other: WireClient;
const logs: string[] = [];

beforeEach(async () => {
  logs.length = 0;
  app = await startReferenceServer({
    init: { handlerTimeoutInMs: 200, maxPayloadBytes: 64 * 1024, logger: (level, message, meta) => logs.push(`${level} ${meta?.connectionId ?? '-'} ${message}`) },
    beforeStart: (server) => {
      server.addRoute.forAllUsers.read({
        route: 'async-throws',
        handleRead: async () => {
          await Promise.resolve();
          throw new Error('async boom');
        },
      });
      server.addRoute.forAllUsers.read({
        route: 'throws-code',
        handleRead: () => {
          throw Object.assign(new Error('nope'), { code: 'PERMISSION_DENIED', description: 'admins only' });
        },
      });
      server.addRoute.forAllUsers.read({ route: 'bad-output', handleRead: (ctx) => ctx.successCallback(1), toOutput: () => { throw new Error('toOutput boom'); } });
      server.addRoute.forAllUsers.read({
        route: 'hooks-throw',
        handleRead: (ctx) => ctx.successCallback('x'),
        onClientStartsListening: () => { throw new Error('start hook boom'); },
        onClientStopsListening: () => { throw new Error('stop hook boom'); },
        onReceived: () => { throw new Error('onReceived boom'); },
      });
      server.addRoute.forAllUsers.read({ route: 'answers-twice', handleRead: (ctx) => { ctx.successCallback(1); ctx.successCallback(2); ctx.errorCallback({ code: 'X' }); } });
    },
  });
  other = await WireClient.connect(app.url);
  await other.configure();
});
afterEach(async () => {
  await other.close();
  await app.stop();
});

/** The bystander still gets answers: nothing leaked to it. */
async function bystanderUnaffected(): Promise<void> {
  const res = await other.read('products');
  expect(res['output']).toHaveLength(2);
}

/** Frames other than pongs and receipt confirmations that nobody waited for. */
const stray = (c: WireClient) => c.unconsumed().filter((f) => f !== 'pong' && !(typeof f === 'object' && f['_class_type_serverconfirmreceipt']));

async function configured(): Promise<WireClient> {
  const c = await WireClient.connect(app.url);
  await c.configure();
  return c;
}

describe('bad frames', () => {
  it.each([
    ['non-JSON text', 'hello, not json'],
    ['a JSON array', '[1,2,3]'],
    ['a JSON number', '42'],
    ['JSON null', 'null'],
    ['an object without clientRequestId', JSON.stringify({ hello: 'world' })],
    ['an empty clientRequestId', JSON.stringify({ clientRequestId: '', _class_type_read: '_', route: 'products' })],
    ['a numeric clientRequestId', JSON.stringify({ clientRequestId: 7, _class_type_read: '_', route: 'products' })],
    ['a clientRequestId over 256 chars', JSON.stringify({ clientRequestId: 'R'.repeat(257), _class_type_read: '_', route: 'products' })],
    ['a binary frame of garbage', Buffer.from([0xff, 0x00, 0x13])],
  ])('ignores %s and keeps serving that socket', async (_name, payload) => {
    const c = await configured();
    c.send(payload);
    expect((await c.read('products'))['output']).toHaveLength(2);
    expect(stray(c)).toEqual([]);
    await bystanderUnaffected();
    await c.close();
  });

  it('closes only the sender (1007) on invalid UTF-8 in a text frame', async () => {
    const c = await configured();
    c.socket.send(Buffer.from([0xc3, 0x28]), { binary: false });
    expect(await c.closed).toBe(1007);
    await bystanderUnaffected();
  });

  it('closes only the sender (1009) on a frame over maxPayloadBytes', async () => {
    const c = await configured();
    c.send({ clientRequestId: 'REQ-_big', requestType: 'CREATE', _class_type_modify: '_', route: 'product', body: { name: 'x'.repeat(70 * 1024) }, params: null });
    expect(await c.closed).toBe(1009);
    await bystanderUnaffected();
    expect(app.state.products).toHaveLength(2);
  });

  it('answers an unknown marker with 2.0.3\'s INTERNAL_ERROR', async () => {
    const c = await configured();
    c.send({ clientRequestId: 'REQ-_u', _class_type_whatever: '_', route: 'products' });
    expect((await c.response('REQ-_u'))['error']).toEqual({ code: 'INTERNAL_ERROR', description: 'Not class type requestAlreadyReceivedFromClientBefore to handle' });
    await c.close();
  });

  it.each([
    ['a READ without route', { _class_type_read: '_', requestType: 'READ' }, 'route must be a non-empty string'],
    ['a READ with a numeric route', { _class_type_read: '_', route: 5 }, 'route must be a non-empty string'],
    ['a READ with array params', { _class_type_read: '_', route: 'products', params: [1] }, 'params must be an object or null'],
    ['a LISTEN without listenId', { _class_type_listen: '_', route: 'products', params: null }, 'listenId must be a non-empty string of at most 256 chars'],
    ['a LISTEN with a huge listenId', { _class_type_listen: '_', route: 'products', params: null, listenId: 'L'.repeat(257) }, 'listenId must be a non-empty string of at most 256 chars'],
    ['a modify with a bad requestType', { _class_type_modify: '_', requestType: 'PATCH', route: 'product', body: {} }, 'requestType must be CREATE, UPDATE or DELETE'],
  ])('confirms and answers BAD_REQUEST to %s', async (_name, frame, description) => {
    const c = await configured();
    const id = `REQ-_${alnum(10)}`;
    c.send({ clientRequestId: id, ...frame });
    await c.confirmReceipt(id);
    expect((await c.response(id))['error']).toEqual({ code: 'BAD_REQUEST', description });
    await c.close();
  });

  it('answers a CONFIGURE_CONNECTION without clientIdInternalApp with BAD_REQUEST', async () => {
    const c = await WireClient.connect(app.url);
    c.send({ clientRequestId: 'REQ-_c', requestType: 'CONFIGURE_CONNECTION', _class_type_configureconnectionrequest: '_' });
    expect((await c.response('REQ-_c'))['error']['code']).toBe('BAD_REQUEST');
    await c.close();
  });
});

describe('limits', () => {
  it('answers BAD_REQUEST to a LISTEN beyond maxStreamsPerConnection', async () => {
    await app.stop();
    app = await startReferenceServer({ init: { maxStreamsPerConnection: 2 } });
    await other.close();
    other = await WireClient.connect(app.url);
    await other.configure();
    const c = await configured();
    for (const id of ['LIS-1', 'LIS-2']) expect((await c.listen('products', null, id)).response['output']).toBe(id);
    expect((await c.listen('products', null, 'LIS-3')).response['error']).toEqual({ code: 'BAD_REQUEST', description: 'too many streams on this connection (max 2)' });
    expect(app.server.listenerCount('products')).toBe(2);
    await c.close();
  });
});

describe('bad pings', () => {
  it('pongs a ping without a list and keeps the streams', async () => {
    const c = await configured();
    const l = await c.listen('products');
    await c.push(l.listenId);
    c.send({ _class_type_pingpong: '_' });
    c.send({ _class_type_pingpong: '_', listeningToRoutes: 'nope' });
    await c.next((f) => f === 'pong');
    await c.next((f) => f === 'pong');
    expect(app.server.listenerCount('products')).toBe(1);
    await c.close();
  });

  it('skips entries naming unknown or non-read routes, or lacking fields, without answering them', async () => {
    const c = await configured();
    c.ping([
      { listenId: 'LIS-a', route: 'nope', clientRequestId: 'LIS-_a' },
      { listenId: 'LIS-b', route: 'product', clientRequestId: 'LIS-_b' },
      { listenId: 'LIS-c', route: 'products', clientRequestId: '' },
      { listenId: 'LIS-d', route: 'products', clientRequestId: 'LIS-_d', params: 'x' },
    ]);
    c.send({ _class_type_pingpong: '_', listeningToRoutes: [null, 5, { route: 'products' }] });
    await c.next((f) => f === 'pong');
    await c.next((f) => f === 'pong');
    expect((await c.read('products'))['output']).toHaveLength(2);
    expect(stray(c)).toEqual([]);
    expect(app.server.listenerCount()).toBe(0);
    expect(logs.some((l) => l.includes('unknown read route "nope"'))).toBe(true);
    await c.close();
  });
});

describe('handlers that misbehave', () => {
  it.each([
    ['throws', { code: 'INTERNAL_ERROR', description: 'An internal error occurred' }],
    ['async-throws', { code: 'INTERNAL_ERROR', description: 'An internal error occurred' }],
    ['throws-code', { code: 'PERMISSION_DENIED', description: 'admins only' }],
    ['bad-output', { code: 'INTERNAL_ERROR', description: 'An internal error occurred' }],
    ['never-responds', { code: 'TIMEOUT', description: 'The route handler did not answer within 200 ms' }],
  ])('READ %s gets an error response', async (route, error) => {
    const c = await configured();
    expect((await c.read(route))['error']).toEqual(error);
    await bystanderUnaffected();
    await c.close();
  });

  it('LISTEN on a throwing route gets an error and leaves no registration (Q17)', async () => {
    const c = await configured();
    const l = await c.listen('throws');
    expect(l.response['error']['code']).toBe('INTERNAL_ERROR');
    expect(app.server.listenerCount('throws')).toBe(0);
    await c.close();
  });

  it('survives throwing hooks and keeps only the first answer', async () => {
    const c = await configured();
    const l = await c.listen('hooks-throw');
    expect((await c.push(l.listenId))['output']).toBe('x');
    expect((await c.read('answers-twice'))['output']).toBe(1);
    c.ping([]);
    await c.next((f) => f === 'pong');
    expect(app.server.listenerCount('hooks-throw')).toBe(0);
    await vi.waitFor(() => expect(logs.filter((l) => l.includes('boom')).length).toBeGreaterThanOrEqual(3));
    expect((await c.read('products'))['output']).toHaveLength(2);
    await c.close();
  });

  it('answers INTERNAL_ERROR when authenticate throws, and the socket stays usable', async () => {
    await app.stop();
    app = await startReferenceServer({
      init: {
        logger: () => undefined,
        authenticate: () => {
          throw new Error('auth boom');
        },
      },
    });
    await other.close();
    other = await WireClient.connect(app.url);
    await other.configure();
    const c = await configured();
    const res = await c.authenticate({ accessToken: 'token-1' });
    expect(res['error']['code']).toBe('INTERNAL_ERROR');
    expect(res['_class_type_authenticateresponse']).toBe('_');
    expect((await c.read('products'))['output']).toHaveLength(2);
    await c.close();
  });
});
