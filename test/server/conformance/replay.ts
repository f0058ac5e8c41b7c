/**
 * Replays a recorded Askless 2.0.3 conversation (fixtures/askless-2.0.3/*.jsonl) against our
 * server: sends each connection's c2s frames in file order over real sockets, and for every
 * recorded s2c frame waits for the next frame our server sends on that connection and compares
 * them (markers, fields, codes, order), ignoring ids and times. `pong` frames are checked
 * separately: exactly one per ping once the connection is configured.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { InitOptions } from '../../../src/server/index.js';
import { startReferenceServer, type ReferenceServer } from '../../support/reference-app.js';
import { WireClient, type Received } from '../../support/wire-client.js';

import { FIXTURES_DIR } from '../../support/fixtures.js';

export const FIXTURES = FIXTURES_DIR;

/** One line of a fixture (plus `raw` for frames a patch sends as bytes). */
export interface Line {
  t: number;
  conn: string;
  dir: 'c2s' | 's2c' | 'meta';
  frame?: any;
  text?: boolean;
  event?: string;
  code?: number;
  clientIdInternalApp?: string;
  /** Patch-only: bytes to send instead of `frame`. */
  raw?: Buffer;
  /** Patch-only: s2c frames that may arrive in any order (replaces `frame`). */
  anyOrder?: any[];
  /** Patch-only: run custom code at this point. */
  run?: (ctx: ReplayContext) => Promise<void>;
}

/** How one flow is replayed. */
export interface FlowSpec {
  file: string;
  /** Server options for this flow (shortened timers...). */
  init?: Partial<InitOptions<number>>;
  /** Edit the recorded lines into what our (fixed) server must do. */
  patch?: (lines: Line[]) => Line[];
  /** Send c2s lines at recorded time × pace (only for flows whose meaning is timing). */
  pace?: number;
  /** Frames tolerated if left over at the end. */
  allowExtra?: (conn: string, frame: Received) => boolean;
}

/** State visible to `run` lines. */
export interface ReplayContext {
  app: ReferenceServer;
  conns: Map<string, WireClient>;
}

/**
 * Load a fixture's lines.
 * @example
 * const lines = loadFixture('handshake.jsonl');
 */
export function loadFixture(file: string): Line[] {
  return readFileSync(`${FIXTURES}/${file}`, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Line);
}

const TIMER_KEYS = [
  'intervalInMsServerSendSameMessage',
  'intervalInMsClientSendSameMessage',
  'intervalInMsClientPing',
  'millisecondsToDisconnectClientAfterWithoutClientPing',
  'reconnectClientAfterMillisecondsWithoutServerPong',
  'waitForAuthenticationTimeoutInMs',
  'requestTimeoutInMs',
] as const;

/** Normalise a frame for comparison: no serverId, no times; timers as configured for this flow. */
function normalise(frame: Received, init: Partial<InitOptions<number>>, side: 'expected' | 'actual'): unknown {
  if (typeof frame === 'string') return frame;
  const copy = JSON.parse(JSON.stringify(frame)) as Record<string, any>;
  delete copy['serverId'];
  const config = copy['output']?.connectionConfiguration as Record<string, unknown> | undefined;
  if (config) {
    if (side === 'actual') {
      expect(config['asklessReact']).toMatchObject({ version: 1, stableClientId: true, replayDuplicateRequests: true });
      delete config['asklessReact'];
    } else {
      for (const key of TIMER_KEYS) if (init[key] !== undefined) config[key] = init[key];
    }
  }
  return JSON.parse(JSON.stringify(copy), (key, value) => (key === 'createdAt' && typeof value === 'string' ? '<time>' : value));
}

function checkServerId(actual: Received): void {
  if (typeof actual !== 'object') return;
  const id = actual['serverId'];
  if (actual['_class_type_newDataForListener']) expect(id).toMatch(new RegExp(`^NEW-[A-Za-z0-9]{5,}-${actual['listenId']}$`));
  else if (actual['_class_type_stoplistening']) expect(id).toMatch(new RegExp(`^STOP-[A-Za-z0-9]{5,}-${actual['listenId']}$`));
  else expect(id).toMatch(/^RES-[A-Za-z0-9]{11}$/);
}

