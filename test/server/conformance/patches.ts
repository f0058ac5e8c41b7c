/**
 * Helpers to edit a recorded flow into what our fixed server must send (deviations from 2.0.3,
 * each listed in docs/server.md).
 */
import { expect } from 'vitest';
import { WireClient, alnum } from '../../support/wire-client.js';
import type { Line, ReplayContext } from './replay.js';

/** An expected ServerConfirmReceipt. */
export function confirmLine(conn: string, clientRequestId: string): Line {
  return {
    t: 0,
    conn,
    dir: 's2c',
    frame: { clientRequestId, output: 'RECEIVED', dataType: 'ServerConfirmReceiptCli', _class_type_response: '_', _class_type_serverconfirmreceipt: '_' },
  };
}

/** An expected generic Response. */
export function responseLine(conn: string, clientRequestId: string, result: { output?: unknown; error?: { code: string; description: string } }): Line {
  const frame: Record<string, unknown> = { clientRequestId, output: result.error ? null : result.output, dataType: 'AsklessResponse', _class_type_response: '_' };
  if (result.error) frame['error'] = result.error;
  return { t: 0, conn, dir: 's2c', frame };
}

/** An expected NewDataForListener. */
export function pushLine(conn: string, listenId: string, output: unknown): Line {
  return { t: 0, conn, dir: 's2c', frame: { output, listenId, _class_type_newDataForListener: '_', dataType: 'NewDataForListener' } };
}

/** A c2s frame. */
export function sendLine(conn: string, frame: unknown): Line {
  return { t: 0, conn, dir: 'c2s', frame };
}

/** A client-initiated close. */
export function closeLine(conn: string): Line {
  return { t: 0, conn, dir: 'meta', event: 'close', code: 1005 };
}

/** Index of the first line matching `predicate` (throws if none: the fixture changed). */
export function indexOf(lines: Line[], predicate: (line: Line) => boolean, from = 0): number {
  const i = lines.findIndex((l, index) => index >= from && predicate(l));
  if (i < 0) throw new Error('patch anchor not found');
  return i;
}

/** Insert `added` right after the first line matching `predicate`. */
export function insertAfter(lines: Line[], predicate: (line: Line) => boolean, added: Line[]): Line[] {
  const i = indexOf(lines, predicate);
  return [...lines.slice(0, i + 1), ...added, ...lines.slice(i + 1)];
}

/** Replace the first line matching `predicate` with `replacement`. */
export function replaceLine(lines: Line[], predicate: (line: Line) => boolean, replacement: Line[]): Line[] {
  const i = indexOf(lines, predicate);
  return [...lines.slice(0, i), ...replacement, ...lines.slice(i + 1)];
}

/** Drop server crash/exit meta lines and closes with the given codes. */
export function withoutCrash(lines: Line[], closeCodes: number[] = [1006]): Line[] {
  return lines.filter((l) => !(l.dir === 'meta' && (l.event === 'server-exit' || (l.event === 'close' && closeCodes.includes(l.code ?? -1)))));
}

/** The c2s line whose frame has this clientRequestId. */
export const c2s = (clientRequestId: string) => (l: Line) => l.dir === 'c2s' && l.frame?.clientRequestId === clientRequestId;
/** The s2c line that answers (not confirms) this clientRequestId. */
export const answer = (clientRequestId: string) => (l: Line) =>
  l.dir === 's2c' && l.frame?.clientRequestId === clientRequestId && !l.frame?._class_type_serverconfirmreceipt;
/** The s2c confirm of this clientRequestId. */
export const confirmOf = (clientRequestId: string) => (l: Line) =>
  l.dir === 's2c' && l.frame?.clientRequestId === clientRequestId && !!l.frame?._class_type_serverconfirmreceipt;

/**
 * A `run` line proving the connection `conn` (or a fresh one) still works: READ products.
 * @example
 * probeLine('A')
 */
export function probeLine(conn?: string): Line {
  return {
    t: 0,
    conn: conn ?? '-',
    dir: 'meta',
    event: 'probe',
    run: async ({ app, conns }: ReplayContext) => {
      let client = conn ? conns.get(conn) : undefined;
      const fresh = !client;
      if (!client) {
        client = await WireClient.connect(app.url);
        await client.configure();
      }
      const id = `REQ-_${alnum(28)}`;
      client.send({ clientRequestId: id, requestType: 'READ', _class_type_read: '_', route: 'products', params: null });
      await client.confirmReceipt(id);
      const res = await client.response(id);
      expect(Array.isArray(res['output'])).toBe(true);
      if (fresh) await client.close();
    },
  };
}

/** Drop the recorded s2c frames (except `welcome`/`pong`) from time `t` on: the tail is re-specified. */
export function dropS2cFrom(lines: Line[], t: number): Line[] {
  return lines.filter((l) => !(l.dir === 's2c' && l.t >= t && l.frame !== 'pong' && l.frame !== 'welcome'));
}

/** An expected StopListening. */
export function stopLine(conn: string, listenId: string): Line {
  return { t: 0, conn, dir: 's2c', frame: { listenId, _class_type_stoplistening: '_', dataType: 'StopListening' } };
}

/** Several expected frames on one connection, in any order. */
export function anyOrderLine(conn: string, lines: Line[]): Line {
  return { t: 0, conn, dir: 's2c', anyOrder: lines.map((l) => l.frame) };
}

/** The clientRequestId of the n-th (0-based) c2s frame matching `predicate`. */
export function idOf(lines: Line[], predicate: (frame: any) => boolean, n = 0): string {
  const found = lines.filter((l) => l.dir === 'c2s' && typeof l.frame === 'object' && predicate(l.frame));
  const id = found[n]?.frame?.clientRequestId;
  if (typeof id !== 'string') throw new Error('patch anchor not found');
  return id;
}

