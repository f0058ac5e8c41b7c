/**
 * Child-process plumbing for the benchmarks: servers and load generators run in their own
 * Node processes so each side gets its own event loop (and its CPU can be measured alone).
 *
 * @example
 * const worker = await startWorker('bench/workers/raw-server.mjs');
 * const { port } = await worker.request({ type: 'listen' }, 'listening');
 * await worker.stop();
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const benchDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/**
 * Fork `bench/workers/<file>` with an IPC channel, and wait for its `{type:'ready'}` message.
 * @example const w = await startWorker('raw-server.mjs', { env: { PORT: '0' } });
 */
export async function startWorker(file, { env = {}, args = [], timeoutMs = 30_000 } = {}) {
  const child = fork(path.join(benchDir, 'workers', file), args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const worker = new Worker(child);
  worker.ready = await worker.next('ready', timeoutMs);
  return worker;
}

/** A forked worker: send commands, await typed replies. */
class Worker {
  constructor(child) {
    this.child = child;
    this.waiters = [];
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    child.on('message', (msg) => {
      const i = this.waiters.findIndex((w) => w.type === msg.type);
      if (i >= 0) {
        const [w] = this.waiters.splice(i, 1);
        w.resolve(msg);
      } else if (msg.type === 'error') {
        // An error nobody asked for still fails whoever waits next.
        for (const w of this.waiters.splice(0)) w.reject(new Error(msg.message));
      }
      this.onMessage?.(msg);
    });
    child.once('exit', (code, signal) => {
      for (const w of this.waiters.splice(0)) {
        w.reject(new Error(`worker exited (code ${code}, signal ${signal}) while waiting for "${w.type}"`));
      }
    });
  }

  /** Send a message without waiting. */
  send(msg) {
    this.child.send(msg);
  }

  /** Wait for the next message of `type` (bounded by `timeoutMs`). */
  next(type, timeoutMs = 60_000) {
    return new Promise((resolve, reject) => {
      const waiter = { type, resolve, reject };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for "${type}" from worker`));
      }, timeoutMs);
      waiter.resolve = (m) => { clearTimeout(timer); resolve(m); };
      waiter.reject = (e) => { clearTimeout(timer); reject(e); };
      this.waiters.push(waiter);
    });
  }

  /** Send `msg` and wait for the reply of `replyType`. */
  request(msg, replyType, timeoutMs) {
    const reply = this.next(replyType, timeoutMs);
    this.send(msg);
    return reply;
  }

  /** SIGKILL the process (a crash, not a shutdown) and wait for it to be gone. */
  async kill() {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    return this.exited;
  }

  /** Ask politely, then kill if it does not leave within 5 s. */
  async stop() {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return this.exited;
    if (this.child.connected) this.child.send({ type: 'exit' });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    const result = await this.exited;
    clearTimeout(timer);
    return result;
  }
}

/**
 * Inside a worker: answer IPC commands with `handlers[msg.type](msg)`; a thrown error is sent
 * back as `{type:'error'}`. `{type:'exit'}` runs `onExit` and leaves.
 * @example serveCommands({ push: (m) => send(m.payload) }, async () => server.close());
 */
export function serveCommands(handlers, onExit) {
  process.on('message', async (msg) => {
    try {
      if (msg.type === 'exit') {
        await onExit?.();
        process.exit(0);
      }
      const handler = handlers[msg.type];
      if (!handler) throw new Error(`unknown command ${msg.type}`);
      const reply = await handler(msg);
      if (reply) process.send(reply);
    } catch (error) {
      process.send({ type: 'error', message: error instanceof Error ? error.stack : String(error) });
    }
  });
  // The parent vanished (Ctrl-C, crash): never linger as an orphan holding ports.
  process.on('disconnect', () => process.exit(0));
}
