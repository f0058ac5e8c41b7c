/**
 * Baseline client: a bare `ws` WebSocket that parses each frame as JSON and hands `output` to a
 * callback — the least any client must do with a push, through the same browser-style API our
 * client uses.
 *
 * @example
 * const raw = await connectRaw(`ws://127.0.0.1:${port}`, (output) => seen.push(output));
 * raw.close();
 */
import { WebSocket } from 'ws';

/**
 * Open a raw client and resolve once it is open.
 * @example const raw = await connectRaw(url, (v) => console.log(v.seq));
 */
export function connectRaw(url, onOutput) {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.addEventListener('message', (event) => {
      const frame = JSON.parse(event.data);
      onOutput(frame.output);
    });
    socket.addEventListener('open', () => resolve({ close: () => socket.close() }), { once: true });
    socket.addEventListener('error', (e) => reject(new Error(`raw client: ${e.message ?? 'socket error'}`)), { once: true });
  });
}
