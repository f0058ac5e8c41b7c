/**
 * What a connection leaves behind when it stops for good: nothing registered on `window`.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AsklessClient } from '../../src/core/index.js';
import { FakeSocketFactory } from './support/fake-socket.js';
import { handshake } from './support/script.js';

const g = globalThis as unknown as { addEventListener?: unknown; removeEventListener?: unknown };
afterEach(() => {
  delete g.addEventListener;
  delete g.removeEventListener;
  vi.useRealTimers();
});

describe('connection clean-up', () => {
  it('removes its `online` listener when the server refuses our version code', () => {
    vi.useFakeTimers();
    const listeners = new Set<unknown>();
    g.addEventListener = (_type: string, fn: unknown) => listeners.add(fn);
    g.removeEventListener = (_type: string, fn: unknown) => listeners.delete(fn);
    const factory = new FakeSocketFactory();
    const client = new AsklessClient({ serverUrl: 'ws://127.0.0.1:1', WebSocket: factory.WebSocket });
    client.start();
    expect(listeners.size).toBe(1);
    handshake(factory.last, { clientVersionCodeSupported: { lessThanOrEqual: 3, moreThanOrEqual: null } });
    expect(client.connection.disconnectionReason).toBe('unsupportedVersionCode');
    expect(listeners.size).toBe(0);
    client.close();
  });
});
