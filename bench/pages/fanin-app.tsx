/**
 * The fan-in figure's React tree, shared by the jsdom worker and the Chromium page: N components
 * each calling `useReadStream` on one key under one provider, and a bare `useSyncExternalStore`
 * baseline with the same N components and no Askless at all.
 *
 * Timing: a push's arrival is stamped by a WebSocket subclass (its own 'message' listener runs
 * before the client's); "all rendered" is the layout effect of the N-th component that commits
 * the pushed value.
 *
 * @example
 * const harness = createFanInHarness(document.getElementById('root')!, WebSocket);
 * await harness.mount('ws://127.0.0.1:4000', 1000);
 */
import { useLayoutEffect, useSyncExternalStore } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { AsklessProvider, useReadStream } from '../../src/index.js';

interface Value {
  seq: number;
}

/** Counts, per `seq`, how many components committed it, and resolves when all N did. */
class CommitTracker {
  private readonly counts = new Map<number, number>();
  private readonly waiters = new Map<number, (at: number) => void>();
  n = 0;

  seen(seq: number): void {
    const count = (this.counts.get(seq) ?? 0) + 1;
    this.counts.set(seq, count);
    if (count === this.n) {
      const at = performance.now();
      this.waiters.get(seq)?.(at);
      this.waiters.delete(seq);
    }
  }

  /** Forget earlier counts (a new tree re-commits seq 0). */
  reset(n: number): void {
    this.n = n;
    this.counts.clear();
    this.waiters.clear();
  }

  /** Resolves with the time the N-th component committed `seq` (call before it can happen). */
  all(seq: number): Promise<number> {
    return new Promise((resolve) => this.waiters.set(seq, resolve));
  }
}

/**
 * What the drivers (jsdom worker, Chromium page) call.
 * @example harness.arm(7); pushFromServer(7); const { renderMs } = await harness.result(7);
 */
export interface FanInHarness {
  /** Mount N askless components; resolves once all committed the stream's first value. */
  mount(url: string, n: number): Promise<void>;
  /** Arm a measurement for `seq` before the server pushes it. */
  arm(seq: number): void;
  /** Wait for the armed `seq`: ms from the push frame's arrival to the N-th commit (and the CPU ms spent, where measurable). */
  result(seq: number): Promise<{ renderMs: number; rendered: number; cpuMs?: number }>;
  /** Mount the bare baseline (N components on a plain external store). */
  mountBaseline(n: number): Promise<void>;
  /** Set the baseline store to `seq`: ms from the set to the N-th commit. */
  pokeBaseline(seq: number): Promise<{ renderMs: number; rendered: number }>;
  unmount(): void;
}

/**
 * Build the harness on a container; `BaseWebSocket` is the browser's or `ws`'s class.
 * @example const harness = createFanInHarness(container, WebSocket);
 */
export function createFanInHarness(
  container: HTMLElement,
  BaseWebSocket: typeof WebSocket,
  /** Process CPU time in ms (Node only): wall time depends on machine load, CPU time much less. */
  cpuNow?: () => number,
): FanInHarness {
  const tracker = new CommitTracker();
  let lastPushAt = 0;
  let lastPushCpu = 0;
  let root: Root | undefined;
  const pending = new Map<number, Promise<number>>();

  class TimedWebSocket extends BaseWebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      // Registered before the client's own listener, so it sees each frame first.
      this.addEventListener('message', (event: MessageEvent) => {
        if (typeof event.data === 'string' && event.data.includes('_class_type_newDataForListener')) {
          lastPushAt = performance.now();
          if (cpuNow) lastPushCpu = cpuNow();
        }
      });
    }
  }

  function Item() {
    const { data } = useReadStream<Value>({ route: 'bench/value' });
    useLayoutEffect(() => {
      if (data) tracker.seen(data.seq);
    }, [data]);
    return <span>{data ? data.seq : '-'}</span>;
  }

  // The baseline: the least a React app does to show one value in N places.
  let baselineValue: Value = { seq: -1 };
  const baselineListeners = new Set<() => void>();
  const baselineStore = {
    subscribe: (l: () => void) => {
      baselineListeners.add(l);
      return () => baselineListeners.delete(l);
    },
    get: () => baselineValue,
  };
  function BaselineItem() {
    const data = useSyncExternalStore(baselineStore.subscribe, baselineStore.get);
    useLayoutEffect(() => {
      if (data.seq >= 0) tracker.seen(data.seq);
    }, [data]);
    return <span>{data.seq}</span>;
  }

  const rendered = (seq: number) =>
    Array.from(container.querySelectorAll('span')).filter((s) => s.textContent === String(seq)).length;

  return {
    async mount(url, n) {
      tracker.reset(n);
      const first = tracker.all(0);
      root = createRoot(container);
      root.render(
        <AsklessProvider serverUrl={url} WebSocket={TimedWebSocket}>
          {Array.from({ length: n }, (_, i) => (
            <Item key={i} />
          ))}
        </AsklessProvider>,
      );
      await first;
    },
    arm(seq) {
      pending.set(seq, tracker.all(seq));
    },
    async result(seq) {
      const at = await pending.get(seq)!;
      const cpuMs = cpuNow ? cpuNow() - lastPushCpu : undefined;
      pending.delete(seq);
      return { renderMs: at - lastPushAt, rendered: rendered(seq), ...(cpuMs === undefined ? {} : { cpuMs }) };
    },
    async mountBaseline(n) {
      tracker.reset(n);
      root?.unmount();
      root = createRoot(container);
      const first = tracker.all(0);
      root.render(
        <>
          {Array.from({ length: n }, (_, i) => (
            <BaselineItem key={i} />
          ))}
        </>,
      );
      baselineValue = { seq: 0 };
      for (const l of baselineListeners) l();
      await first;
    },
    async pokeBaseline(seq) {
      const done = tracker.all(seq);
      const t0 = performance.now();
      baselineValue = { seq };
      for (const l of baselineListeners) l();
      const at = await done;
      return { renderMs: at - t0, rendered: rendered(seq) };
    },
    unmount() {
      root?.unmount();
      root = undefined;
    },
  };
}
