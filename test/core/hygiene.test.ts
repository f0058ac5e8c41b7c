import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AsklessClient } from '../../src/core/index.js';
import { FakeSocketFactory } from './support/fake-socket.js';
import { authResponseFrame, handshake, lastSent } from './support/script.js';

const CORE = join(import.meta.dirname, '../../src/core');

function coreFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    // calls/, group-calls/ and files/ are lazily loaded chunks: they may import their packages (simple-peer, hash-wasm).
    if (statSync(path).isDirectory()) return name === 'calls' || name === 'group-calls' || name === 'files' ? [] : coreFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

afterEach(() => vi.useRealTimers());

describe('core hygiene', () => {
  it('imports nothing but its own files: no React, no Node built-ins, no packages', () => {
    const offenders: string[] = [];
    for (const file of coreFiles(CORE)) {
      for (const [, fromSpec, dynamicSpec] of readFileSync(file, 'utf8').matchAll(/^(?:import|export|\})[^\n]*\sfrom\s+'([^']+)'|import\(\s*'([^']+)'/gm)) {
        const spec = fromSpec ?? dynamicSpec ?? '';
        // The one package core may use: idb-keyval, for persisted streams (issue 21); it touches IndexedDB only when a stream persists.
        const allowed = file.endsWith('/persist.ts') && spec === 'idb-keyval';
        if (!spec.startsWith('.') && !allowed) offenders.push(`${file}: ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('debug logs carry the connection id and never the credential', async () => {
    vi.useFakeTimers();
    const lines: string[] = [];
    const factory = new FakeSocketFactory();
    const client = new AsklessClient<number>({ serverUrl: 'ws://x', WebSocket: factory.WebSocket, debugLogs: true, logger: (l) => lines.push(l) });
    client.start();
    const clientId = handshake(factory.last);
    const login = client.authenticate({ credential: { accessToken: 'SECRET-TOKEN-123' } });
    factory.last.deliver(authResponseFrame(lastSent(factory.last, '_class_type_authenticaterequest').clientRequestId as string, { userId: 1, claims: [] }));
    await login;
    void client.create({ route: 'product', body: { password: 'SECRET-BODY' } });
    client.close();
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) {
      expect(line).toMatch(new RegExp(`^\\[askless-react\\] conn=${clientId.slice(0, 8)}#1 `));
      expect(line).not.toContain('SECRET');
    }
  });

  it('is silent without debugLogs', () => {
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => undefined);
    const factory = new FakeSocketFactory();
    const client = new AsklessClient({ serverUrl: 'ws://x', WebSocket: factory.WebSocket });
    client.start();
    factory.last.deliver('garbage');
    client.close();
    expect(debug).not.toHaveBeenCalled();
    debug.mockRestore();
  });
});
