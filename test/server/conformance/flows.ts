/**
 * The fixture flows and how each is replayed: shortened timers for timing-heavy flows, and
 * patches where the original is defective (each deviation is listed in docs/server.md).
 */
import { CALL_FLOWS } from './call-flows.js';
import {
  answer,
  c2s,
  closeLine,
  confirmLine,
  confirmOf,
  idOf,
  indexOf,
  insertAfter,
  probeLine,
  pushLine,
  replaceLine,
  responseLine,
  withoutCrash,
} from './patches.js';
import { expect, vi } from 'vitest';
import type { Received } from '../../support/wire-client.js';
import type { FlowSpec, Line, ReplayContext } from './replay.js';

const PRODUCTS = [
  { id: 1, name: 'Video Game', price: 500 },
  { id: 2, name: 'Notebook', price: 1000 },
];
const notConfigured = { code: 'INTERNAL_ERROR', description: 'configure the connection first (CONFIGURE_CONNECTION)' };
const authRequired = (op: string, route: string) => ({
  code: 'PENDING_AUTHENTICATION',
  description: `Could not perform the operation on (${op}) "${route}" because authentication is required`,
});
const internalError = { code: 'INTERNAL_ERROR', description: 'An internal error occurred' };

/** Malformed input: 2.0.3 dies (close 1006 + exit); we ignore the frame and keep serving. */
const survives = (lines: Line[]): Line[] => {
  const kept = withoutCrash(lines);
  const last = indexOf(kept, (l) => l.dir === 'c2s' && (typeof l.frame === 'string' || l.frame?._class_type_pingpong === '_' || l.frame?.hello === 'world'), 7);
  return [...kept.slice(0, last + 1), probeLine('A'), probeLine(), closeLine('A'), ...kept.slice(last + 1)];
};

const copies = (frames: Received[], serverId: string) => frames.filter((f) => typeof f === 'object' && f['serverId'] === serverId).length;

/**
 * confirm-receipt: the recorded 40 s of resends, checked with a 100 ms period and a 1.5 s window.
 * Unconfirmed messages come again with the same serverId; a confirmed one stops; all stop after
 * the window. (2.0.3 resends every queued message each tick whatever its age, Q10; ours resends
 * a message one period after its last send.)
 */
async function resendScenario({ app, conns }: ReplayContext): Promise<void> {
  const a = conns.get('A')!;
  const c = conns.get('C')!;
  const readAnswer = a.received.find((f) => typeof f === 'object' && f['_class_type_response'] && !f['_class_type_serverconfirmreceipt'] && Array.isArray(f['output']) && f['output'].length === 1) as Record<string, any>;
  const p1 = a.received.find((f) => typeof f === 'object' && f['_class_type_newDataForListener'] && f['output'].length === 3) as Record<string, any>;
  await vi.waitFor(() => {
    expect(copies(a.received, readAnswer['serverId'])).toBeGreaterThanOrEqual(3);
    expect(copies(a.received, p1['serverId'])).toBeGreaterThanOrEqual(3);
  });
  for (const f of a.received) if (typeof f === 'object' && f['serverId'] === p1['serverId']) expect(f).toEqual(p1);
  c.send({ clientRequestId: 'REQ-_p2', requestType: 'CREATE', _class_type_modify: '_', route: 'product', body: { name: 'P2', price: 2 }, params: null });
  c.confirm((await c.response('REQ-_p2'))['serverId']);
  const p2 = (await a.next((f) => typeof f === 'object' && f['_class_type_newDataForListener'] === '_' && f['output'].length === 4)) as Record<string, any>;
  await vi.waitFor(() => expect(copies(a.received, p2['serverId'])).toBeGreaterThanOrEqual(2));
  a.confirm(p2['serverId']);
  const p2Copies = copies(a.received, p2['serverId']);
  const p1Now = copies(a.received, p1['serverId']);
  await vi.waitFor(() => expect(copies(a.received, p1['serverId'])).toBeGreaterThanOrEqual(p1Now + 2));
  expect(copies(a.received, p2['serverId'])).toBeLessThanOrEqual(p2Copies + 1);
  await vi.waitFor(() => expect(app.server.unconfirmedMessageCount).toBe(0), { timeout: 4000 });
  const delivered = copies(a.received, readAnswer['serverId']);
  expect(delivered).toBeGreaterThanOrEqual(8);
  expect(delivered).toBeLessThanOrEqual(16);
}

