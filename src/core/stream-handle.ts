/**
 * The public `AsklessStream` returned by `client.readStream()`: lazy (nothing is sent before the
 * first subscriber), shared through the registry, observable as callbacks, as snapshots for
 * `useSyncExternalStore`, or with `for await`.
 */
import type { AsklessError } from './errors.js';
import { ClientErrorCode } from './errors.js';
import type { StreamEntry, StreamRegistry } from './streams.js';
import { streamKey } from './stream-key.js';
import type { AsklessStream, StreamSnapshot, StreamSource } from './types.js';
import type { Params } from './protocol/wire.js';

const PENDING: StreamSnapshot<never> = Object.freeze({ status: 'pending', data: undefined, hasData: false });

function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    fn();
  };
}

/**
 * A handle on a shared stream; cheap to create, does nothing until subscribed.
 * @example
 * const stream = client.readStream<Product[]>({ route: 'products' });
 * const off = stream.subscribe((products) => render(products));
 */
export class StreamHandle<T> implements AsklessStream<T> {
  readonly key: string;
  private entry: StreamEntry | undefined;

  constructor(
    private readonly registry: StreamRegistry,
    private readonly route: string,
    private readonly params: Params,
    private readonly source: StreamSource,
    private readonly persevere: boolean,
    private readonly shared = true,
    private readonly conflate = false,
    private readonly persist = false,
  ) {
    this.key = streamKey(route, params);
  }

  subscribe(onValue: (value: T) => void, onError?: (error: AsklessError) => void): () => void {
    const entry = this.acquire();
    const offValue = entry.values.add(onValue as (value: unknown) => void);
    const offError = onError ? entry.errors.add(onError) : () => undefined;
    const unsubscribe = once(() => {
      offValue();
      offError();
      this.registry.release(entry, this.persevere);
    });
    // cacheAndRemote: this late subscriber (only this one) gets the current value at once.
    if (this.source === 'cacheAndRemote' && entry.hasValue) onValue(entry.lastValue as T);
    return unsubscribe;
  }

  subscribeSnapshot(listener: () => void): () => void {
    const entry = this.acquire();
    const off = entry.snapshots.add(listener);
    return once(() => {
      off();
      this.registry.release(entry, this.persevere);
    });
  }

  getSnapshot(): StreamSnapshot<T> {
    const e = this.entry;
    if (e && (e.alive || e.refCount > 0)) return e.snapshot as StreamSnapshot<T>;
    // An unshared handle never shows another subscription's stream.
    return ((this.shared ? this.registry.peek(this.key)?.snapshot : undefined) ?? PENDING) as StreamSnapshot<T>;
  }

  /** LISTEN again now if the stream is in error (it also retries by itself with backoff). */
  retry(): void {
    const e = this.entry;
    if (e?.alive && e.state === 'error') this.registry.retryNow(e);
  }

  /**
   * `for await (const value of stream)`. A stream is state: a slow loop gets the latest value,
   * not every value in between (the queue holds one), so it cannot grow without bound.
   */
  [Symbol.asyncIterator](): AsyncIterator<T> {
    const queue: T[] = [];
    let waiter: { resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void } | undefined;
    let finished = false;
    let failure: AsklessError | undefined;
    const finish = (error?: AsklessError) => {
      if (finished) return;
      finished = true;
      failure = error;
      unsubscribe();
      const w = waiter;
      waiter = undefined;
      if (!w) return;
      if (error) {
        failure = undefined;
        w.reject(error);
      } else w.resolve({ value: undefined, done: true });
    };
    const unsubscribe = this.subscribe(
      (value) => {
        if (finished) return;
        if (waiter) {
          const w = waiter;
          waiter = undefined;
          w.resolve({ value, done: false });
        } else queue[0] = value; // keep only the latest
      },
      // A server stop ends the iteration; any other error is thrown by the loop.
      (error) => finish(error.code === ClientErrorCode.STREAM_STOPPED ? undefined : error),
    );
    return {
      next: () => {
        if (queue.length > 0) return Promise.resolve({ value: queue.shift() as T, done: false });
        if (failure) {
          const error = failure;
          failure = undefined;
          return Promise.reject(error);
        }
        if (finished) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve, reject) => {
          waiter = { resolve, reject };
        });
      },
      return: () => {
        finish();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }

  private acquire(): StreamEntry {
    const entry = this.registry.acquire(this.route, this.params, this.persevere, this.shared, this.conflate, this.persist);
    this.entry = entry;
    return entry;
  }
}
