/**
 * Client factory for integration tests: the real `AsklessClient` with the `ws` package injected,
 * closed automatically after each test.
 */
import WebSocket from 'ws';
import { afterEach } from 'vitest';
import { AsklessClient } from '../../../src/core/index.js';
import type { AsklessClientOptions } from '../../../src/core/index.js';

const open: AsklessClient<number>[] = [];

afterEach(() => {
  for (const c of open.splice(0)) c.close();
});

/** A started client on `url` (closed after the test). */
export function startClient(url: string, options: Partial<AsklessClientOptions<number>> = {}): AsklessClient<number> {
  // The `ws` package fits the option's type without a cast.
  const client = new AsklessClient<number>({ serverUrl: url, WebSocket, ...options });
  open.push(client);
  client.start();
  return client;
}

/** Resolves once the client is connected. */
export function connected(client: AsklessClient<number>): Promise<void> {
  return new Promise((resolve) => {
    const off = client.onConnectionChange((s) => {
      if (s.status === 'connected') {
        queueMicrotask(() => off());
        resolve();
      }
    });
  });
}
