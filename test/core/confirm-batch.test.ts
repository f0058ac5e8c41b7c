// The batching of push confirmations (internal/confirm-batch.ts) and the listener sets on the
// push path (internal/listeners.ts), below the wire tests of test/server/batched-confirms.test.ts.
import { describe, expect, it, vi } from 'vitest';
import { ConfirmBatch } from '../../src/core/internal/confirm-batch.js';
import { Listeners } from '../../src/core/internal/listeners.js';

/** Run `fn` as a socket event does: a macrotask of its own, resolving with what `fn` returns from its first promise job. */
function inMacrotask<T>(fn: (resolveInJob: (read: () => T) => void) => void): Promise<T> {
  return new Promise((resolve) => setImmediate(() => fn((read) => void Promise.resolve().then(() => resolve(read())))));
}

describe('ConfirmBatch', () => {
  it('confirms the first push of a burst at once and the rest before the app reacts in a promise job', async () => {
    const sent: string[][] = [];
    const batch = new ConfirmBatch((ids) => sent.push([...ids]));
    const seenByJob = await inMacrotask<string[][]>((resolveInJob) => {
      batch.add('a');
      batch.add('b');
      batch.add('c');
      expect(sent).toEqual([['a']]);
      // The app's reaction to the pushes (say, asking for the next value) comes after the burst's
      // confirm: a setImmediate would have left it in front of the next push's delivery.
      resolveInJob(() => sent.map((ids) => [...ids]));
    });
    expect(seenByJob).toEqual([['a'], ['b', 'c']]);
    batch.add('d'); // a new burst
    expect(sent.at(-1)).toEqual(['d']);
  });

  it('sends a full batch at once and forgets pending ids on clear', async () => {
    const sent: string[][] = [];
    const batch = new ConfirmBatch((ids) => sent.push([...ids]));
    await inMacrotask<void>((done) => {
      for (let i = 0; i < 300; i++) batch.add(`id-${i}`);
      batch.add('dropped');
      batch.clear();
      done(() => undefined);
    });
    expect(sent.map((ids) => ids.length)).toEqual([1, 257]);
    expect(sent.flat()).not.toContain('dropped');
  });
});

describe('Listeners', () => {
  it('calls the one listener left after the others unsubscribe, and none after clear', () => {
    const listeners = new Listeners<[number]>();
    const alone = vi.fn();
    listeners.add(alone)();
    listeners.emit(0);
    expect(alone).not.toHaveBeenCalled();
    const a = vi.fn();
    const b = vi.fn();
    const offA = listeners.add(a);
    const offB = listeners.add(b);
    listeners.emit(1);
    offA();
    listeners.emit(2);
    offA(); // twice: still only b
    listeners.emit(3);
    expect(a.mock.calls).toEqual([[1]]);
    expect(b.mock.calls).toEqual([[1], [2], [3]]);
    offB();
    listeners.emit(4);
    const c = vi.fn();
    listeners.add(c);
    listeners.add(c); // the same function twice: two subscriptions
    listeners.emit(5);
    expect(c.mock.calls).toEqual([[5], [5]]);
    listeners.clear();
    listeners.emit(6);
    expect(b).toHaveBeenCalledTimes(3);
    expect(c).toHaveBeenCalledTimes(2);
  });
});
