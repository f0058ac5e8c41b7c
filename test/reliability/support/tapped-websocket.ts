/**
 * A `ws` WebSocket subclass that remembers which inbound frame is being handled, so a stream
 * listener (called synchronously from the client's `onmessage`) can tell which `serverId` carried
 * the value it got. This is how "no listener ever sees the same serverId twice" is checked from
 * the listener's side rather than guessed from the server's.
 */
import WebSocket from 'ws';
import type { WebSocketConstructor } from '../../../src/core/types.js';

/**
 * A WebSocket class plus the frame currently being dispatched.
 * @example
 * const { WebSocket, current } = createTappedWebSocket();
 */
export interface TappedWebSocket {
  readonly WebSocket: WebSocketConstructor;
  /** The parsed frame whose `onmessage` is running now, if it was a JSON object. */
  current(): Record<string, unknown> | undefined;
  /** Every JSON frame received by any socket of this class, in order (when `record` is set). */
  readonly inbound: Record<string, unknown>[];
}

/**
 * Options of {@link createTappedWebSocket}.
 * @example
 * createTappedWebSocket({ record: true, rewrite: (f) => f });
 */
export interface TapOptions {
  /** Keep every inbound JSON frame in `inbound`. */
  record?: boolean;
  /** Rewrite inbound JSON frames before the client sees them (e.g. hide a server extension). */
  rewrite?: (frame: Record<string, unknown>) => Record<string, unknown>;
}

/**
 * Create a tapped WebSocket class (one per client, so `current()` is unambiguous).
 * @example
 * const tap = createTappedWebSocket();
 * const client = new AsklessClient({ serverUrl, WebSocket: tap.WebSocket });
 * stream.subscribe(() => seen.push(tap.current()?.serverId));
 */
export function createTappedWebSocket(options: TapOptions = {}): TappedWebSocket {
  let current: Record<string, unknown> | undefined;
  const inbound: Record<string, unknown>[] = [];
  class Tapped extends WebSocket {}
  const base = Object.getOwnPropertyDescriptor(WebSocket.prototype, 'onmessage');
  if (!base?.get || !base.set) throw new Error('ws no longer defines onmessage as an accessor');
  const { get, set } = base;
  Object.defineProperty(Tapped.prototype, 'onmessage', {
    configurable: true,
    get(this: WebSocket) {
      return get.call(this);
    },
    set(this: WebSocket, handler: ((event: { data: unknown }) => void) | null) {
      if (typeof handler !== 'function') return set.call(this, handler);
      set.call(this, function wrapped(this: WebSocket, event: { data: unknown }) {
        const text = String(event.data);
        let frame: Record<string, unknown> | undefined;
        if (text.startsWith('{')) {
          try {
            frame = JSON.parse(text) as Record<string, unknown>;
          } catch {
            frame = undefined;
          }
        }
        if (frame && options.rewrite) {
          frame = options.rewrite(frame);
          event = { data: JSON.stringify(frame) };
        }
        current = frame;
        if (frame && options.record) inbound.push(frame);
        try {
          handler.call(this, event);
        } finally {
          current = undefined;
        }
      });
    },
  });
  return { WebSocket: Tapped as unknown as WebSocketConstructor, current: () => current, inbound };
}
