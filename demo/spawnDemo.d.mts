import type { ChildProcess } from 'node:child_process';

/** A demo started by {@link spawnDemo}. */
export interface SpawnedDemo {
  /** The web app, e.g. `http://127.0.0.1:41234/`. */
  url: string;
  /** The Askless server, e.g. `ws://127.0.0.1:41235`. */
  serverUrl: string;
  /** Everything the demo printed so far. */
  output(): string;
  /** SIGTERM, then SIGKILL after 5 s; resolves when the process has exited. */
  stop(): Promise<void>;
  process: ChildProcess;
}

/**
 * Start `node demo/start.mjs` on free ports; resolves once it printed its URLs.
 * @example
 * const demo = await spawnDemo();
 * await demo.stop();
 */
export function spawnDemo(options?: { timeoutMs?: number; env?: Record<string, string> }): Promise<SpawnedDemo>;
