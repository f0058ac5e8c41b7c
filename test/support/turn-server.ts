/**
 * A real TURN server for reconnection tests: Debian's coturn (`turnserver`), on free loopback
 * ports, started and killed by pid (TOOLCHAIN.md). Restartable on the same ports, so a test can
 * take the relay away mid-call and bring it back.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function accepting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * A coturn process with one long-term user `u`/`p`.
 * @example
 * const turn = await TurnServer.start();
 * const iceServers = [turn.iceServer];
 * await turn.stop(); await turn.restart();
 */
export class TurnServer {
  private child: ChildProcess | undefined;
  private readonly dir = mkdtempSync(join(tmpdir(), 'turn-'));

  private constructor(
    readonly port: number,
    private readonly relayPorts: [number, number],
  ) {}

  static async start(): Promise<TurnServer> {
    const port = await freePort();
    // A relay range away from the ephemeral ports the OS hands out (those are 32768+ on Linux).
    const base = 20_000 + Math.floor(Math.random() * 500) * 20;
    const turn = new TurnServer(port, [base, base + 19]);
    await turn.restart();
    return turn;
  }

  get iceServer(): RTCIceServer {
    return { urls: `turn:127.0.0.1:${this.port}?transport=udp`, username: 'u', credential: 'p' };
  }

  /** Start (again) on the same ports; resolves once it accepts connections. */
  async restart(): Promise<void> {
    if (this.child) return;
    const args = [
      '-n',
      '--listening-ip=127.0.0.1',
      '--relay-ip=127.0.0.1',
      `--listening-port=${this.port}`,
      `--min-port=${this.relayPorts[0]}`,
      `--max-port=${this.relayPorts[1]}`,
      '--user=u:p',
      '--realm=test',
      '--lt-cred-mech',
      '--no-tls',
      '--no-dtls',
      '--no-cli',
      '--allow-loopback-peers',
      `--pidfile=${join(this.dir, 'turn.pid')}`,
      '--log-file=stdout',
    ];
    const child = spawn('/usr/bin/turnserver', args, { stdio: 'ignore' });
    this.child = child;
    child.once('exit', () => {
      if (this.child === child) this.child = undefined;
    });
    const until = Date.now() + 10_000;
    while (!(await accepting(this.port))) {
      if (Date.now() > until || !this.child) throw new Error('turnserver did not start');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Kill it (SIGKILL: the relay vanishes as in a crash); resolves once it exited. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    this.child = undefined;
  }

  async close(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
