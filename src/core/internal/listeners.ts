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
  private readonly set = new Set<(...args: Args) => void>();

  add(listener: (...args: Args) => void): () => void {
    // Wrap so the same function subscribed twice gets two independent subscriptions.
    const entry = (...args: Args) => listener(...args);
    this.set.add(entry);
    return () => {
      this.set.delete(entry);
    };
  }

  emit(...args: Args): void {
    for (const listener of [...this.set]) {
      try {
        listener(...args);
      } catch (error) {
        reportListenerError(error);
      }
    }
  }

  get size(): number {
    return this.set.size;
  }

  clear(): void {
    this.set.clear();
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
