/**
 * The call flows of the fixtures (routes in src/server/calls, docs/calls.md), patched into our
 * fixed behaviour.
 */
import {
  anyOrderLine,
  c2s,
  closeLine,
  confirmLine,
  confirmOf,
  dropS2cFrom,
  idOf,
  indexOf,
  insertAfter,
  probeLine,
  pushLine,
  responseLine,
  stopLine,
  withoutCrash,
} from './patches.js';
import type { FlowSpec, Line } from './replay.js';
/** The listenId of the LISTEN on `route` sent by `conn`. */
function listenIdOf(lines: Line[], conn: string, route: string): string {
  const line = lines.find((l) => l.dir === 'c2s' && l.conn === conn && l.frame?._class_type_listen === '_' && l.frame.route === route);
  if (!line) throw new Error('patch anchor not found');
  return line.frame.listenId as string;
}
const LFAC = 'askless-internal/call/listen-for-a-call';

/**
 * The call flows (routes in src/server/calls, docs/calls.md). 2.0.3 duplicates StopListening,
 * answers a close twice, lets a cancelled call be accepted and dies on a self-call; ours sends
 * each notice once (the push first, then one StopListening per stream of the pair).
 */
export const CALL_FLOWS: FlowSpec[] = [
  {
    file: 'call-accept.jsonl',
    patch: (lines) => {
      const u1 = listenIdOf(lines, 'U1', LFAC);
      const u2 = listenIdOf(lines, 'U2', LFAC);
      const [close1, close2] = [0, 1].map((n) => idOf(lines, (f) => f.route === 'askless-internal/call/close' && f.body?.remoteUserId === 2, n)) as [string, string];
      const close3 = idOf(lines, (f) => f.route === 'askless-internal/call/close' && f.body?.remoteUserId === 1);
      // U1 hangs up (twice, like Flutter): U2 hears callClosed once, both streams stop once; the
      // second close and U2's own close find nothing left and just answer {}.
      let out = dropS2cFrom(lines, 8645);
      out = insertAfter(out, c2s(close2), [
        anyOrderLine('U1', [confirmLine('U1', close1), stopLine('U1', u1), responseLine('U1', close1, { output: {} }), confirmLine('U1', close2), responseLine('U1', close2, { output: {} })]),
        pushLine('U2', u2, { callClosed: true }),
        stopLine('U2', u2),
      ]);
      return insertAfter(out, c2s(close3), [confirmLine('U2', close3), responseLine('U2', close3, { output: {} })]);
    },
  },
  {
    file: 'call-reject.jsonl',
    patch: (lines) => {
      const u1 = listenIdOf(lines, 'U1', LFAC);
      const u2 = listenIdOf(lines, 'U2', LFAC);
      const reject = idOf(lines, (f) => f.route === 'askless-internal/call/response');
      const out = dropS2cFrom(lines, 5636);
      return insertAfter(out, c2s(reject), [
        pushLine('U1', u1, { callClosed: true, callAccepted: false, additionalData: { reason: 'busy' }, remoteUserId: 2 }),
        stopLine('U1', u1),
        confirmLine('U2', reject),
        stopLine('U2', u2),
        responseLine('U2', reject, { output: { info: 'You (user 2) rejected the call of user 1' } }),
      ]);
    },
  },
  {
    // The caller cancels by dropping its stream: the callee hears callClosed once, its stream
    // stops once; its late reject finds no call and is a plain success.
    file: 'call-cancel.jsonl',
    patch: (lines) => {
      const u2 = listenIdOf(lines, 'U2', LFAC);
      const reject = idOf(lines, (f) => f.route === 'askless-internal/call/response');
      let out = dropS2cFrom(lines, 11434);
      const cancelPing = indexOf(out, (l) => l.conn === 'U1' && l.t >= 11432 && l.frame?._class_type_pingpong === '_');
      out = [...out.slice(0, cancelPing + 1), pushLine('U2', u2, { callClosed: true, callAccepted: false }), stopLine('U2', u2), ...out.slice(cancelPing + 1)];
      return insertAfter(out, c2s(reject), [confirmLine('U2', reject), responseLine('U2', reject, { output: { info: 'You (user 2) rejected the call of user 1' } })]);
    },
  },
  {
    // Accepting a cancelled call answers CALL_NOT_AVAILABLE_ANYMORE (2.0.3: success).
    file: 'call-accept-after-cancel.jsonl',
    patch: (lines) => {
      const u2 = listenIdOf(lines, 'U2', LFAC);
      const accept = idOf(lines, (f) => f.route === 'askless-internal/call/response');
      let out = dropS2cFrom(lines, 5638);
      const cancelPing = indexOf(out, (l) => l.conn === 'U1' && l.t >= 5638 && l.frame?._class_type_pingpong === '_');
      out = [...out.slice(0, cancelPing + 1), pushLine('U2', u2, { callClosed: true, callAccepted: false }), stopLine('U2', u2), ...out.slice(cancelPing + 1)];
      return insertAfter(out, c2s(accept), [
        confirmLine('U2', accept),
        responseLine('U2', accept, { error: { code: 'CALL_NOT_AVAILABLE_ANYMORE', description: 'The call of user 1 is not available anymore' } }),
      ]);
    },
  },
  {
    // Answering one's own call kills 2.0.3; ours answers BAD_REQUEST, and so does a missing remoteUserId.
    file: 'call-response-self.jsonl',
    patch: (lines) => {
      const self = idOf(lines, (f) => f.route === 'askless-internal/call/response');
      const out = insertAfter(withoutCrash(lines), confirmOf(self), [
        responseLine('U2', self, { error: { code: 'BAD_REQUEST', description: 'call/response: remoteUserId cannot be your own user id' } }),
        { t: 0, conn: 'U2', dir: 'c2s', frame: { clientRequestId: 'REQ-_noRemote', requestType: 'CREATE', _class_type_modify: '_', route: 'askless-internal/call/response', body: { callAccepted: true }, params: null } },
        confirmLine('U2', 'REQ-_noRemote'),
        responseLine('U2', 'REQ-_noRemote', { error: { code: 'BAD_REQUEST', description: 'call/response: remoteUserId is required (string or number)' } }),
        probeLine('U2'),
      ]);
      return [...out, closeLine('U2')];
    },
  },
];

