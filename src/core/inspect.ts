/**
 * The client's inspection API, for the devtools (askless-react/devtools) and for debugging:
 * `client.inspect()` returns a snapshot of the connection, streams and pending requests;
 * `client.tapFrames(listener)` sees every frame both ways. Nothing here runs unless someone asks:
 * with no tap attached the socket paths pay one `undefined` check. What these return is raw
 * (the app's own data, and frames with their credentials): whatever shows it must pass it
 * through `redact` (redact.ts) first, as the devtools do.
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
  /** The last value (raw: redact before showing). */
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
    /** The askless-react extension the server advertised, if any. */
    extension?: unknown;
    timeline: ConnectionEvent[];
  };
  authentication: { status: string; userId?: unknown; claims: string[] };
  streams: StreamInspection[];
  requests: RequestInspection[];
  /** Optional sources registered with `client.addInspectionSource(name, read)` (calls, transfers, ...), raw. */
  extras: Record<string, unknown>;
}

/**
 * A frame seen by `client.tapFrames`: inbound as received (text), outbound as the object sent.
 * @example
 * client.tapFrames((f: TappedFrame) => console.log(f.direction, frameForDisplay(f.frame)));
 */
export interface TappedFrame {
  direction: 'in' | 'out';
  at: number;
  frame: unknown;
}

/**
 * What {@link buildInspection} reads from the client.
 * @example
 * buildInspection({ connection, config, authentication, timeline, streams, requests, sources, services: client });
 */
export interface InspectionParts {
  connection: { status: string; disconnectionReason?: string };
  config: { serverVersion: string; asklessReact?: unknown };
  authentication: { status: string; userId?: unknown; claims: readonly string[] };
  timeline: readonly ConnectionEvent[];
  streams: StreamInspection[];
  requests: RequestInspection[];
  sources: ReadonlyMap<string, () => unknown>;
  /** Where optional services live (`calls`, `groupCalls`, `files`): shown if they offer `getSnapshot()`. */
  services: object;
}

/**
 * The snapshot `client.inspect()` returns (raw: redact before showing).
 * @example
 * const snapshot = buildInspection(parts);
 */
export function buildInspection(parts: InspectionParts): ClientInspection {
  // Services other parts of the library may add (client.calls, client.files, client.groupCalls)
  // show up when they offer a getSnapshot(); nothing here depends on them existing.
  const sources = new Map(parts.sources);
  for (const name of ['calls', 'groupCalls', 'files']) {
    const service = (parts.services as Record<string, unknown>)[name] as { getSnapshot?: unknown } | undefined;
    if (!sources.has(name) && typeof service === 'object' && service !== null && typeof service.getSnapshot === 'function') {
      sources.set(name, () => (service.getSnapshot as () => unknown)());
    }
  }
  const extras: Record<string, unknown> = {};
  for (const [name, read] of sources) {
    try {
      extras[name] = read();
    } catch (error) {
      extras[name] = `inspection failed: ${String(error)}`;
    }
  }
  const { connection, config, authentication: auth } = parts;
  return {
    at: Date.now(),
    connection: {
      status: connection.status,
      ...(connection.disconnectionReason ? { disconnectionReason: connection.disconnectionReason } : {}),
      serverVersion: config.serverVersion,
      ...(config.asklessReact ? { extension: config.asklessReact } : {}),
      timeline: [...parts.timeline],
    },
    authentication: { status: auth.status, ...(auth.userId !== undefined ? { userId: auth.userId } : {}), claims: [...auth.claims] },
    streams: parts.streams,
    requests: parts.requests,
    extras,
  };
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
