/**
 * Hostile clients for the limit tests (issue 14), each a few lines over a real socket: they
 * speak just enough of the protocol to be dangerous (configure, LISTEN, ping) and then misbehave
 * (never read, never confirm, never configure). Frames come from the core's own encoders.
 */
import WebSocket from 'ws';
import { randomBytes } from 'node:crypto';
import { encodeAuthenticate, encodeConfigure, encodeListen, encodePing } from '../../../src/core/protocol/encode.js';
import type { AsklessServer } from '../../../src/server/index.js';

const id = (prefix: string): string => `${prefix}${randomBytes(10).toString('hex')}`;

/**
 * A `ws` client and how it ended.
 * @example
 * const h = await openHostile(url); h.send(configureFrame()); const { code } = await h.closed;
 */
export interface Hostile {
  readonly ws: WebSocket;
  readonly clientId: string;
  /** Text frames received (parsed when JSON). */
  readonly received: unknown[];
  readonly closed: Promise<{ code: number; reason: string }>;
  send(frame: object | string): void;
}

/**
 * Open a WebSocket that does nothing by itself (no confirms, no pings). `keep: 'none'` reads
 * frames without keeping or parsing them.
 * @example
 * const h = await openHostile(`ws://127.0.0.1:${port}`);
 */
export async function openHostile(url: string, headers?: Record<string, string>, keep: 'all' | 'none' = 'all'): Promise<Hostile> {
  const ws = new WebSocket(url, { headers });
  const received: unknown[] = [];
  const clientId = id('');
  ws.on('message', (data) => {
    if (keep === 'none') return; // a reader of big pushes in a measuring harness: take, never parse
    const text = data.toString();
    try {
      received.push(JSON.parse(text));
    } catch {
      received.push(text);
    }
  });
  ws.on('error', () => undefined);
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
  return {
    ws,
    clientId,
    received,
    closed,
    send: (frame) => {
      if (ws.readyState === WebSocket.OPEN) ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
    },
  };
}

/**
 * Configure, optionally log in, and LISTEN to `route`: the opening of every hostile reader.
 * @example
 * await listenAs(h, 'blob');
 */
export function listenAs(h: Hostile, route: string, credential?: unknown): void {
  h.send(encodeConfigure(id('REQ-_'), h.clientId));
  if (credential !== undefined) h.send(encodeAuthenticate(id('REQ-_'), h.clientId, credential));
  h.send(encodeListen(id('LIS-_'), route, null, id('LIS-')));
}

/**
 * Ping (`listeningToRoutes: []`) every `everyMs` until the socket closes.
 * @example
 * pingForever(h, 50);
 */
export function pingForever(h: Hostile, everyMs: number): void {
  const timer = setInterval(() => h.send(encodePing([])), everyMs);
  void h.closed.then(() => clearInterval(timer));
}

/**
 * Add a read route `blob` whose value is `bytes` characters, and push it to every listener
 * every `everyMs` while the returned stop function has not been called.
 * @example
 * const stopPushing = addBlobRoute(server, 64 * 1024, 10);
 */
export function addBlobRoute(server: AsklessServer<number>, bytes: number, everyMs: number): () => void {
  let n = 0;
  const body = 'x'.repeat(bytes);
  const route = server.addRoute.forAllUsers.read({ route: 'blob', handleRead: (ctx) => ctx.successCallback({ n, body }) });
  const timer = setInterval(() => {
    n++;
    void route.notifyChanges();
  }, everyMs);
  return () => clearInterval(timer);
}
