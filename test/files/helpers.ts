/**
 * Support for the file-transfer tests: the reference server with `registerFileRoutes` on a fresh
 * temporary store, real clients (`ws`, optionally `@roamhq/wrtc`) logged in as user n, and
 * random files. Everything made here is released by `cleanup()` / `app.stop()`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, createHash } from 'node:crypto';
import wrtc from '@roamhq/wrtc';
import WebSocket from 'ws';
import { expect } from 'vitest';
import { AsklessClient } from '../../src/core/client.js';
import type { AsklessClientOptions, WebSocketConstructor } from '../../src/core/types.js';
import type { IncomingFileOffer } from '../../src/core/files/types.js';
import { registerFileRoutes, type FileRoutesHandle, type FileRoutesOptions } from '../../src/server/index.js';
import { startReferenceServer, type ReferenceServer } from '../support/reference-app.js';
import type { InitOptions } from '../../src/server/index.js';

const opened: AsklessClient<number>[] = [];

/** The reference app with file routes on a temporary directory (removed by `stop`). */
export interface FileApp extends ReferenceServer {
  files: FileRoutesHandle;
  dir: string;
}

export async function startFileApp(options: FileRoutesOptions<number> = {}, init: Partial<InitOptions<number>> = {}): Promise<FileApp> {
  const dir = mkdtempSync(join(tmpdir(), 'askless-files-test-'));
  let files!: FileRoutesHandle;
  const app = await startReferenceServer({ init, beforeStart: (server) => (files = registerFileRoutes(server, { store: dir, ...options })) });
  const stop = app.stop;
  return Object.assign(app, {
    files,
    dir,
    stop: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  });
}

/** A started client logged in as user `n`; `p2p: true` gives it wrtc. */
export async function fileClient(url: string, n: number, { p2p = false, ...options }: Partial<AsklessClientOptions<number>> & { p2p?: boolean } = {}): Promise<AsklessClient<number>> {
  const client = new AsklessClient<number>({
    serverUrl: url,
    WebSocket: WebSocket as unknown as WebSocketConstructor,
    reconnectBaseDelayMs: 50,
    streamReleaseGraceMs: 50,
    ...(p2p ? { wrtc } : {}),
    ...options,
  });
  opened.push(client);
  client.start();
  const auth = await client.authenticate({ credential: { accessToken: `token-${n}` } });
  expect(auth.success).toBe(true);
  return client;
}

/** The next offer `client` receives. */
export function nextOffer(client: AsklessClient<number>): Promise<IncomingFileOffer<number>> {
  return new Promise((resolve) => {
    const off = client.files.onOffer((offer) => {
      queueMicrotask(() => off());
      resolve(offer);
    });
  });
}

/** `size` random bytes and their SHA-256. */
export function randomFile(size: number): { bytes: Uint8Array<ArrayBuffer>; sha256: string } {
  const bytes = new Uint8Array(randomBytes(size));
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Close every client made by these helpers. */
export function cleanup(): void {
  for (const client of opened.splice(0)) client.close();
}
