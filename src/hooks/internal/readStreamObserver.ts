/**
 * One observer per `useReadStream` hook (TanStack's QueryObserver pattern): created once,
 * React-free, read through `useSyncExternalStore`. It holds a lazy core stream handle and only
 * subscribes it (so only then does the core send a LISTEN) while React subscribes to it.
 */
import type { QueryClient } from '@tanstack/react-query';
import { AsklessError, ClientErrorCode } from '../../core/errors.js';
import type { AsklessStream, StreamSnapshot, StreamSource, StreamStatus } from '../../core/types.js';
import type { StreamCacheSync } from './cacheSync.js';
import type { AsklessClientLike } from './client.js';
import { streamKey } from './keys.js';

/** What the observer needs to know about one stream. */
export interface ReadStreamObserverOptions {
  route: string;
  params?: Record<string, unknown> | null;
  source?: StreamSource;
  persevere?: boolean;
  /** Only the latest value matters: see `ReadStreamOptions.conflate` (askless-react's server). Default `false`. */
  conflate?: boolean;
  /** `false` holds no stream and sends nothing. Default `true`. */
  enabled?: boolean;
  /** Write received values into the query cache under `['askless', route, params]`. Default `true`. */
  syncQueryCache?: boolean;
  /** Show the last value stored by an earlier session at once (`stale: true` until live); see `readStream({ persist })`. */
  persist?: boolean;
}

/** What `useReadStream` returns: the same object until the stream's snapshot changes. */
export interface ReadStreamResult<T> {
  readonly data: T | undefined;
  readonly error: AsklessError | undefined;
  readonly status: StreamStatus;
  /** `data` was stored by an earlier session and is not live yet (`persist` only; absent otherwise). */
  readonly stale?: true;
}

/** Where live values go for `useRead` consumers. */
export interface CacheTarget {
  readonly sync: StreamCacheSync;
  readonly queryClient: QueryClient;
}

const DISABLED: ReadStreamResult<never> = Object.freeze({ data: undefined, error: undefined, status: 'pending' });

/**
 * Observes one (route, params) stream for one hook; params are compared by value.
 * @example
 * const observer = new ReadStreamObserver(client, { route: 'products' });
 * const stop = observer.subscribe(() => render(observer.getSnapshot()));
 */
export class ReadStreamObserver<T> {
  private options: ReadStreamObserverOptions;
  /** Identity of the current handle; `null` while disabled. */
  private identity: string | null = null;
  private key = '';
  private stream: AsklessStream<T> | undefined;
  private readonly listeners = new Set<() => void>();
  private detach: (() => void) | undefined;
  private lastSnapshot: StreamSnapshot<T> | undefined;
  private result: ReadStreamResult<T> = DISABLED;

  constructor(
    readonly client: AsklessClientLike,
    options: ReadStreamObserverOptions,
    private readonly cache?: CacheTarget,
  ) {
    this.options = options;
    this.selectHandle(options);
  }

  /** Applies new options; swaps the stream only when route, params (by value) or flags changed. */
  setOptions(options: ReadStreamObserverOptions): void {
    this.options = options;
    if (identityOf(options) === this.identity) return;
    this.release();
    this.selectHandle(options);
    if (this.listeners.size > 0) this.attach();
    this.notify();
  }

  /** For `useSyncExternalStore`: the first listener attaches the stream, the last detaches it. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.attach();
    return () => {
      if (!this.listeners.delete(listener)) return;
      if (this.listeners.size === 0) this.release();
    };
  };

  /** The current result; the same object until the underlying snapshot changes. */
  readonly getSnapshot = (): ReadStreamResult<T> => {
    const stream = this.stream;
    if (!stream) return this.identity === null ? DISABLED : this.result;
    const snapshot = stream.getSnapshot();
    if (snapshot !== this.lastSnapshot) {
      this.lastSnapshot = snapshot;
      this.result = { data: snapshot.data, error: snapshot.error, status: snapshot.status, ...(snapshot.stale ? { stale: true as const } : {}) };
    }
    return this.result;
  };

  /**
   * The result to show for `options` before `setOptions` ran (the render after a params change):
   * the current result when nothing changed, else a peek at the new stream's snapshot (a lazy
   * handle: no I/O), so a component never shows one frame of the previous params' data.
   */
  getOptimisticResult(options: ReadStreamObserverOptions, current: ReadStreamResult<T>): ReadStreamResult<T> {
    if (identityOf(options) === this.identity) return current;
    const peek = new ReadStreamObserver<T>(this.client, options);
    return peek.getSnapshot();
  }

  /** Server rendering: nothing streams there, so always the pending result. */
  readonly getServerSnapshot = (): ReadStreamResult<T> => DISABLED;

  private selectHandle(options: ReadStreamObserverOptions): void {
    this.identity = identityOf(options);
    this.lastSnapshot = undefined;
    if (this.identity === null) {
      this.stream = undefined;
      return;
    }
    this.key = streamKey(options.route, options.params);
    try {
      // Lazy in the core: creating a handle sends nothing.
      this.stream = this.client.readStream<T>({
        route: options.route,
        params: options.params ?? null,
        ...(options.source !== undefined ? { source: options.source } : {}),
        ...(options.persevere !== undefined ? { persevere: options.persevere } : {}),
        ...(options.conflate ? { conflate: true } : {}),
        ...(options.persist ? { persist: true } : {}),
      });
    } catch (error) {
      // Bad options (e.g. an empty route): an error state, not a crashed render.
      this.stream = undefined;
      this.result = { data: undefined, error: toAsklessError(error), status: 'error' };
    }
  }

  private attach(): void {
    const stream = this.stream;
    if (!stream || this.detach) return;
    const cache = this.options.syncQueryCache === false ? undefined : this.cache;
    const releaseCache = cache?.sync.retain(cache.queryClient, this.key);
    const offer = (): void => {
      if (!cache) return;
      const snapshot = stream.getSnapshot();
      // A persisted (stale) value is shown by this hook but never offered as a query's data.
      if (snapshot.hasData && !snapshot.stale) {
        cache.sync.offer(cache.queryClient, this.key, this.options.route, this.options.params, snapshot.data);
      }
    };
    const unsubscribe = stream.subscribeSnapshot(() => {
      offer();
      this.notify();
    });
    offer();
    this.detach = () => {
      unsubscribe();
      releaseCache?.();
    };
  }

  private release(): void {
    const detach = this.detach;
    this.detach = undefined;
    detach?.();
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

function toAsklessError(error: unknown): AsklessError {
  if (error instanceof AsklessError) return error;
  return new AsklessError(ClientErrorCode.INVALID_ARGUMENT, error instanceof Error ? error.message : String(error));
}

function identityOf(options: ReadStreamObserverOptions): string | null {
  if (options.enabled === false) return null;
  return `${streamKey(options.route, options.params)}|${options.source ?? ''}|${String(options.persevere ?? '')}|${
    options.syncQueryCache === false ? 'nosync' : 'sync'
  }${options.conflate ? '|conflate' : ''}${options.persist ? '|persist' : ''}`;
}
