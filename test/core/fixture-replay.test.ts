/**
 * Replays whole 2.0.3 conversations through the real client: for each recorded connection, the
 * test makes the client issue the same requests, feeds it the server frames the real server sent
 * (ids mapped to the client's own), and checks that it confirms every message, de-duplicates the
 * server's resent copies, and surfaces the recorded outputs and errors.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AsklessClient } from '../../src/core/index.js';
import type { AsklessResponse } from '../../src/core/index.js';
import { FakeSocketFactory } from './support/fake-socket.js';
import type { FakeSocket } from './support/fake-socket.js';

import { FIXTURES_DIR as FIXTURES } from '../support/fixtures.js';
type Frame = Record<string, unknown>;
interface Line {
  t: number;
  conn: string;
  dir: string;
  frame: unknown;
}

const REQUEST_TYPES = new Set(['CONFIGURE_CONNECTION', 'AUTHENTICATE', 'READ', 'LISTEN', 'CREATE', 'UPDATE', 'DELETE', 'CONFIRM_RECEIPT']);

/** Connections the replay can drive: one socket, well-formed Flutter-shaped client frames, each request sent once. */
function replayable(lines: Line[]): string | undefined {
  const c2s = lines.filter((l) => l.dir === 'c2s');
  if (lines.find((l) => l.dir === 's2c')?.frame !== 'welcome') return 'no welcome first';
  if ((c2s[0]?.frame as Frame | undefined)?.requestType !== 'CONFIGURE_CONNECTION') return 'does not configure first';
  const ids = new Set<string>();
  for (const { frame } of c2s) {
    if (typeof frame !== 'object' || frame === null) return 'sends malformed frames';
    const f = frame as Frame;
    if (f._class_type_pingpong) continue;
    if (!REQUEST_TYPES.has(f.requestType as string) || f.clientType === 'javascript' || (f.requestType === 'CONFIGURE_CONNECTION' && f.clientType !== 'flutter')) return 'unusual client frame';
    const id = f.clientRequestId as string;
    if (ids.has(id)) return 'resends a request id';
    ids.add(id);
  }
  if (c2s.filter((l) => (l.frame as Frame).requestType === 'CONFIGURE_CONNECTION').length > 1) return 'configures twice';
  return undefined;
}

const conversations: { name: string; lines: Line[] }[] = [];
const skipped: string[] = [];
for (const file of readdirSync(FIXTURES).filter((f) => f.endsWith('.jsonl')).sort()) {
  const all = readFileSync(join(FIXTURES, file), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line);
  for (const conn of [...new Set(all.map((l) => l.conn))].filter((c) => c !== 'server' && c !== '-')) {
    const lines = all.filter((l) => l.conn === conn && (l.dir === 'c2s' || l.dir === 's2c'));
    const why = replayable(lines);
    if (why) skipped.push(`${file}#${conn}: ${why}`);
    else conversations.push({ name: `${file}#${conn}`, lines });
  }
}

afterEach(() => vi.useRealTimers());

