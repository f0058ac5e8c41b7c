/**
 * Issue 14, the other way: the client distrusts what a server sends. A test server (plain `ws`,
 * speaking the protocol with the server's own frame builders) advertises absurd timers, sends
 * a second configure response, and floods a stream; the real client core must clamp the
 * timers, ignore the second configuration with a warning, and keep only the latest stream
 * value for a slow `for await` loop.
 */
import WebSocket, { WebSocketServer } from 'ws';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AsklessClient, CONFIGURATION_RANGES, DEFAULT_CONNECTION_CONFIGURATION } from '../../src/core/index.js';
import { Marker } from '../../src/core/protocol/wire.js';
import { configureBody, confirmFrame, pushFrame, responseFrame } from '../../src/server/frames.js';

let wss: WebSocketServer | undefined;
let client: AsklessClient | undefined;
afterEach(async () => {
  client?.close();
  client = undefined;
  await new Promise<void>((resolve) => (wss ? wss.close(() => resolve()) : resolve()));
  wss = undefined;
});

interface Hostile {
  url: string;
  pings: () => number;
  pushTo: (count: number) => void;
}

/** A server with absurd timers: ping 3e9 ms (overflows setInterval to 1 ms), request timeout 2 ms, watchdog 1e12 ms. */
async function hostileServer(): Promise<Hostile> {
  wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss!.once('listening', () => resolve()));
  let pings = 0;
  let socket: WebSocket | undefined;
  let listenId = '';
  wss.on('connection', (ws) => {
    socket = ws;
    ws.send('welcome');
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as Record<string, unknown>;
      const id = frame.clientRequestId as string;
      if (frame[Marker.pingPong]) return void (pings++, ws.send('pong'));
      if (frame[Marker.configureConnectionRequest]) {
        const absurd = { ...DEFAULT_CONNECTION_CONFIGURATION, isFromServer: true, intervalInMsClientPing: 3e9, requestTimeoutInMs: 2, reconnectClientAfterMillisecondsWithoutServerPong: 1e12 };
        ws.send(JSON.stringify(confirmFrame(id)));
        ws.send(JSON.stringify(responseFrame(configureBody(id, absurd))));
        // A second configuration on the same connection: pings every millisecond, if it were applied.
        setTimeout(() => ws.send(JSON.stringify(responseFrame(configureBody(id, { ...absurd, intervalInMsClientPing: 1, requestTimeoutInMs: 1 })))), 20);
        return;
      }
      if (frame[Marker.read]) {
        ws.send(JSON.stringify(confirmFrame(id)));
        setTimeout(() => ws.send(JSON.stringify(responseFrame({ clientRequestId: id, output: 'slow but fine' }))), 150);
        return;
      }
      if (frame[Marker.listen]) {
        listenId = frame.listenId as string;
        ws.send(JSON.stringify(confirmFrame(id)));
        ws.send(JSON.stringify(responseFrame({ clientRequestId: id, output: listenId })));
        ws.send(JSON.stringify(pushFrame(listenId, 0)));
      }
    });
  });
  return {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`,
    pings: () => pings,
    pushTo: (count) => {
      for (let i = 1; i <= count; i++) socket?.send(JSON.stringify(pushFrame(listenId, i)));
    },
  };
}

describe('client distrusts the server', () => {
  it('clamps absurd timers and ignores a second configure response with a warning', async () => {
    const server = await hostileServer();
    const lines: string[] = [];
    client = new AsklessClient({ serverUrl: server.url, WebSocket, logger: (line) => lines.push(line) });
    const states: string[] = [];
    client.onConnectionChange((s) => states.push(s.status));
    client.start();
    await vi.waitFor(() => expect(lines.some((l) => l.includes('ignored a second configure response'))).toBe(true));
    const pingsAtStart = server.pings();
    // 150 ms answer vs a 2 ms advertised timeout: clamped to ≥ 1 s, the read succeeds.
    const read = await client.read({ route: 'anything' });
    expect(read.success).toBe(true);
    expect(read.output).toBe('slow but fine');
    await new Promise((resolve) => setTimeout(resolve, 300)); // the window in which unclamped pings would fire
    expect(server.pings() - pingsAtStart).toBeLessThanOrEqual(1);
    // The 1e12 ms watchdog would overflow setTimeout and fire at once: the client would drop the link.
    expect(states.filter((s) => s === 'disconnected')).toHaveLength(1); // the initial state only
    expect(CONFIGURATION_RANGES.requestTimeoutInMs[0]).toBe(1_000);
  });

  it('keeps only the latest stream value for a slow for-await loop', async () => {
    const server = await hostileServer();
    client = new AsklessClient({ serverUrl: server.url, WebSocket, logger: () => undefined });
    client.start();
    const stream = client.readStream<number>({ route: 'flood' });
    const iterator = stream[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toBe(0);
    let last = -1;
    const off = stream.subscribe((v) => (last = v));
    server.pushTo(5_000); // the loop is busy elsewhere while they arrive
    await vi.waitFor(() => expect(last).toBe(5_000));
    expect(await iterator.next()).toEqual({ value: 5_000, done: false });
    let pending = true;
    const next = iterator.next().then(() => (pending = false));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(pending).toBe(true); // nothing else was queued
    off();
    await iterator.return?.();
    await next;
  });
});
