/**
 * `serverUrl` as a list (the processes of a cluster): each reconnect tries the next URL with the
 * usual backoff, a working URL is kept, and bad lists fail at construction.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AsklessClient, AsklessError } from '../../src/core/index.js';
import { FakeSocketFactory } from './support/fake-socket.js';
import { handshake } from './support/script.js';

const URLS = ['ws://127.0.0.1:1', 'ws://127.0.0.1:2', 'ws://127.0.0.1:3'];
let factory: FakeSocketFactory;

beforeEach(() => {
  vi.useFakeTimers();
  factory = new FakeSocketFactory();
});
afterEach(() => vi.useRealTimers());

/** Let the backoff run until the client opens its next socket. */
function nextSocket(): void {
  const n = factory.sockets.length;
  while (factory.sockets.length === n) vi.advanceTimersByTime(10);
}

describe('serverUrl as a list', () => {
  it('tries the URLs in turn after failures, and keeps the one that works', () => {
    const client = new AsklessClient({ serverUrl: URLS, WebSocket: factory.WebSocket });
    client.start();
    expect(factory.last.url).toBe(URLS[0]);
    factory.last.drop(); // connect failed
    nextSocket();
    expect(factory.last.url).toBe(URLS[1]);
    factory.last.drop();
    nextSocket();
    expect(factory.last.url).toBe(URLS[2]);
    factory.last.drop();
    nextSocket();
    expect(factory.last.url).toBe(URLS[0]); // around again
    handshake(factory.last);
    expect(client.connection.status).toBe('connected');
    // The process dies: the next attempt goes to the next process, not the dead one.
    factory.last.drop();
    nextSocket();
    expect(factory.last.url).toBe(URLS[1]);
    expect(client.options.serverUrl).toBe(URLS[0]);
    expect(client.options.serverUrls).toEqual(URLS);
    client.close();
  });

  it('rejects an empty list and a list with a bad URL', () => {
    expect(() => new AsklessClient({ serverUrl: [], WebSocket: factory.WebSocket })).toThrow(AsklessError);
    expect(() => new AsklessClient({ serverUrl: ['ws://127.0.0.1:1', 'http://x'], WebSocket: factory.WebSocket })).toThrow(/ws:\/\/ or wss:\/\//);
  });
});
