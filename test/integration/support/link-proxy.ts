/**
 * A network link between the client and the real server, for integration tests: it forwards
 * every frame unchanged, and lets a test cut the link, make it silently dead, inject frames, or
 * rewrite server frames (for instance hide the resume extension to look like a 2.0.3 server).
 * It simulates the network only; both ends are the real client and the real server.
 */
import { WebSocket, WebSocketServer } from 'ws';

export interface LinkProxyOptions {
  /** Rewrite or drop (return null) a server → client text frame. */
  fromServer?: (text: string) => string | null;
}

interface Pair {
  client: WebSocket;
  server: WebSocket;
}

/** A running proxy on 127.0.0.1. */
export class LinkProxy {
  readonly pairs: Pair[] = [];
  /** While true, frames are dropped in both directions and nothing is closed (a dead link). */
  blackhole = false;
  /** Every frame sent by the client through the proxy, parsed when JSON, per connection index. */
  readonly clientFrames: { connection: number; frame: unknown }[] = [];
  /** Every text frame the server sent through the proxy (before any rewrite), per connection index. */
  readonly serverFrames: { connection: number; text: string }[] = [];
  private constructor(
    private readonly wss: WebSocketServer,
    readonly url: string,
  ) {}

  /** Start a proxy in front of `upstreamUrl`. */
  static async start(upstreamUrl: string, options: LinkProxyOptions = {}): Promise<LinkProxy> {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    const address = wss.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const proxy = new LinkProxy(wss, `ws://127.0.0.1:${port}`);
    wss.on('connection', (client) => {
      const index = proxy.pairs.length;
      const server = new WebSocket(upstreamUrl);
      const pair = { client, server };
      proxy.pairs.push(pair);
      const queue: string[] = [];
      server.on('open', () => {
        for (const text of queue.splice(0)) server.send(text);
      });
      server.on('message', (data, isBinary) => {
        if (proxy.blackhole || client.readyState !== WebSocket.OPEN) return;
        const text = isBinary ? null : data.toString();
        if (text === null) return;
        proxy.serverFrames.push({ connection: index, text });
        const out = options.fromServer ? options.fromServer(text) : text;
        if (out !== null) client.send(out);
      });
      client.on('message', (data) => {
        if (proxy.blackhole) return;
        const text = data.toString();
        try {
          proxy.clientFrames.push({ connection: index, frame: JSON.parse(text) });
        } catch {
          proxy.clientFrames.push({ connection: index, frame: text });
        }
        if (server.readyState === WebSocket.OPEN) server.send(text);
        else queue.push(text);
      });
      const closeBoth = () => {
        if (!proxy.blackhole) {
          client.terminate();
          server.terminate();
        }
      };
      client.on('close', () => server.terminate());
      server.on('close', closeBoth);
      client.on('error', () => undefined);
      server.on('error', () => undefined);
    });
    return proxy;
  }

  /** Cut every live link abruptly (the client sees code 1006). */
  dropAll(): void {
    for (const { client, server } of this.pairs) {
      client.terminate();
      server.terminate();
    }
  }

  /** Send a raw frame to the client of the latest link, as if the server sent it. */
  inject(text: string): void {
    const pair = this.pairs[this.pairs.length - 1];
    pair?.client.send(text);
  }

  /** Links whose client side is still open. */
  get openCount(): number {
    return this.pairs.filter((p) => p.client.readyState === WebSocket.OPEN).length;
  }

  async stop(): Promise<void> {
    this.dropAll();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}

/** A `fromServer` rewrite that hides the resume extension: the client then sees a plain 2.0.3 server. */
export function hideResumeExtension(text: string): string {
  if (!text.includes('"asklessReact"')) return text;
  const frame = JSON.parse(text) as { output?: { connectionConfiguration?: Record<string, unknown> } };
  delete frame.output?.connectionConfiguration?.asklessReact;
  return JSON.stringify(frame);
}