function replay(lines: Line[]) {
  vi.useFakeTimers();
  const factory = new FakeSocketFactory();
  const client = new AsklessClient<number>({ serverUrl: 'ws://127.0.0.1:3000', WebSocket: factory.WebSocket });
  client.start();
  const socket: FakeSocket = factory.last;
  socket.open();
  const ids = new Map<string, string>(); // fixture clientRequestId → ours
  const listenIds = new Map<string, string>(); // fixture listenId → ours
  const results = new Map<string, AsklessResponse | 'pending'>(); // by fixture request id
  const values = new Map<string, unknown[]>(); // by fixture listenId
  const delivered = new Map<string, number>(); // serverId → deliveries that must be confirmed
  const streamOf = new Map<string, string>(); // route+params → first fixture listenId
  const aliases = new Map<string, string>(); // later fixture listenId → first one
  const lastOurs = (type: string, marker: string) => socket.sentWith(marker).filter((f) => f.requestType === type).at(-1);
  let now = lines[0]?.t ?? 0;
  for (const line of lines) {
    vi.advanceTimersByTime(Math.max(0, line.t - now));
    now = line.t;
    if (line.dir === 'c2s') {
      const f = line.frame as Frame;
      const type = f.requestType as string;
      const id = f.clientRequestId as string;
      const base = { route: f.route as string, params: (f.params as Record<string, unknown> | null) ?? null };
      const track = (p: Promise<AsklessResponse>, marker: string) => {
        results.set(id, 'pending');
        void p.then((r) => results.set(id, r));
        ids.set(id, lastOurs(type, marker)?.clientRequestId as string);
      };
      if (type === 'CONFIGURE_CONNECTION') ids.set(id, lastOurs(type, '_class_type_configureconnectionrequest')?.clientRequestId as string);
      else if (type === 'AUTHENTICATE') {
        void client.authenticate({ credential: f.credential });
        ids.set(id, lastOurs(type, '_class_type_authenticaterequest')?.clientRequestId as string);
      } else if (type === 'READ') track(client.read(base), '_class_type_read');
      else if (type === 'CREATE') track(client.create({ ...base, body: f.body }), '_class_type_modify');
      else if (type === 'UPDATE') track(client.update({ ...base, body: f.body }), '_class_type_modify');
      else if (type === 'DELETE') track(client.delete(base), '_class_type_modify');
      else if (type === 'LISTEN') {
        const listenId = f.listenId as string;
        const key = `${base.route} ${JSON.stringify(base.params)}`;
        // Flutter re-LISTENs after a login with a new listenId; ours keeps its one shared stream.
        const first = streamOf.get(key);
        if (first !== undefined && first !== listenId) aliases.set(listenId, first);
        else if (!listenIds.has(listenId)) {
          streamOf.set(key, listenId);
          const seen: unknown[] = [];
          values.set(listenId, seen);
          client.readStream({ route: base.route, params: base.params }).subscribe((v) => seen.push(v));
        }
        // A re-LISTEN after a login: ours re-listened on its own with a new id.
        const ours = socket.sentWith('_class_type_listen').filter((l) => l.route === base.route).at(-1);
        if (ours) {
          ids.set(id, ours.clientRequestId as string);
          listenIds.set(listenId, ours.listenId as string);
        }
      }
      continue;
    }
    if (typeof line.frame === 'string') {
      socket.deliver(line.frame);
      continue;
    }
    const f = { ...(line.frame as Frame) };
    if (typeof f.clientRequestId === 'string') f.clientRequestId = ids.get(f.clientRequestId) ?? f.clientRequestId;
    if (typeof f.listenId === 'string') f.listenId = listenIds.get(f.listenId) ?? f.listenId;
    if (typeof f.serverId === 'string' && !f._class_type_serverconfirmreceipt && !f._class_type_stoplistening) {
      delivered.set(f.serverId, (delivered.get(f.serverId) ?? 0) + 1);
    }
    socket.deliver(f);
  }
  vi.advanceTimersByTime(60_000); // settle waits and timeouts
  client.close();
  return { socket, results, values, delivered, aliases };
}

describe('fixture conversations replayed through the client', () => {
  it('covers most recorded connections', () => {
    expect(conversations.length).toBeGreaterThanOrEqual(20);
  });

  for (const { name, lines } of conversations) {
    it(name, async () => {
      const { socket, results, values, delivered, aliases } = replay(lines);
      const streamKeyOf = (id: unknown) => aliases.get(id as string) ?? id;
      await Promise.resolve();
      // Every message with a serverId is confirmed, each copy included.
      const confirms = new Map<string, number>();
      for (const c of socket.sentWith('_class_type_clientconfirmreceipt')) confirms.set(c.serverId as string, (confirms.get(c.serverId as string) ?? 0) + 1);
      for (const [serverId, n] of delivered) expect(confirms.get(serverId), serverId).toBe(n);
      // Requests surface the recorded answer.
      for (const line of lines) {
        const f = line.frame as Frame;
        if (line.dir !== 's2c' || typeof f !== 'object' || f._class_type_serverconfirmreceipt || !f._class_type_response) continue;
        const result = results.get(f.clientRequestId as string);
        if (result === undefined || result === 'pending') continue;
        const error = f.error as { code?: string } | undefined;
        // Unlike the recorded Flutter client, ours waits for the login and retries by itself.
        if (error?.code === 'PENDING_AUTHENTICATION') continue;
        if (error) expect(result.error?.code, name).toBe(error.code ?? 'none');
        else expect(result, name).toEqual({ success: true, output: f.output });
      }
      // Streams deliver each distinct push once, in order, and nothing after StopListening (§8.3).
      for (const [listenId, seen] of values) {
        const pushes: unknown[] = [];
        const serverIds = new Set<string>();
        let stopped = false;
        for (const line of lines) {
          const f = line.frame as Frame;
          if (line.dir === 's2c' && typeof f === 'object' && f._class_type_stoplistening && streamKeyOf(f.listenId) === listenId) stopped = true;
          if (stopped) continue;
          if (line.dir === 's2c' && typeof f === 'object' && f._class_type_newDataForListener && streamKeyOf(f.listenId) === listenId && !serverIds.has(f.serverId as string)) {
            serverIds.add(f.serverId as string);
            pushes.push(f.output);
          }
        }
        expect(seen, `${name} ${listenId}`).toEqual(pushes);
      }
    });
  }
});

describe('fixture coverage', () => {
  it('skips only connections a real client cannot produce', () => {
    for (const s of skipped) expect(s).toMatch(/malformed|before-configure|handshake-variants|duplicate-request|call-|reconnect|ping-idle|resends a request id|configures twice|unusual/);
  });
});
