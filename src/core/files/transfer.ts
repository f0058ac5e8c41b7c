/**
 * {@link TransferHandle}: the observable object behind a `Transfer`. Small and eager (it is in
 * the core bundle) so `client.files.send()` can answer synchronously while the transfer code
 * loads; the engines in the lazily loaded chunk drive it.
 */
import { Listeners } from '../internal/listeners.js';
import type { Transfer, TransferSnapshot } from './types.js';
import { TERMINAL_STATES } from './wire.js';

/** Rate samples older than this are dropped. */
const RATE_WINDOW_MS = 2000;

/**
 * A transfer's snapshot, listeners, rate and ETA.
 * @example
 * const t = new TransferHandle(initial, () => engine.cancel());
 * t.update({ state: 'transferring' }); t.progress(65536);
 */
export class TransferHandle implements Transfer {
  private snapshot: TransferSnapshot;
  private readonly listeners = new Listeners<[]>();
  private readonly samples: Array<[number, number]> = [];
  private settle!: (s: TransferSnapshot) => void;
  private readonly finished = new Promise<TransferSnapshot>((resolve) => (this.settle = resolve));
  /** Set by the engine once it exists. */
  onCancel: (() => void) | undefined;

  constructor(initial: TransferSnapshot) {
    this.snapshot = initial;
    if (TERMINAL_STATES.has(initial.state)) this.settle(initial);
  }

  get id(): string {
    return this.snapshot.id;
  }

  getSnapshot = (): TransferSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => this.listeners.add(listener);

  cancel = (): void => {
    if (!this.ended) this.onCancel?.();
  };

  done = (): Promise<TransferSnapshot> => this.finished;

  get ended(): boolean {
    return TERMINAL_STATES.has(this.snapshot.state);
  }

  /** Change fields; ignored once ended (a late message never revives a transfer). */
  update(patch: Partial<TransferSnapshot>): void {
    if (this.ended) return;
    const next = { ...this.snapshot, ...patch };
    if (TERMINAL_STATES.has(next.state)) Object.assign(next, { bytesPerSecond: 0, etaMs: next.state === 'completed' ? 0 : undefined });
    if (Object.keys(next).every((k) => next[k as keyof TransferSnapshot] === this.snapshot[k as keyof TransferSnapshot])) return;
    this.snapshot = next;
    this.listeners.emit();
    if (this.ended) this.settle(next);
  }

  /** New byte count: recompute the rate over the last seconds and the ETA. */
  progress(bytesTransferred: number, now = Date.now()): void {
    this.samples.push([now, bytesTransferred]);
    while (this.samples.length > 2 && now - this.samples[0]![0] > RATE_WINDOW_MS) this.samples.shift();
    const [t0, b0] = this.samples[0]!;
    const dt = now - t0;
    const bytesPerSecond = dt > 0 ? Math.max(0, Math.round(((bytesTransferred - b0) * 1000) / dt)) : this.snapshot.bytesPerSecond;
    const left = this.snapshot.size - bytesTransferred;
    const etaMs = left <= 0 ? 0 : bytesPerSecond > 0 ? Math.round((left * 1000) / bytesPerSecond) : undefined;
    this.update({ bytesTransferred, bytesPerSecond, etaMs });
  }
}
