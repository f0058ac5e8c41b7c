/**
 * Generators of hostile WebSocket frames for the server fuzzer. Each returns the bytes to write
 * on a raw socket plus its category, so the run can report what it sent. Most categories keep
 * the connection open (the server must answer or ignore them); a few are protocol violations the
 * server is expected to close the socket on (`closes: true`), which the fuzzer answers with a
 * reconnect.
 */
import type { Rng } from './prng.js';
import type { CorpusGroup } from './fixture-corpus.js';
import { encodeFrame, Opcode } from './raw-socket.js';

/**
 * One generated frame, encoded for the wire.
 * @example
 * const { bytes, closes } = nextFuzzFrame(rng, options);
 */
export interface FuzzFrame {
  readonly category: FuzzCategory;
  readonly bytes: Buffer;
  /** The server may legitimately close the socket after this frame. */
  readonly closes: boolean;
}

/**
 * What kind of hostile frame a {@link FuzzFrame} is (the report counts frames by category).
 * @example
 * const category: FuzzCategory = 'deep-nesting';
 */
export type FuzzCategory =
  | 'random-bytes'
  | 'random-text'
  | 'truncated-json'
  | 'mutated-fixture'
  | 'fixture-fresh-id'
  | 'wrong-types'
  | 'huge-string'
  | 'deep-nesting'
  | 'non-object-json'
  | 'invalid-utf8'
  | 'protocol-violation'
  | 'oversize';

/** Strings that have broken JSON handlers before: prototype keys, lone surrogates, "undefined". */
const NASTY_STRINGS = [
  '', ' ', 'undefined', 'null', '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty',
  '\u0000', '\ud800', '\udfff', '💥'.repeat(50), '<img src=x onerror=alert(1)>', '../../etc/passwd',
  'REQ-_', 'LIS-', '-1', '1e309', 'NaN', '%s%s%s', '\u202e', 'a'.repeat(1000),
];

/**
 * A random JSON value of any type, shallow unless `depth` allows.
 * @example
 * frame.params = randomJson(rng);
 */
export function randomJson(rng: Rng, depth = 2): unknown {
  switch (rng.int(depth > 0 ? 9 : 7)) {
    case 0: return null;
    case 1: return rng.chance(0.5);
    case 2: return rng.pick([0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 1, rng.int(1_000_000)]);
    case 3: return rng.pick(NASTY_STRINGS);
    case 4: return rng.bytes(rng.int(24)).toString('base64');
    case 5: return {};
    case 6: return [];
    case 7: return Array.from({ length: rng.int(4) }, () => randomJson(rng, depth - 1));
    default: {
      const obj: Record<string, unknown> = {};
      for (let i = rng.int(4); i > 0; i--) obj[rng.pick([...NASTY_STRINGS, 'route', 'params', 'body'])] = randomJson(rng, depth - 1);
      return obj;
    }
  }
}

function textFrame(text: string | Buffer): Buffer {
  return encodeFrame({ opcode: Opcode.text, payload: typeof text === 'string' ? Buffer.from(text, 'utf8') : text });
}

function clone(frame: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(frame)) as Record<string, unknown>;
}

/**
 * Apply 1–4 random edits in place: delete a key, retype a value, add a stray marker, recurse.
 * @example
 * const frame = structuredClone(seed); mutate(rng, frame);
 */
export function mutate(rng: Rng, value: Record<string, unknown>): void {
  for (let n = rng.range(1, 4); n > 0; n--) {
    const keys = Object.keys(value);
    const key = keys.length > 0 ? rng.pick(keys) : 'x';
    const inner = value[key];
    switch (rng.int(5)) {
      case 0: delete value[key]; break;
      case 1: value[key] = randomJson(rng); break;
      case 2: value[rng.pick(['_class_type_read', '_class_type_listen', '_class_type_modify', '_class_type_pingpong', '_class_type_authenticaterequest', '_class_type_configureconnectionrequest', '_class_type_clientconfirmreceipt', '_class_type_response', '_class_type_newDataForListener', '_class_type_stoplistening', '_class_type_serverconfirmreceipt', '_class_type_configureconnection', '_class_type_authenticateresponse'])] = rng.pick(['_', null, 0, '']); break;
      case 3: if (typeof inner === 'object' && inner !== null && !Array.isArray(inner)) mutate(rng, inner as Record<string, unknown>); else value[key] = randomJson(rng); break;
      default: if (Array.isArray(inner) && inner.length > 0) inner[rng.int(inner.length)] = randomJson(rng); else value[rng.pick(NASTY_STRINGS)] = randomJson(rng);
    }
  }
}

/** Fresh ids make a captured frame do real work instead of hitting the duplicate check. */
function withFreshIds(rng: Rng, frame: Record<string, unknown>): Record<string, unknown> {
  const copy = clone(frame);
  if (typeof copy.clientRequestId === 'string') copy.clientRequestId = `REQ-_fz${rng.int(1e9)}`;
  if (typeof copy.listenId === 'string') copy.listenId = `LIS-fz${rng.int(1e9)}`;
  return copy;
}

