/**
 * Pin this process (every thread) to one CPU core with util-linux `taskset`, so the processes a
 * figure forks afterwards inherit the pin. On two shared cores a loopback latency floats between
 * two modes depending on whether client and server land on the same core (TOOLCHAIN.md); pinned,
 * the same comparison repeats within a few percent. Returns a function that restores the
 * previous affinity, or `undefined` if `taskset` is not available (then nothing is pinned).
 *
 * @example
 * const unpin = pinToCore(0);
 * try { await measure(); } finally { unpin?.(); }
 */
import { execFileSync } from 'node:child_process';

/**
 * Pin all threads of this process to `core`; returns the undo, or undefined when impossible.
 * @example const unpin = pinToCore(0); unpin?.();
 */
export function pinToCore(core = 0) {
  let previous;
  try {
    // "pid 123's current affinity list: 0,1"
    previous = execFileSync('taskset', ['-pc', String(process.pid)], { encoding: 'utf8' }).split(':').pop().trim();
    execFileSync('taskset', ['-a', '-pc', String(core), String(process.pid)], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
  return () => {
    try {
      execFileSync('taskset', ['-a', '-pc', previous, String(process.pid)], { stdio: 'ignore' });
    } catch {
      // The process keeps the pin; harmless for the figures that follow.
    }
  };
}