export const FLOWS: FlowSpec[] = [
  { file: 'handshake.jsonl' },
  { file: 'handshake-variants.jsonl' },
  {
    // 2.0.3 cannot answer requests sent before CONFIGURE_CONNECTION; we answer with an error.
    file: 'before-configure.jsonl',
    patch: (lines) => {
      const read = idOf(lines, (f) => f._class_type_read === '_');
      const auth = idOf(lines, (f) => f._class_type_authenticaterequest === '_');
      let out = insertAfter(lines, c2s(read), [responseLine('A', read, { error: notConfigured })]);
      out = insertAfter(out, c2s(auth), [responseLine('A', auth, { error: notConfigured })]);
      return out;
    },
  },
  // A silent client is cut (1006); timers shortened (advertised too) and the clients paced.
  { file: 'ping-idle.jsonl', init: { millisecondsToDisconnectClientAfterWithoutClientPing: 400 }, pace: 0.05 },
  { file: 'auth-ok.jsonl' },
  { file: 'auth-rejected.jsonl' },
  { file: 'auth-no-credential.jsonl' },
  { file: 'auth-timeout.jsonl', init: { authorizeTimeoutInMs: 150 } },
  {
    // 2.0.3's logout is a no-op (Q6); ours really logs out.
    file: 'clear-authentication.jsonl',
    patch: (lines) => {
      const create = idOf(lines, (f) => f._class_type_modify === '_' && f.route === 'message');
      const read = idOf(lines, (f) => f._class_type_read === '_' && f.route === 'my-messages');
      let out = replaceLine(lines, answer(create), [responseLine('A', create, { error: authRequired('CREATE', 'message') })]);
      out = replaceLine(out, answer(read), [responseLine('A', read, { error: authRequired('READ', 'my-messages') })]);
      return out;
    },
  },
  { file: 'read-ok.jsonl' },
  { file: 'read-invalid-route.jsonl' },
  {
    // READ on a forAuthenticatedUsers route needs a login (Q7; `legacyUnauthenticatedReads` restores 2.0.3).
    file: 'read-pending-auth.jsonl',
    patch: (lines) => {
      const read = idOf(lines, (f) => f._class_type_read === '_' && f.route === 'my-messages');
      return replaceLine(lines, answer(read), [responseLine('A', read, { error: authRequired('READ', 'my-messages') })]);
    },
  },
  { file: 'read-pending-auth.jsonl', init: { legacyUnauthenticatedReads: true } },
  { file: 'read-custom-error.jsonl' },
  {
    // A handler that never answers: 2.0.3 leaves the client hanging; we answer TIMEOUT.
    file: 'read-never-responds.jsonl',
    init: { handlerTimeoutInMs: 150 },
    patch: (lines) => {
      const read = idOf(lines, (f) => f.route === 'never-responds');
      const timeout = { code: 'TIMEOUT', description: 'The route handler did not answer within 150 ms' };
      const i = indexOf(lines, (l) => l.dir === 'meta' && l.event === 'close');
      return [...lines.slice(0, i), responseLine('A', read, { error: timeout }), ...lines.slice(i)];
    },
  },
  {
    // A throwing handler kills 2.0.3; we answer INTERNAL_ERROR and keep going.
    file: 'read-throws.jsonl',
    patch: (lines) => {
      const read = idOf(lines, (f) => f.route === 'throws');
      const kept = insertAfter(withoutCrash(lines), confirmOf(read), [responseLine('A', read, { error: internalError }), probeLine('A')]);
      return [...kept, closeLine('A')];
    },
  },
  {
    file: 'read-throws-warn.jsonl',
    patch: (lines) => {
      const read = idOf(lines, (f) => f.route === 'throws');
      return insertAfter(lines, confirmOf(read), [responseLine('A', read, { error: internalError })]);
    },
  },
  { file: 'crud.jsonl' },
  {
    file: 'confirm-receipt.jsonl',
    init: { intervalInMsServerSendSameMessage: 100, serverResendWindowMs: 1500 },
    patch: (lines) => {
      const p1 = indexOf(lines, (l) => l.dir === 's2c' && l.conn === 'A' && l.frame?._class_type_newDataForListener === '_' && l.frame.output.length === 3);
      return [...lines.slice(0, p1 + 1), { t: 0, conn: '-', dir: 'meta', event: 'scenario', run: resendScenario }, closeLine('A'), closeLine('C')];
    },
    // Left over: copies on A, and C's receipt for P2 (the scenario awaited only the answer).
    allowExtra: (conn, f) => typeof f === 'object' && (conn === 'A' ? typeof f['serverId'] === 'string' : f['_class_type_serverconfirmreceipt'] === '_'),
  },
  { file: 'listen-push.jsonl' },
  { file: 'stop-listening.jsonl' },
  // Counter pushes every 100 ms: one may slip in between the 10th push and the stopping ping.
  { file: 'counter.jsonl', allowExtra: (_conn, f) => typeof f === 'object' && !!f['_class_type_newDataForListener'] },
  {
    // The start-up hold-off (Q16) is 0 by default in our server; this replay sets 2.0.3's 4000.
    file: 'notify-startup-delay.jsonl',
    init: { notifyStartupHoldOffMs: 4000 },
  },
  { file: 'malformed-not-json.jsonl', patch: survives },
  { file: 'malformed-no-request-id.jsonl', patch: survives },
  { file: 'malformed-ping-no-list.jsonl', patch: survives },
  { file: 'malformed-ping-unknown-route.jsonl', patch: survives },
  {
    // Invalid UTF-8 in a text frame: ws fails that connection with 1007 (RFC 6455); 2.0.3 then
    // exits, we keep serving everyone else.
    file: 'malformed-invalid-utf8.jsonl',
    patch: (lines) => {
      const out = lines
        .filter((l) => !(l.dir === 'meta' && l.event === 'server-exit'))
        .map((l) => (l.dir === 'c2s' && typeof l.frame === 'string' ? { ...l, raw: Buffer.from([0xc3, 0x28]) } : l));
      return [...out, probeLine()];
    },
  },
  { file: 'malformed-unknown-class.jsonl' },
  {
    // A repeated clientRequestId is answered again (confirm + the original answer), not ignored.
    file: 'duplicate-request.jsonl',
    patch: (lines) => {
      const create = idOf(lines, (f) => f._class_type_modify === '_');
      const read = idOf(lines, (f) => f._class_type_read === '_');
      const created = { id: 3, name: 'Dup', price: 1 };
      // 1. the same CREATE again on A: replayed, the product is not created twice.
      let out = insertAfter(lines, (l) => c2s(create)(l) && l.t > lines.find(c2s(create))!.t, [confirmLine('A', create), responseLine('A', create, { output: created })]);
      // 2. READ twice back to back: two confirms and two answers (order may interleave).
      const readAnswer = out.find(answer(read))!;
      const i = indexOf(out, confirmOf(read));
      out = [
        ...out.slice(0, i),
        { t: 0, conn: 'A', dir: 's2c', anyOrder: [confirmLine('A', read).frame, confirmLine('A', read).frame, readAnswer.frame, readAnswer.frame] },
        ...out.slice(i + 2),
      ];
      // 3. A2 (same client id, new socket) resends the CREATE: replayed again.
      const a2create = out.findIndex((l) => l.conn === 'A2' && c2s(create)(l));
      out = [...out.slice(0, a2create + 1), confirmLine('A2', create), responseLine('A2', create, { output: created }), ...out.slice(a2create + 1)];
      return out;
    },
  },
  { file: 'reconnect.jsonl' },
  ...CALL_FLOWS,
  { file: 'reconnect-listen-before-auth.jsonl' },
  {
    // Two sockets sharing a client id: state is per socket, so neither deafens the other (Q3/Q4).
    file: 'reconnect-overlap.jsonl',
    patch: (lines) => {
      const listen = lines.find((l) => l.dir === 'c2s' && l.frame?._class_type_listen === '_')!.frame;
      const { listenId, clientRequestId } = listen as { listenId: string; clientRequestId: string };
      const three = [...PRODUCTS, { id: 3, name: 'Overlap1', price: 1 }];
      const four = [...three, { id: 4, name: 'Overlap2', price: 2 }];
      // A2's first ping lists the stream: A2 has no such stream yet, so it is started for A2.
      let out = insertAfter(lines, (l) => l.conn === 'A2' && l.frame?._class_type_pingpong === '_', [
        responseLine('A2', clientRequestId, { output: listenId }),
        pushLine('A2', listenId, PRODUCTS),
      ]);
      // Overlap1 reaches both sockets (A still lists the stream).
      out = insertAfter(out, (l) => l.conn === 'A2' && l.frame?._class_type_newDataForListener === '_' && l.frame.output.length === 3, [pushLine('A', listenId, three)]);
      // After A closes, A2 still works: the Overlap2 push and the READ answer arrive.
      const overlap2 = idOf(out, (f) => f.body?.name === 'Overlap2');
      out = insertAfter(out, answer(overlap2), [pushLine('A2', listenId, four)]);
      const read = idOf(out, (f) => f._class_type_read === '_');
      out = insertAfter(out, c2s(read), [confirmLine('A2', read), responseLine('A2', read, { output: four })]);
      return out;
    },
    allowExtra: () => false,
  },
];

