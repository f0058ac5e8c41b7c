/**
 * The other direction of §1: a hostile server. After a valid handshake it buries the real
 * traffic of one client (pushes of its stream, answers to its reads) under 20,000 generated
 * frames: mutated server frames from the fixtures, non-JSON text, binary, JSON that is not an
 * object, deep nesting, huge strings, exact copies of real pushes. The client must ignore the
 * noise, deliver every real push once and in order, resolve every read with its own answer,
 * stay connected and never leak a rejection.
 */
import { WebSocketServer, type WebSocket as ServerSocket } from 'ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AsklessClient } from '../../src/core/index.js';
import { DEFAULT_CONNECTION_CONFIGURATION } from '../../src/core/protocol/wire.js';
import { loadCorpus } from './support/fixture-corpus.js';
import { mutate, randomJson } from './support/fuzz-frames.js';
import { createRng, seedFromEnv, type Rng } from './support/prng.js';

const SEED = seedFromEnv(0xc1_1e47);
const NOISE = 20_000;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
let wss: WebSocketServer;
let socket: ServerSocket | undefined;
let listenId: string | undefined;
let confirms = 0;

const corpus = loadCorpus(undefined, 's2c');

/** One noise frame; it never carries the real listenId or a pending clientRequestId. */
function noise(rng: Rng): string | Buffer {
  switch (rng.int(8)) {
    case 0: return rng.bytes(rng.int(200)); // binary frame
    case 1: return rng.pick(['welcome', 'pong', 'null', '[]', '42', '"text"', 'true', '{', 'not json at all', '']);
    case 2: return '['.repeat(5_000) + ']'.repeat(5_000);
    case 3: return JSON.stringify({ _class_type_newDataForListener: '_', listenId: `LIS-other${rng.int(1e6)}`, output: 'x'.repeat(rng.range(1_000, 50_000)), serverId: `NEW-zz-${rng.int(1e9)}` });
    default: {
      const frame = JSON.parse(JSON.stringify(rng.pick(rng.pick(corpus).frames))) as Record<string, unknown>;
      mutate(rng, frame);
      if ('listenId' in frame) frame.listenId = rng.chance(0.5) ? `LIS-fz${rng.int(1e6)}` : randomJson(rng);
      if ('clientRequestId' in frame) frame.clientRequestId = rng.chance(0.5) ? `REQ-_fz${rng.int(1e6)}` : randomJson(rng);
      if ('serverId' in frame && typeof frame.serverId === 'string') frame.serverId = `${frame.serverId}-${rng.int(1e9)}`;
      // Markers make a frame "a response to something": never to anything the client is waiting for.
      return JSON.stringify(frame);
    }
  }
}

function answer(ws: ServerSocket, frame: Record<string, unknown>): void {
  const reply = (o: Record<string, unknown>): void => ws.send(JSON.stringify(o));
  const id = frame.clientRequestId;
  if (frame._class_type_pingpong !== undefined) return ws.send('pong');
  if (frame._class_type_clientconfirmreceipt !== undefined) return void confirms++;
  reply({ clientRequestId: id, output: 'RECEIVED', dataType: 'ServerConfirmReceiptCli', _class_type_response: '_', _class_type_serverconfirmreceipt: '_', serverId: `RES-c${String(id)}` });
  if (frame._class_type_configureconnectionrequest !== undefined) {
    // Generous timeouts: on a busy machine 20,000 frames take seconds, and slowness is not the point.
    const connectionConfiguration = { ...DEFAULT_CONNECTION_CONFIGURATION, isFromServer: true, requestTimeoutInMs: 60_000, reconnectClientAfterMillisecondsWithoutServerPong: 60_000 };
    return reply({ clientRequestId: id, output: { connectionConfiguration }, dataType: 'ConfigureConnectionResponse', _class_type_response: '_', _class_type_configureconnection: '_', serverId: `RES-cfg${String(id)}` });
  }
  if (frame._class_type_listen !== undefined) {
    listenId = String(frame.listenId);
    return reply({ clientRequestId: id, output: listenId, dataType: 'AsklessResponse', _class_type_response: '_', serverId: `RES-l${String(id)}` });
  }
  if (frame._class_type_read !== undefined) {
    reply({ clientRequestId: id, output: { echo: (frame.params as { n?: unknown } | null)?.n }, dataType: 'AsklessResponse', _class_type_response: '_', serverId: `RES-r${String(id)}` });
  }
}

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  wss.on('connection', (ws) => {
    socket = ws;
    ws.send('welcome');
    ws.on('message', (data) => answer(ws, JSON.parse(String(data)) as Record<string, unknown>));
  });
});
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await new Promise<void>((r) => wss.close(() => r()));
});

describe(`client against a hostile server (seed ${SEED})`, () => {
  it(`ignores ${NOISE} noise frames and loses none of the real pushes and answers`, async () => {
    const rng = createRng(SEED);
    const port = (wss.address() as { port: number }).port;
    const client = new AsklessClient<number>({ serverUrl: `ws://127.0.0.1:${port}`, WebSocket });
    const values: number[] = [];
    const errors: unknown[] = [];
    const states: string[] = [];
    try {
      client.onConnectionChange((s) => void states.push(s.status), { immediately: false });
      client.start();
      client.readStream<{ seq: number }>({ route: 'feed' }).subscribe((v) => void values.push(v.seq), (e) => void errors.push(e));
      await vi.waitFor(() => expect(listenId).toBeDefined());
      const ws = socket!;
      const reads: Promise<unknown>[] = [];
      let seq = 0;
      for (let i = 0; i < NOISE; i++) {
        ws.send(noise(rng));
        if (i % 50 === 0) {
          const push = JSON.stringify({ _class_type_newDataForListener: '_', listenId, output: { seq }, dataType: 'NewDataForListener', serverId: `NEW-real${seq}-${listenId}` });
          ws.send(push);
          if (rng.chance(0.3)) ws.send(push); // an exact copy: must be confirmed, never delivered twice
          seq++;
        }
        if (i % 500 === 0) {
          const n = i;
          reads.push(client.read<{ echo: number }>({ route: 'echo', params: { n } }).then((r) => expect({ echo: r.output?.echo, error: r.error?.code }).toEqual({ echo: n, error: undefined })));
        }
        // Let the client drain now and then, as a real socket would.
        if (i % 1_000 === 0) await new Promise<void>((r) => setImmediate(r));
      }
      await Promise.all(reads);
      await vi.waitFor(() => expect(values.length).toBe(seq), { timeout: 20_000 });
      expect(values).toEqual(Array.from({ length: seq }, (_, k) => k));
      expect(errors).toEqual([]);
      expect(states).not.toContain('disconnected');
      expect(client.connection.status).toBe('connected');
      expect(unhandled).toEqual([]);
      console.info(`[client-fuzz] ${JSON.stringify({ seed: SEED, noise: NOISE, realPushes: seq, reads: reads.length, confirmsReceivedByServer: confirms })}`);
    } finally {
      client.close();
    }
  }, 60_000);
});