function deepNesting(rng: Rng, depth: number): string {
  const open = rng.chance(0.5) ? '[' : '{"a":';
  const close = open === '[' ? ']' : '}';
  const nested = open.repeat(depth) + '1' + close.repeat(depth);
  const where = rng.pick(['params', 'body', 'credential', 'listeningToRoutes']);
  const base = where === 'listeningToRoutes'
    ? `{"_class_type_pingpong":"_","listeningToRoutes":[{"listenId":"LIS-deep","route":"products","clientRequestId":"LIS-_deep","params":${nested}}]}`
    : `{"clientRequestId":"REQ-_deep${rng.int(1e9)}","requestType":"CREATE","_class_type_${where === 'credential' ? 'authenticaterequest' : 'modify'}":"_","clientIdInternalApp":"deep","route":"product","${where}":${nested}}`;
  // Sometimes leave the nesting unbalanced so the parser fails deep inside.
  return rng.chance(0.2) ? base.slice(0, base.length - rng.range(1, Math.min(depth, 50))) : base;
}

/**
 * Options: `maxPayloadBytes` is the server's limit, so `oversize` frames exceed it.
 * @example
 * nextFuzzFrame(rng, { corpus: loadCorpus(), maxPayloadBytes: 262144 });
 */
export interface FrameGeneratorOptions {
  readonly corpus: readonly CorpusGroup[];
  readonly maxPayloadBytes: number;
}

/**
 * Generate one hostile frame. Weights keep socket-killing frames rare so the run spends its
 * budget on frames the server has to parse and route.
 * @example
 * const frame = nextFuzzFrame(rng, { corpus: loadCorpus(), maxPayloadBytes: 1 << 20 });
 * raw.write(frame.bytes);
 */
export function nextFuzzFrame(rng: Rng, options: FrameGeneratorOptions): FuzzFrame {
  const seedFrame = (): Record<string, unknown> => clone(rng.pick(rng.pick(options.corpus).frames));
  const roll = rng.int(1000);
  if (roll < 60) return { category: 'random-bytes', bytes: encodeFrame({ opcode: Opcode.binary, payload: rng.bytes(rng.int(300)) }), closes: false };
  if (roll < 110) return { category: 'random-text', bytes: textFrame(rng.bytes(rng.int(200)).toString('base64')), closes: false };
  if (roll < 230) {
    const text = JSON.stringify(seedFrame());
    return { category: 'truncated-json', bytes: textFrame(text.slice(0, rng.int(text.length))), closes: false };
  }
  if (roll < 480) {
    const frame = withFreshIds(rng, seedFrame());
    mutate(rng, frame);
    return { category: 'mutated-fixture', bytes: textFrame(JSON.stringify(frame)), closes: false };
  }
  if (roll < 640) return { category: 'fixture-fresh-id', bytes: textFrame(JSON.stringify(withFreshIds(rng, seedFrame()))), closes: false };
  if (roll < 780) {
    const frame = withFreshIds(rng, seedFrame());
    const keys = Object.keys(frame);
    for (let n = rng.range(1, 3); n > 0 && keys.length > 0; n--) frame[rng.pick(keys)] = rng.pick<unknown>([42, true, null, [], {}, [1, 2], { a: 1 }, '', -0.5]);
    return { category: 'wrong-types', bytes: textFrame(JSON.stringify(frame)), closes: false };
  }
  if (roll < 810) {
    const frame = withFreshIds(rng, seedFrame());
    const keys = Object.keys(frame);
    // Bounded so 50,000 frames stay a few hundred MB of traffic at most.
    const size = rng.range(10_000, Math.max(10_001, Math.min(131_072, Math.floor(options.maxPayloadBytes * 0.6))));
    frame[keys.length > 0 && rng.chance(0.7) ? rng.pick(keys) : 'padding'] = 'x'.repeat(size);
    return { category: 'huge-string', bytes: textFrame(JSON.stringify(frame)), closes: false };
  }
  if (roll < 850) {
    const depth = rng.pick([100, 1_000, 5_000, Math.min(50_000, Math.floor(options.maxPayloadBytes / 12))]);
    return { category: 'deep-nesting', bytes: textFrame(deepNesting(rng, depth)), closes: false };
  }
  if (roll < 920) return { category: 'non-object-json', bytes: textFrame(rng.pick(['null', '1', '"welcome"', '"pong"', '[]', '[{}]', 'true', '-0', '1e999', '""', '{}', '{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"polluted":1}}}'])), closes: false };
  if (roll < 960) {
    const bad = rng.pick([[0xc3, 0x28], [0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xe2, 0x82]]);
    const prefix = Buffer.from(JSON.stringify(seedFrame()).slice(0, rng.int(40)));
    return { category: 'invalid-utf8', bytes: textFrame(Buffer.concat([prefix, Buffer.from(bad)])), closes: true };
  }
  if (roll < 997) {
    const payload = Buffer.from(JSON.stringify(seedFrame()));
    const variant = rng.int(6);
    const bytes =
      variant === 0 ? encodeFrame({ opcode: rng.pick([3, 4, 5, 6, 7, 11, 12, 15]), payload }) :
      variant === 1 ? encodeFrame({ opcode: Opcode.text, payload, rsv: rng.range(1, 7) }) :
      variant === 2 ? encodeFrame({ opcode: Opcode.text, payload, mask: false }) :
      variant === 3 ? encodeFrame({ opcode: Opcode.continuation, payload }) :
      variant === 4 ? encodeFrame({ opcode: Opcode.ping, payload: rng.bytes(200) }) :
      rng.bytes(rng.range(1, 64));
    return { category: 'protocol-violation', bytes, closes: true };
  }
  const over = Buffer.alloc(options.maxPayloadBytes + rng.range(1, 4096), 0x61);
  return { category: 'oversize', bytes: textFrame(over), closes: true };
}
