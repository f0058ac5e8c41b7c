/**
 * A TCP proxy for fault injection, bound to 127.0.0.1 only. It sits between a client and the
 * server and, on command, delays every chunk, cuts every connection (RST), or blackholes them
 * (stops forwarding in both directions without closing, like a dead NAT entry) until `resume()`.
 * It counts the faults it injected so the suite can report them.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * What the proxy currently does with traffic.
 * @example
 * const mode: ProxyMode = 'blackhole';
 */
export type ProxyMode = 'pass' | 'delay' | 'blackhole';

interface Pair {
  readonly client: Socket;
  readonly upstream: Socket;
}

/**
 * Counters of what the proxy did, for the report.
 * @example
 * console.log(proxy.counts.cuts);
 */
export interface FaultCounts {
  connections: number;
  cuts: number;
  blackholes: number;
  delays: number;
}

/**
 * A running fault proxy.
 * @example
 * proxy.blackhole(); await noticed; proxy.resume();
 */
export interface FaultProxy {
  readonly port: number;
  readonly url: string;
  readonly counts: FaultCounts;
  /** Connections currently open through the proxy. */
  readonly openConnections: () => number;
  /** Delay every chunk, both ways, by `ms` (order preserved). */
  delay(ms: number): void;
  /** Stop forwarding in both directions; sockets stay open, bytes wait in kernel buffers. */
  blackhole(): void;
  /** Forward normally again (also ends a delay). Blackholed bytes flow on if the sockets live. */
  resume(): void;
  /** Reset every open connection at once (the client sees an abrupt close). */
  cutAll(): void;
  /** Refuse new connections (accept then reset) until `resume()`, to simulate a dead server. */
  refuseNew(): void;
  close(): Promise<void>;
}

/**
 * Start a fault proxy in front of `127.0.0.1:targetPort`.
 * @example
 * const proxy = await startFaultProxy(server.port);
 * const client = new AsklessClient({ serverUrl: proxy.url, WebSocket });
 * proxy.blackhole();
 */
export async function startFaultProxy(targetPort: number): Promise<FaultProxy> {
  const pairs = new Set<Pair>();
  const counts: FaultCounts = { connections: 0, cuts: 0, blackholes: 0, delays: 0 };
  let mode: ProxyMode = 'pass';
  let delayMs = 0;
  let refusing = false;
  const orphans = new Set<Socket>();

  const pipe = (from: Socket, to: Socket): void => {
    // A per-direction chain keeps chunk order under delay.
    let chain = Promise.resolve();
    from.on('data', (chunk: Buffer) => {
      if (mode === 'delay') {
        const wait = delayMs;
        chain = chain.then(() => new Promise<void>((done) => setTimeout(() => {
          if (!to.destroyed) to.write(chunk);
          done();
        }, wait)));
        return;
      }
      chain = chain.then(() => {
        if (!to.destroyed) to.write(chunk);
      });
    });
  };

  const server: Server = createServer((client) => {
    if (refusing) {
      client.resetAndDestroy();
      return;
    }
    counts.connections++;
    const upstream = connect({ host: '127.0.0.1', port: targetPort });
    const pair: Pair = { client, upstream };
    pairs.add(pair);
    // While blackholed a close is not forwarded either: the far side must notice by itself,
    // as it would behind a dead link. The orphan is reset at resume() or close().
    const teardown = (): void => {
      if (mode === 'blackhole') {
        orphans.add(client.destroyed ? upstream : client);
        pairs.delete(pair);
        return;
      }
      pairs.delete(pair);
      if (!client.destroyed) client.destroy();
      if (!upstream.destroyed) upstream.destroy();
    };
    client.on('error', teardown).on('close', teardown);
    upstream.on('error', teardown).on('close', teardown);
    if (mode === 'blackhole') {
      client.pause();
      upstream.pause();
    }
    pipe(client, upstream);
    pipe(upstream, client);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  const proxy: FaultProxy = {
    port,
    url: `ws://127.0.0.1:${port}`,
    counts,
    openConnections: () => pairs.size,
    delay(ms) {
      if (mode === 'blackhole') proxy.resume();
      mode = 'delay';
      delayMs = ms;
      counts.delays++;
    },
    blackhole() {
      mode = 'blackhole';
      counts.blackholes++;
      for (const { client, upstream } of pairs) {
        client.pause();
        upstream.pause();
      }
    },
    resume() {
      mode = 'pass';
      refusing = false;
      for (const { client, upstream } of pairs) {
        client.resume();
        upstream.resume();
      }
      for (const socket of orphans) socket.destroy();
      orphans.clear();
    },
    cutAll() {
      counts.cuts += pairs.size;
      for (const { client, upstream } of [...pairs]) {
        client.resetAndDestroy();
        upstream.resetAndDestroy();
      }
    },
    refuseNew() {
      refusing = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const { client, upstream } of [...pairs]) {
          client.destroy();
          upstream.destroy();
        }
        for (const socket of orphans) socket.destroy();
        server.close(() => resolve());
      }),
  };
  return proxy;
}
