/**
 * {@link TransferHandle}: the observable object behind a `Transfer`. Small and eager (it is in
 * the core bundle) so `client.files.send()` can answer synchronously while the transfer code
 * loads; the engines in the lazily loaded chunk drive it.
 */
import { Listeners } from '../internal/listeners.js';
import type { Transfer, TransferSnapshot } from './types.js';

const ENDED = ['completed', 'rejected', 'canceled', 'failed'];

/**
 * A transfer's snapshot, listeners, rate and ETA.
 * @example
 * const t = new TransferHandle(initial, () => engine.cancel());
 * t.update({ state: 'transferring' });
 */
export class TransferHandle implements Transfer {
  private snapshot: TransferSnapshot;
  private readonly listeners = new Listeners<[]>();
  /** Rate samples of the engine (progress.ts). */
  readonly samples: Array<[number, number]> = [];
  private settle!: (s: TransferSnapshot) => void;
  private readonly finished = new Promise<TransferSnapshot>((resolve) => (this.settle = resolve));
  /** Set by the engine once it exists. */
  onCancel: (() => void) | undefined;

  constructor(initial: TransferSnapshot) {
    this.snapshot = initial;
    if (ENDED.includes(initial.state)) this.settle(initial);
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
    return ENDED.includes(this.snapshot.state);
  }

  /** Change fields; ignored once ended (a late message never revives a transfer). */
  update(patch: Partial<TransferSnapshot>): void {
    if (this.ended) return;
    const next = { ...this.snapshot, ...patch };
    if (ENDED.includes(next.state)) Object.assign(next, { bytesPerSecond: 0, etaMs: next.state === 'completed' ? 0 : undefined });
    if (Object.keys(next).every((k) => next[k as keyof TransferSnapshot] === this.snapshot[k as keyof TransferSnapshot])) return;
    this.snapshot = next;
    this.listeners.emit();
    if (this.ended) this.settle(next);
  }
}
