/**
 * A tiny listener set: every observable of the core uses it, and a throwing listener never
 * breaks the others or the protocol.
 */

/**
 * A set of listeners notified in subscription order.
 * @example
 * const l = new Listeners<[number]>();
 * const off = l.add((n) => console.log(n));
 * l.emit(1); off();
 */
export class Listeners<Args extends unknown[]> {
  // Boxed so the same function subscribed twice gets two independent subscriptions.
  private readonly set = new Set<{ fn: (...args: Args) => void }>();
  /** The entry while there is exactly one (the common case on the push path), else undefined. */
  private only: { fn: (...args: Args) => void } | undefined;

  add(listener: (...args: Args) => void): () => void {
    const entry = { fn: listener };
    this.set.add(entry);
    this.only = this.set.size === 1 ? entry : undefined;
    return () => {
      if (!this.set.delete(entry)) return;
      this.only = this.set.size === 1 ? this.set.values().next().value : undefined;
    };
  }

  emit(...args: Args): void {
    // Every push passes here: the single listener is called without copying the set or making
    // an iterator (one added during the call is not called either way).
    if (this.only !== undefined) return call(this.only, args);
    if (this.set.size > 0) this.emitAll(args);
  }

  private emitAll(args: Args): void {
    for (const entry of [...this.set]) call(entry, args);
  }

  get size(): number {
    return this.set.size;
  }

  clear(): void {
    this.set.clear();
    this.only = undefined;
  }
}

function call<Args extends unknown[]>(entry: { fn: (...args: Args) => void }, args: Args): void {
  try {
    entry.fn(...args);
  } catch (error) {
    reportListenerError(error);
  }
}

/**
 * Surface a listener's exception (like EventTarget does) without unwinding the core's stack.
 * @example
 * try { listener(state); } catch (error) { reportListenerError(error); }
 */
export function reportListenerError(error: unknown): void {
  const report = (globalThis as { reportError?: (e: unknown) => void }).reportError;
  if (typeof report === 'function') report(error);
  else console.error(error);
}

/**
 * Run `fn`, reporting what it throws as a listener error: for the "called at once" half of an
 * `onXChange(listener)`.
 * @example
 * callSafely(() => listener(state));
 */
export function callSafely(fn: () => void): void {
  try {
    fn();
  } catch (error) {
    reportListenerError(error);
  }
}
