/**
 * Batched confirmations of pushes (the `batchedConfirms` flag of the asklessReact extension,
 * protocol/extension.ts): ids collect while the frames of one burst are delivered and leave in
 * one CONFIRM_RECEIPT once the burst is over (Node: `setImmediate`, after every frame of the
 * socket read; browsers: a zero timeout), or at once when the batch is full. The confirm is never
 * on a push's way to its listeners, and a burst of N pushes costs one confirm frame instead of N,
 * without holding a server's window of unconfirmed pushes shut. Only used against servers that
 * advertise the flag.
 */
import { MAX_BATCHED_CONFIRMS } from '../protocol/extension.js';

type Defer = (fn: () => void) => unknown;
const g = globalThis as { setImmediate?: Defer; clearImmediate?: (handle: unknown) => void };

/**
 * Pending confirmations of one connection.
 * @example
 * const batch = new ConfirmBatch((ids) => send(encodeConfirm(newRequestId(), ids[0], ids.slice(1))));
 * batch.add('NEW-a1-LIS-x');
 */
export class ConfirmBatch {
  private ids: string[] = [];
  private scheduled: unknown;

  /** `flush` sends one CONFIRM_RECEIPT for `ids` (never empty, at most 1 + MAX_BATCHED_CONFIRMS). */
  constructor(private readonly flush: (ids: string[]) => void) {}

  /** Queue a confirmation; sends the batch now when it is full. */
  add(serverId: string): void {
    this.ids.push(serverId);
    if (this.ids.length > MAX_BATCHED_CONFIRMS) this.send();
    else this.scheduled ??= g.setImmediate ? g.setImmediate(() => this.send()) : setTimeout(() => this.send(), 0);
  }

  /** Send what is pending now. */
  send(): void {
    this.cancel();
    if (this.ids.length === 0) return;
    const ids = this.ids;
    this.ids = [];
    this.flush(ids);
  }

  /** Forget pending ids (the socket is gone: the server resends what it did not see confirmed). */
  clear(): void {
    this.cancel();
    this.ids = [];
  }

  private cancel(): void {
    if (this.scheduled === undefined) return;
    if (g.setImmediate && g.clearImmediate) g.clearImmediate(this.scheduled);
    else clearTimeout(this.scheduled as ReturnType<typeof setTimeout>);
    this.scheduled = undefined;
  }
}
