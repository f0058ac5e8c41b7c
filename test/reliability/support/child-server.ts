/**
 * Runs the project's reference server in a child Node process, so a test can SIGKILL it,
 * restart it on the same port, and read its heap after a real GC (`--expose-gc` is given to the
 * child only; the test process stays normal). The TypeScript entry is bundled once per run with
 * esbuild, which Vite already ships; bare imports (ws) stay external and resolve from
 * node_modules because the bundle is written under node_modules/.cache.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { ServerStats } from '../../../src/server/index.js';

// soak.mjs runs this file from a bundle elsewhere, so it names the repository root itself.
const ROOT = process.env.ASKLESS_REPO_ROOT ?? resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
const ENTRY = join(ROOT, 'test/reliability/support/server-child-entry.ts');

const bundles = new Map<string, Promise<string>>();

/**
 * Bundle a child entry (once per process and entry) and return the output path.
 * @example
 * const file = await bundleChildServer();
 */
export function bundleChildServer(entry = ENTRY): Promise<string> {
  let bundlePromise = bundles.get(entry);
  bundlePromise ??= (async () => {
    const dir = join(ROOT, 'node_modules/.cache/askless-reliability');
    mkdirSync(dir, { recursive: true });
    // A unique name per process: two vitest workers may bundle at the same moment.
    const outfile = join(dir, `server-child-${process.pid}-${randomBytes(4).toString('hex')}.mjs`);
    await build({ entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'silent' });
    process.once('exit', () => rmSync(outfile, { force: true }));
    return outfile;
  })();
  bundles.set(entry, bundlePromise);
  return bundlePromise;
}

/**
 * Heap figures reported by the child after forced GCs.
 * @example
 * const { heapUsed } = await child.memory();
 */
export interface ChildMemory {
  heapUsed: number;
  rss: number;
  external: number;
}

/**
 * Counters the child reports (see server-child-entry.ts).
 * @example
 * expect((await child.stats()).connectionCount).toBe(3);
 */
export interface ChildStats {
  connectionCount: number;
  clientRecordCount: number;
  /** Size of the reference app's data as JSON: legitimate growth, not a leak. */
  appStateBytes: number;
  products: number;
  writes: Record<string, number>;
}

/**
 * A reference server running in a child process.
 * @example
 * const child: ChildServer = await startChildServer();
 */
export interface ChildServer {
  readonly port: number;
  readonly pid: number;
  readonly process: ChildProcess;
  /** Everything the child wrote to stdout/stderr (server logs), for leak searches. */
  readonly output: () => string;
  memory(): Promise<ChildMemory>;
  /** Memory right now, without forcing a GC (peaks during an attack). */
  rss(): Promise<ChildMemory>;
  stats(): Promise<ChildStats>;
  /** Send any command the entry understands and wait for its result. */
  ask<T>(cmd: string): Promise<T>;
  /** The server's own `server.stats()` (limits, issue 14). */
  serverStats(): Promise<ServerStats>;
  /** Resolves with the exit code/signal whenever the child ends. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Options forwarded to the child's `startReferenceServer` (must be JSON).
 * @example
 * await startChildServer({ port: 4000, tallyFile: '/tmp/tally.log' });
 */
export interface ChildServerOptions {
  port?: number;
  init?: Record<string, unknown>;
  counterIntervalMs?: number;
  /** Log every `tally` write the server runs to this file (one key a line). */
  tallyFile?: string;
  /** Delay between running a `tally` write and answering it (default 15 ms). */
  tallyReplyDelayMs?: number;
  /** Another entry file (absolute path) reading these options; default the reference app's. */
  entry?: string;
  /** Entry-specific options (JSON). */
  [extra: string]: unknown;
  /** A `blob` read route pushing `bytes` characters every `everyMs`. */
  blob?: { bytes: number; everyMs: number };
}

/**
 * Start the reference server in a child process and wait until it listens.
 * @example
 * const child = await startChildServer({ init: { maxPayloadBytes: 262144 } });
 * await child.kill('SIGKILL');
 */
export async function startChildServer(options: ChildServerOptions = {}): Promise<ChildServer> {
  const file = await bundleChildServer(options.entry);
  const child = fork(file, [], {
    execArgv: ['--expose-gc'],
    env: { ...process.env, RELIABILITY_CHILD_OPTIONS: JSON.stringify(options) },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  child.setMaxListeners(100); // each pending IPC question holds a listener
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );
  let seq = 0;
  const ask = <T>(cmd: string): Promise<T> =>
    new Promise((resolvePromise, reject) => {
      const ref = ++seq;
      const onMessage = (msg: { ref?: number; result?: T }): void => {
        if (msg.ref !== ref) return;
        child.off('message', onMessage);
        resolvePromise(msg.result as T);
      };
      child.on('message', onMessage);
      exited.then(() => reject(new Error(`child server exited before answering "${cmd}"`)));
      child.send({ cmd, ref });
    });
  const port = await new Promise<number>((resolvePromise, reject) => {
    child.once('message', (msg: { type?: string; port?: number }) => {
      if (msg.type === 'ready' && typeof msg.port === 'number') resolvePromise(msg.port);
      else reject(new Error(`unexpected first message from child: ${JSON.stringify(msg)}`));
    });
    exited.then(({ code, signal }) => reject(new Error(`child server exited during start (${code ?? signal}):\n${output}`)));
  });
  return {
    port,
    pid: child.pid ?? -1,
    process: child,
    output: () => output,
    memory: () => ask<ChildMemory>('memory'),
    rss: () => ask<ChildMemory>('rss'),
    stats: () => ask<ChildStats>('stats'),
    ask,
    serverStats: () => ask<ServerStats>('serverStats'),
    exited,
    kill: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
