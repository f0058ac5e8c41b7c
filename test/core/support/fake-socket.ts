/**
 * A scripted in-memory WebSocket for unit tests with fake timers: the test plays the server,
 * using frames shaped exactly like the Askless 2.0.3 fixtures.
 */
import type { WebSocketConstructor } from '../../../src/core/types.js';

type Handler = ((event: never) => void) | null;

/** One fake socket; the test drives the server side. */
export class FakeSocket {
  readyState = 0;
  onopen: Handler = null;
  onmessage: Handler = null;
  onclose: Handler = null;
  onerror: Handler = null;
  /** Parsed frames the client sent, in order. */
  readonly sent: Record<string, unknown>[] = [];
  closedByClient = false;

  constructor(readonly url: string) {}

  send(data: string): void {
    if (this.readyState !== 1) throw new Error('send on a socket that is not open');
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }

  close(): void {
    this.closedByClient = true;
    this.readyState = 3;
  }

  /** Server side: the upgrade completed. */
  open(): void {
    this.readyState = 1;
    (this.onopen as ((e: unknown) => void) | null)?.({});
  }

  /** Server side: send a frame (objects are JSON-encoded, strings go as they are). */
  deliver(frame: unknown): void {
    const data = typeof frame === 'string' ? frame : JSON.stringify(frame);
    (this.onmessage as ((e: unknown) => void) | null)?.({ data });
  }

  /** Server side: deliver a raw `data` value (a Buffer, a number...). */
  deliverRaw(data: unknown): void {
    (this.onmessage as ((e: unknown) => void) | null)?.({ data });
  }

  /** The link dies. */
  drop(code = 1006): void {
    this.readyState = 3;
    (this.onclose as ((e: unknown) => void) | null)?.({ code, reason: '' });
  }

  /** Frames carrying `marker`. */
  sentWith(marker: string): Record<string, unknown>[] {
    return this.sent.filter((f) => f[marker] !== undefined);
  }
}

/** Creates FakeSockets and remembers them all. */
export class FakeSocketFactory {
  readonly sockets: FakeSocket[] = [];
  readonly WebSocket: WebSocketConstructor;

  constructor() {
    const sockets = this.sockets;
    this.WebSocket = class {
      constructor(url: string) {
        const socket = new FakeSocket(url);
        sockets.push(socket);
        return socket as unknown as object;
      }
    } as unknown as WebSocketConstructor;
  }

  get last(): FakeSocket {
    const s = this.sockets[this.sockets.length - 1];
    if (!s) throw new Error('no socket created yet');
    return s;
  }
}
