/**
 * A real `redis-server` for cluster tests and benchmarks: on a free 127.0.0.1 port, persistence
 * off, killed by its pid. `restart()` brings it back on the same port with empty data (what a
 * Redis restart without persistence does to a cluster).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/**
 * A running redis-server.
 * @example
 * const redis = await startRedis(); console.log(redis.url); await redis.stop();
 */
export interface RedisProcess {
  readonly port: number;
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  readonly pid: () => number | undefined;
  /** Stop (SIGKILL by default) and wait for the exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Start again on the same port (after `stop`). */
  restart(): Promise<void>;
}

/**
 * A free TCP port on 127.0.0.1 (probe: bind port 0, read it, release it).
 * @example
 * const port = await freePort();
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function launch(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (data: Buffer): void => {
      output += data.toString();
      if (output.includes('Ready to accept connections')) {
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        resolve(child);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.resume();
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code}) before it was ready:\n${output}`)));
  });
}

/**
 * Start a redis-server on a free port.
 * @example
 * const redis = await startRedis();
 */
export async function startRedis(): Promise<RedisProcess> {
  const port = await freePort();
  let child: ChildProcess | undefined = await launch(port);
  const stop = async (signal: NodeJS.Signals = 'SIGKILL'): Promise<void> => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill(signal);
    await exited;
  };
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    pid: () => child?.pid,
    stop,
    restart: async () => {
      await stop();
      child = await launch(port);
    },
  };
}
