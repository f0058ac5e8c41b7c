// Baseline signaling for the call figure: a bare `ws` relay. A page registers with
// `{register: id}`; every other frame `{to, from, data}` is forwarded verbatim to `to`.
import { WebSocketServer } from 'ws';
import { serveCommands } from '../lib/child.mjs';

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
await new Promise((resolve) => wss.once('listening', resolve));
const byId = new Map();
wss.on('connection', (socket) => {
  socket.on('error', () => {});
  socket.on('message', (raw) => {
    const text = raw.toString();
    let frame;
    try {
      frame = JSON.parse(text);
    } catch {
      return; // not ours: a relay drops what it cannot address
    }
    if (frame.register !== undefined) byId.set(frame.register, socket);
    else byId.get(frame.to)?.send(text);
  });
});
serveCommands({}, () => new Promise((resolve) => wss.close(() => resolve())));
process.send({ type: 'ready', port: wss.address().port });
