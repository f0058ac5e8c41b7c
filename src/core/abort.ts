/**
 * What happened to a request after its caller aborted it. The caller gets `ABORTED` at once; a
 * request that had already reached the server may still have run (a write that completed
 * before the cancel arrived), and the server's answer, which still comes, says so. The
 * `ABORTED` error of such a request is an {@link AbortedRequestError} whose `outcome` settles
 * with that answer.
 */
import { AsklessError, ClientErrorCode } from './errors.js';
import type { WireError } from './protocol/wire.js';

/**
 * The fate of an aborted request: `ran` (the server completed it: a write took effect),
 * `notRun` (never sent, or the server answered with an error, e.g. the handler honoured
 * `ctx.signal`) or `unknown` (no answer before the connection dropped or the timeout).
 * @example
 * const outcome: AbortOutcome = await error.outcome;
 * if (outcome.status === 'ran') undoOptimisticRollback(outcome.output);
 */
export type AbortOutcome = { status: 'ran'; output: unknown } | { status: 'notRun'; error?: AsklessError } | { status: 'unknown' };

/**
 * The `ABORTED` error of a request; `outcome` tells whether it ran on the server anyway.
 * @example
 * const res = await client.create({ route: 'order', body, signal });
 * if (res.error instanceof AbortedRequestError && (await res.error.outcome).status === 'ran') notify('The order was placed anyway');
 */
export class AbortedRequestError extends AsklessError {
  constructor(
    description: string,
    /** Settles once the server's answer (or its absence) is known; never rejects. */
    readonly outcome: Promise<AbortOutcome>,
  ) {
    super(ClientErrorCode.ABORTED, description);
  }
}

/** At most this many aborted requests are watched for their late answer (oldest reported `unknown`). */
export const MAX_WATCHED_ABORTS = 256;

/**
 * The answers still expected for aborted requests, bounded in number and time.
 * @example
 * const outcome = watch.track('REQ-_1', 7000); watch.onResponse('REQ-_1', output, undefined);
 */
export class AbortWatch {
  private readonly watched = new Map<string, { resolve: (o: AbortOutcome) => void; timer: ReturnType<typeof setTimeout> }>();

  /** Expect the answer of `clientRequestId` for up to `timeoutMs`. */
  track(clientRequestId: string, timeoutMs: number): Promise<AbortOutcome> {
    return new Promise<AbortOutcome>((resolve) => {
      if (this.watched.size >= MAX_WATCHED_ABORTS) this.settle(this.watched.keys().next().value!, { status: 'unknown' });
      const timer = setTimeout(() => this.settle(clientRequestId, { status: 'unknown' }), timeoutMs);
      this.watched.set(clientRequestId, { resolve, timer });
    });
  }

  /** A Response arrived: true if it answered an aborted request. */
  onResponse(clientRequestId: string, output: unknown, error: WireError | undefined): boolean {
    if (!this.watched.has(clientRequestId)) return false;
    this.settle(clientRequestId, error ? { status: 'notRun', error: AsklessError.fromWire(error) } : { status: 'ran', output });
    return true;
  }

  /** The connection dropped or the client closed: late answers will not come on it. */
  clear(): void {
    for (const id of [...this.watched.keys()]) this.settle(id, { status: 'unknown' });
  }

  private settle(clientRequestId: string, outcome: AbortOutcome): void {
    const entry = this.watched.get(clientRequestId);
    if (!entry) return;
    this.watched.delete(clientRequestId);
    clearTimeout(entry.timer);
    entry.resolve(outcome);
  }
}
