/**
 * What the devtools panel shows, framework-free: a subscribable snapshot built from
 * `client.inspect()` (redacted) plus the last frames both ways (redacted when recorded, so a
 * credential is never even kept) and per-stream push counts. It taps the client only while subscribed; the
 * first subscriber starts it, the last one stops it.
 */
import type { ClientInspection, TappedFrame } from './inspect.js';
import { frameForDisplay, redact } from './redact.js';

/**
 * The part of a client the devtools need (the real `AsklessClient`, or a stand-in in stories).
 * @example
 * const store = new DevtoolsStore(client satisfies InspectableClient);
 */
export interface InspectableClient {
  inspect(): ClientInspection;
  tapFrames(listener: (frame: TappedFrame) => void): () => void;
}

/**
 * One recorded frame, already redacted.
 * @example
 * frames.map((f: FrameRecord) => `${f.direction} ${f.summary}`);
 */
export interface FrameRecord {
  id: number;
  at: number;
  direction: 'in' | 'out';
  /** e.g. `push LIS-abc`, `READ products`, `response REQ-_x`, `ping (2 streams)`. */
  summary: string;
  /** Redacted JSON text (or the bare text frame). */
  text: string;
}

/**
 * The devtools snapshot: the same object until something changed.
 * @example
 * const { inspection, frames, pushes } = store.getSnapshot();
 */
export interface DevtoolsSnapshot {
  inspection: ClientInspection;
  frames: readonly FrameRecord[];
  /** Pushes received per listenId since the devtools attached, with the time of the last one. */
  pushes: Readonly<Record<string, { count: number; lastAt: number }>>;
}

/**
 * Options of {@link DevtoolsStore}.
 * @example
 * new DevtoolsStore(client, { maxFrames: 100 });
 */
export interface DevtoolsStoreOptions {
  /** Frames kept (oldest dropped). Default 60. */
  maxFrames?: number;
  /** Refresh period for ages and timers while subscribed, ms. Default 1000. */
  tickMs?: number;
}

/** The inspection with every app value redacted (values, params, sources, the user id). */
function shown(inspection: ClientInspection): ClientInspection {
  return {
    ...inspection,
    connection: { ...inspection.connection, ...(inspection.connection.extension ? { extension: redact(inspection.connection.extension) } : {}) },
    authentication: { ...inspection.authentication, ...(inspection.authentication.userId !== undefined ? { userId: redact(inspection.authentication.userId) } : {}) },
    streams: inspection.streams.map((s) => ({ ...s, params: redact(s.params), lastValue: redact(s.lastValue) })),
    extras: redact(inspection.extras) as Record<string, unknown>,
  };
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * A one-line description of a frame (its Askless class, route or stream).
 * @example
 * summarize({ _class_type_read: '_', requestType: 'READ', route: 'products' }); // 'READ products'
 */
export function summarize(frame: unknown): string {
  if (typeof frame === 'string') return frame;
  if (typeof frame !== 'object' || frame === null) return typeof frame;
  const f = frame as Record<string, unknown>;
  if (f['_class_type_newDataForListener']) return `push ${str(f['listenId'])}`;
  if (f['_class_type_serverconfirmreceipt']) return `confirm ${str(f['clientRequestId'])}`;
  if (f['_class_type_stoplistening']) return `stop ${str(f['listenId'])}`;
  if (f['_class_type_response']) return `${f['error'] ? 'error' : 'response'} ${str(f['clientRequestId'])}`;
  if (f['_class_type_pingpong']) return `ping (${Array.isArray(f['listeningToRoutes']) ? f['listeningToRoutes'].length : 0} streams)`;
  if (typeof f['requestType'] === 'string') return `${f['requestType']}${f['route'] ? ` ${str(f['route'])}` : ''}`;
  if (f['asklessReact']) return `extension ${Object.keys(f['asklessReact'] as object).join(',')}`;
  return 'frame';
}

/**
 * Subscribable devtools state of one client.
 * @example
 * const store = new DevtoolsStore(client);
 * const off = store.subscribe(() => render(store.getSnapshot()));
 */
export class DevtoolsStore {
  private snapshot: DevtoolsSnapshot;
  private readonly listeners = new Set<() => void>();
  private frames: FrameRecord[] = [];
  private pushes: Record<string, { count: number; lastAt: number }> = {};
  private nextFrameId = 1;
  private detach: (() => void) | undefined;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly maxFrames: number;
  private readonly tickMs: number;

  constructor(
    private readonly client: InspectableClient,
    options: DevtoolsStoreOptions = {},
  ) {
    this.maxFrames = Math.max(1, options.maxFrames ?? 60);
    this.tickMs = Math.max(100, options.tickMs ?? 1000);
    this.snapshot = { inspection: shown(client.inspect()), frames: [], pushes: {} };
  }

  readonly getSnapshot = (): DevtoolsSnapshot => this.snapshot;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.start();
    return () => {
      if (this.listeners.delete(listener) && this.listeners.size === 0) this.stop();
    };
  };

  /** Rebuild the snapshot now and tell the listeners. */
  refresh(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = undefined;
    this.snapshot = { inspection: shown(this.client.inspect()), frames: this.frames, pushes: this.pushes };
    for (const listener of [...this.listeners]) listener();
  }

  private start(): void {
    const offTap = this.client.tapFrames((frame) => this.record(frame));
    const tick = setInterval(() => this.refresh(), this.tickMs);
    this.detach = () => {
      offTap();
      clearInterval(tick);
      clearTimeout(this.refreshTimer);
      this.refreshTimer = undefined;
    };
    this.refresh();
  }

  private stop(): void {
    this.detach?.();
    this.detach = undefined;
  }

  private record(tapped: TappedFrame): void {
    const shown = frameForDisplay(tapped.frame);
    const text = typeof shown === 'string' ? shown : JSON.stringify(shown);
    const summary = summarize(shown);
    this.frames = [...this.frames.slice(-(this.maxFrames - 1)), { id: this.nextFrameId++, at: tapped.at, direction: tapped.direction, summary, text }];
    if (tapped.direction === 'in' && summary.startsWith('push ')) {
      const listenId = summary.slice(5);
      this.pushes = { ...this.pushes, [listenId]: { count: (this.pushes[listenId]?.count ?? 0) + 1, lastAt: tapped.at } };
    }
    // Frames come in bursts: one refresh per burst (the panel must not cost the app a render per frame).
    this.refreshTimer ??= setTimeout(() => this.refresh(), 50);
  }
}