const isPing = (frame: unknown): boolean => typeof frame === 'object' && frame !== null && (frame as Record<string, unknown>)['_class_type_pingpong'] === '_';
const configures = (frame: any): boolean =>
  typeof frame === 'object' &&
  frame?._class_type_configureconnectionrequest === '_' &&
  typeof frame.clientIdInternalApp === 'string' &&
  frame.clientIdInternalApp !== '' &&
  (frame.clientType === undefined || frame.clientType === 'flutter' || frame.clientType === 'javascript');

/**
 * Replay `spec` against a fresh reference server and assert our server's answers.
 * @example
 * await replayFlow({ file: 'handshake.jsonl' });
 */
export async function replayFlow(spec: FlowSpec): Promise<void> {
  const init = spec.init ?? {};
  const app = await startReferenceServer({ init });
  const conns = new Map<string, WireClient>();
  const idMap = new Map<string, string>();
  const pings = new Map<string, number>();
  const configured = new Set<string>();
  const lines = (spec.patch ?? ((l) => l))(loadFixture(spec.file));
  const t0 = Date.now();
  const expectPongs = async (name: string, conn: WireClient): Promise<void> => {
    const want = pings.get(name) ?? 0;
    await expect
      .poll(() => conn.received.filter((f) => f === 'pong').length, { timeout: 5000, interval: 5 })
      .toBe(want);
  };
  try {
    for (const [index, line] of lines.entries()) {
      const where = `${spec.file} line ${index + 1} (conn ${line.conn}, t=${line.t})`;
      if (line.run) {
        await line.run({ app, conns });
        continue;
      }
      if (spec.pace !== undefined && line.dir === 'c2s') {
        const due = t0 + line.t * spec.pace - Date.now();
        // Pacing the client (it pings on a clock), not waiting for the server.
        if (due > 0) await new Promise((resolve) => setTimeout(resolve, due));
      }
      if (line.dir === 'meta') {
        if (line.event === 'open') {
          conns.set(line.conn, await WireClient.connect(app.url, line.clientIdInternalApp));
          conns.get(line.conn)!.autoConfirm = false;
        } else if (line.event === 'close') {
          const conn = conns.get(line.conn)!;
          if (line.code === 1005 || line.code === 1000) {
            await expectPongs(line.conn, conn);
            await conn.close();
          } else {
            // The server closes this one (idle cut-off 1006, invalid UTF-8 1007).
            expect(await conn.closed, where).toBe(line.code);
          }
        }
        continue;
      }
      const conn = conns.get(line.conn);
      if (!conn) throw new Error(`${where}: connection not open`);
      if (line.dir === 'c2s') {
        if (line.raw) {
          conn.socket.send(line.raw, { binary: false });
          continue;
        }
        let frame = line.frame;
        if (typeof frame === 'object' && typeof frame.serverId === 'string') frame = { ...frame, serverId: idMap.get(frame.serverId) ?? frame.serverId };
        if (configures(frame)) configured.add(line.conn);
        if (isPing(frame) && configured.has(line.conn)) pings.set(line.conn, (pings.get(line.conn) ?? 0) + 1);
        conn.send(frame);
        continue;
      }
      if (line.frame === 'welcome' || line.frame === 'pong') continue;
      if (line.anyOrder) {
        const got: Received[] = [];
        for (let i = 0; i < line.anyOrder.length; i++) got.push(await conn.next((f) => f !== 'pong'));
        const norm = (f: Received, side: 'expected' | 'actual'): string => JSON.stringify(normalise(f, init, side));
        expect(got.map((f) => norm(f, 'actual')).sort(), where).toEqual(line.anyOrder.map((f) => norm(f, 'expected')).sort());
        continue;
      }
      const actual = await conn.next((f) => f !== 'pong').catch((error: Error) => {
        throw new Error(`${where}: expected ${JSON.stringify(line.frame).slice(0, 300)}\n${error.message}`);
      });
      expect(normalise(actual, init, 'actual'), where).toEqual(normalise(line.frame, init, 'expected'));
      checkServerId(actual);
      if (typeof line.frame === 'object' && typeof line.frame.serverId === 'string' && typeof actual === 'object') idMap.set(line.frame.serverId, actual['serverId']);
    }
    for (const [name, conn] of conns) {
      const extra = conn.unconsumed().filter((f) => f !== 'pong' && !(spec.allowExtra?.(name, f) ?? false));
      expect(extra, `${spec.file}: unexpected frames left on ${name}`).toEqual([]);
      if (conn.closeCode === undefined) await expectPongs(name, conn);
    }
  } finally {
    for (const conn of conns.values()) if (conn.closeCode === undefined) conn.socket.terminate();
    await app.stop();
  }
}
