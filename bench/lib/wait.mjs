/**
 * Bounded waiting for the benchmarks: every wait has a deadline and a message saying what
 * never came.
 *
 * @example
 * await withTimeout(firstValue, 10_000, 'initial stream value');
 * await waitUntil(() => seen.size === 100, 5_000, 'all 100 streams');
 */

/**
 * Race `promise` against a deadline.
 * @example await withTimeout(socketOpen, 5_000, 'socket open');
 */
export function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} not reached within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * A promise with its resolve/reject exposed (resolving twice is harmless).
 * @example const done = deferred(); emitter.once('x', done.resolve); await done.promise;
 */
export function deferred() {
  let resolve;
  let reject;
  const promise = new Promise((res, rej) => { resolve = res; reject = rej; });
  return { promise, resolve, reject };
}
