/**
 * The client's inspection API, for the devtools (askless-react/devtools) and for debugging:
 * `client.inspect()` returns a snapshot of the connection, streams and pending requests;
 * `client.tapFrames(listener)` sees every frame both ways. Nothing here runs unless someone asks:
 * with no tap attached the socket paths pay one `undefined` check. Credentials never leave:
 * frames and values go through {@link redact} before anyone sees them.
 */

/**
 * One connection state change, kept (the last {@link TIMELINE_SIZE}) from the client's creation.
 * @example
 * for (const e of client.inspect().connection.timeline) console.log(e.at, e.status, e.reason);
 */
export interface ConnectionEvent {
  at: number;
  status: string;
  reason?: string;
}

/** How many connection changes the timeline keeps. */
export const TIMELINE_SIZE = 50;

/**
 * One shared stream, as the registry holds it.
 * @example
 * client.inspect().streams.map((s: StreamInspection) => `${s.route} ${s.status} (${s.subscribers})`);
 */
export interface StreamInspection {
  key: string;
  route: string;
  params: unknown;
  listenId: string;
  /** Registry state: `new`, `listening`, `waitingAuth`, `error`. */
  state: string;
  status: string;
  subscribers: number;
  hasValue: boolean;
  /** The last value (redacted). */
  lastValue: unknown;
  stale: boolean;
  persist: boolean;
  createdAt: number;
  errorCode?: string;
}

/**
 * One pending READ / CREATE / UPDATE / DELETE.
 * @example
 * client.inspect().requests.filter((r: RequestInspection) => r.state === 'sent');
 */
export interface RequestInspection {
  id: string;
  label: string;
  kind: string;
  /** `queued`, `sent`, `confirmed` (the server has it), `waitingAuth`. */
  state: string;
  /** Sends so far (a resend of an unconfirmed request counts). */
  attempts: number;
  sentAt: number;
  /** When the client gives up (`TIMEOUT` / `NO_CONNECTION`), if it ever does. */
  deadline?: number;
}

/**
 * A snapshot of the client for the devtools.
 * @example
 * const { connection, streams, requests } = client.inspect();
 */
export interface ClientInspection {
  at: number;
  connection: {
    status: string;
    disconnectionReason?: string;
    serverVersion: string;
    /** The askless-react extension the server advertised (redacted), if any. */
    extension?: unknown;
    timeline: ConnectionEvent[];
  };
  authentication: { status: string; userId?: unknown; claims: string[] };
  streams: StreamInspection[];
  requests: RequestInspection[];
  /** Optional sources registered with `client.addInspectionSource(name, read)` (calls, transfers, ...), redacted. */
  extras: Record<string, unknown>;
}

/**
 * A frame seen by `client.tapFrames`: inbound as received (text), outbound as the object sent.
 * @example
 * client.tapFrames((f: TappedFrame) => console.log(f.direction, redact(f.frame)));
 */
export interface TappedFrame {
  direction: 'in' | 'out';
  at: number;
  frame: unknown;
}

const SECRET = /credential|token|password|secret|authorization|api[-_]?key|cookie|session/i;
const LONG = /^(sdp|candidate)$/i;
const MAX_DEPTH = 8;
const MAX_STRING = 500;

/**
 * A copy of `value` fit to show: every member whose name looks secret (credential, token,
 * password, ...) is replaced by `"[redacted]"`, SDP bodies are cut, deep or huge values are
 * shortened. Never throws.
 * @example
 * redact({ credential: { accessToken: 'abc' }, route: 'x' }); // { credential: '[redacted]', route: 'x' }
 */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}… (${value.length} chars)` : value;
  if (value === null || typeof value !== 'object') return typeof value === 'bigint' || typeof value === 'function' ? String(value) : value;
  if (depth >= MAX_DEPTH) return '[…]';
  if (Array.isArray(value)) {
    const items = value.slice(0, 50).map((v) => redact(v, depth + 1));
    if (value.length > 50) items.push(`… ${value.length - 50} more`);
    return items;
  }
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    if (SECRET.test(key)) out[key] = '[redacted]';
    else if (LONG.test(key) && typeof member === 'string') out[key] = `[${member.length} chars]`;
    else if (key === 'clientIdInternalApp' && typeof member === 'string') out[key] = `${member.slice(0, 4)}…`;
    else out[key] = redact(member, depth + 1);
  }
  return out;
}

/**
 * Parse a tapped frame for display: JSON text becomes an object, then {@link redact}.
 * @example
 * frameForDisplay('{"credential":"t"}'); // { credential: '[redacted]' }
 */
export function frameForDisplay(frame: unknown): unknown {
  if (typeof frame !== 'string') return redact(frame);
  try {
    return redact(JSON.parse(frame));
  } catch {
    return redact(frame);
  }
}

/**
 * The frame listeners of one client: the socket's tap is set only while one is attached.
 * @example
 * const taps = new FrameTaps((tap) => (connection.tap = tap));
 */
export class FrameTaps {
  private readonly listeners = new Set<(frame: TappedFrame) => void>();

  constructor(private readonly install: (tap: ((direction: 'in' | 'out', frame: unknown) => void) | undefined) => void) {}

  add(listener: (frame: TappedFrame) => void): () => void {
    const entry = (frame: TappedFrame): void => listener(frame);
    this.listeners.add(entry);
    if (this.listeners.size === 1) this.install((direction, frame) => this.emit({ direction, at: Date.now(), frame }));
    return () => {
      if (this.listeners.delete(entry) && this.listeners.size === 0) this.install(undefined);
    };
  }

  private emit(frame: TappedFrame): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(frame);
      } catch {
        // A broken devtools listener must never break the protocol.
      }
    }
  }
}
