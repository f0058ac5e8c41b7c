import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../support/reference-app.js';
import { WireClient } from '../support/wire-client.js';

let app: ReferenceServer;
const taps: Array<{ direction: string; connectionId: string; frame: unknown }> = [];
beforeEach(async () => {
  taps.length = 0;
  app = await startReferenceServer({ init: { tap: (e) => taps.push(e) } });
});
afterEach(async () => {
  await app.stop();
});

describe('AsklessServer basics', () => {
  it('binds 127.0.0.1 on a free port and reports it', () => {
    expect(app.port).toBeGreaterThan(0);
    expect(app.server.localUrl).toBe(`ws://127.0.0.1:${app.port}`);
  });

  it('answers the handshake with the 2.0.3 configuration plus the resume extension', async () => {
    const c = await WireClient.connect(app.url);
    const res = await c.configure();
    expect(res['_class_type_configureconnection']).toBe('_');
    expect(res['dataType']).toBe('ConfigureConnectionResponse');
    expect(res['output'].connectionConfiguration).toEqual({
      intervalInMsServerSendSameMessage: 5000,
      intervalInMsClientSendSameMessage: 5000,
      intervalInMsClientPing: 1000,
      millisecondsToDisconnectClientAfterWithoutClientPing: 12000,
      reconnectClientAfterMillisecondsWithoutServerPong: 6000,
      waitForAuthenticationTimeoutInMs: 4000,
      requestTimeoutInMs: 7000,
      isFromServer: true,
      serverVersion: '2.0.3',
      clientVersionCodeSupported: { lessThanOrEqual: null, moreThanOrEqual: 4 },
      asklessReact: { version: 1, stableClientId: true, replayDuplicateRequests: true, replayWindowMs: 600000, instanceId: expect.stringMatching(/^[A-Za-z0-9]{16}$/), uniqueServerIds: true, batchedConfirms: true, markedResends: true, conflate: true, progress: true, cancel: true },
    });
    expect(app.server.connectionCount).toBe(1);
    await c.close();
    await vi.waitFor(() => expect(app.server.connectionCount).toBe(0));
  });

  it('reads, listens, pushes on change and stops a stream omitted from a ping', async () => {
    const a = await WireClient.connect(app.url);
    const b = await WireClient.connect(app.url);
    await a.configure();
    await b.configure();
    const read = await a.read('products');
    expect(read['output']).toEqual([
      { id: 1, name: 'Video Game', price: 500 },
      { id: 2, name: 'Notebook', price: 1000 },
    ]);
    const l = await a.listen('products');
    expect(l.response['output']).toBe(l.listenId);
    expect((await a.push(l.listenId))['output']).toHaveLength(2);
    expect(app.server.listenerCount('products')).toBe(1);
    const created = await b.modify('CREATE', 'product', { name: 'Phone', price: 300 });
    expect(created['output']).toEqual({ id: 3, name: 'Phone', price: 300 });
    expect((await a.push(l.listenId))['output']).toHaveLength(3);
    a.ping([]);
    await a.next((f) => f === 'pong');
    expect(app.server.listenerCount('products')).toBe(0);
    expect(taps.filter((t) => t.direction === 'in' && (t.frame as Record<string, unknown>)['_class_type_listen'] === '_')).toHaveLength(1);
    await a.close();
    await b.close();
  });

  it('authenticates and enforces forAuthenticatedUsers on READ', async () => {
    const a = await WireClient.connect(app.url);
    await a.configure();
    const denied = await a.read('my-messages');
    expect(denied['error']).toEqual({ code: 'PENDING_AUTHENTICATION', description: 'Could not perform the operation on (READ) "my-messages" because authentication is required' });
    const auth = await a.authenticate({ accessToken: 'token-1' });
    expect(auth['output']).toEqual({ userId: 1, claims: ['user'] });
    expect((await a.read('my-messages'))['output']).toEqual([]);
    await a.close();
  });
});
