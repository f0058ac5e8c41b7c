/**
 * Batched confirmations of pushes (the `batchedConfirms` flag of the asklessReact extension,
 * protocol/extension.ts): ids collect while frames arrive and leave in one CONFIRM_RECEIPT a
 * moment later, or at once when the batch is full. The confirm is then never on a push's way to
 * its listeners, nor on the server's way to the next push, and a burst of N pushes costs one
 * confirm frame instead of N. Only used against servers that advertise the flag.
 */
import { MAX_BATCHED_CONFIRMS } from '../protocol/extension.js';

/** How long a confirm may wait for company. Far below every resend period (seconds). */
export const CONFIRM_BATCH_DELAY_MS = 1;

/**
 * Pending confirmations of one connection.
 * @example
 * const batch = new ConfirmBatch((ids) => send(encodeConfirm(newRequestId(), ids[0], ids.slice(1))));
 * batch.add('NEW-a1-LIS-x');
 */
export class ConfirmBatch {
  private ids: string[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** `flush` sends one CONFIRM_RECEIPT for `ids` (never empty, at most 1 + MAX_BATCHED_CONFIRMS). */
  constructor(private readonly flush: (ids: string[]) => void) {}

  /** Queue a confirmation; sends the batch now when it is full. */
  add(serverId: string): void {
    this.ids.push(serverId);
    if (this.ids.length > MAX_BATCHED_CONFIRMS) this.send();
    else this.timer ??= setTimeout(() => this.send(), CONFIRM_BATCH_DELAY_MS);
  }

  /** Send what is pending now. */
  send(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.ids.length === 0) return;
    const ids = this.ids;
    this.ids = [];
    this.flush(ids);
  }

  /** Forget pending ids (the socket is gone: the server resends what it did not see confirmed). */
  clear(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.ids = [];
  }
}
