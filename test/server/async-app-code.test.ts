/**
 * Application code that fails asynchronously or answers with unserialisable data never escapes
 * as an unhandled rejection (which ends a Node process): it is logged, and the client gets an
 * error where one can be addressed.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../support/reference-app.js';
import { WireClient } from '../support/wire-client.js';

let app: ReferenceServer;
const logs: string[] = [];
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => void unhandled.push(reason);

beforeEach(async () => {
  logs.length = 0;
  unhandled.length = 0;
  process.on('unhandledRejection', onUnhandled);
  app = await startReferenceServer({
    init: { logger: (level, message) => logs.push(`${level} ${message}`) },
    beforeStart: (server) => {
      server.addRoute.forAllUsers.read({
        route: 'async-hooks-reject',
        handleRead: (ctx) => ctx.successCallback('x'),
        onClientStartsListening: async () => Promise.reject(new Error('start hook rejected')),
        onClientStopsListening: async () => Promise.reject(new Error('stop hook rejected')),
        onReceived: async () => Promise.reject(new Error('onReceived rejected')),
      });
      server.addRoute.forAllUsers.read({ route: 'bigint', handleRead: (ctx) => ctx.successCallback({ n: 1n }) });
      server.addRoute.forAllUsers.read({
        route: 'node-error',
        handleRead: () => {
          throw Object.assign(new Error("ENOENT: no such file or directory, open '/srv/secret.json'"), { code: 'ENOENT' });
        },
      });
    },
  });
});
afterEach(async () => {
  process.off('unhandledRejection', onUnhandled);
  await app.stop();
});

describe('asynchronous failures of application code', () => {
  it('logs rejected async start/stop/onReceived hooks instead of leaving unhandled rejections', async () => {
    const c = await WireClient.connect(app.url);
    await c.configure();
    const l = await c.listen('async-hooks-reject');
    await c.push(l.listenId);
    c.ping([]);
    await vi.waitFor(() => expect(app.server.listenerCount('async-hooks-reject')).toBe(0));
    await vi.waitFor(() => {
      expect(logs.some((line) => line.includes('start hook rejected'))).toBe(true);
      expect(logs.some((line) => line.includes('stop hook rejected'))).toBe(true);
      expect(logs.some((line) => line.includes('onReceived rejected'))).toBe(true);
    });
    expect(unhandled).toEqual([]);
    await c.close();
  });

  it('answers INTERNAL_ERROR when a READ output cannot be serialised, and keeps serving', async () => {
    const c = await WireClient.connect(app.url);
    await c.configure();
    const res = await c.read('bigint');
    expect(res['error']?.code).toBe('INTERNAL_ERROR');
    expect((await c.read('products'))['output']).toHaveLength(2);
    expect(unhandled).toEqual([]);
    await c.close();
  });

  it('skips a push whose output cannot be serialised but still answers the LISTEN', async () => {
    const c = await WireClient.connect(app.url);
    await c.configure();
    const l = await c.listen('bigint');
    expect(l.response['output']).toBe(l.listenId);
    await vi.waitFor(() => expect(logs.some((line) => line.includes('push of "bigint" failed'))).toBe(true));
    expect(unhandled).toEqual([]);
    await c.close();
  });
});

describe('errors thrown by application code', () => {
  it('passes a thrown code through but not the message of an error that has no description', async () => {
    const c = await WireClient.connect(app.url);
    await c.configure();
    expect((await c.read('node-error'))['error']).toEqual({ code: 'ENOENT' });
    await c.close();
  });
});
