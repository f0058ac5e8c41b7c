// Baseline server: a bare `ws` WebSocketServer that sends the same JSON an Askless push carries
// (a NewDataForListener), with no protocol work at all. Driven over IPC by bench/figures/*.
import { WebSocketServer } from 'ws';
import { serveCommands } from '../lib/child.mjs';
import { nowMs } from '../lib/stats.mjs';

const wss = new WebSocketServer({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) });
await new Promise((resolve) => wss.once('listening', resolve));
const clients = new Set();
wss.on('connection', (socket) => {
  clients.add(socket);
  socket.on('close', () => clients.delete(socket));
  socket.on('error', () => {});
});

let serial = 0;
/** The same JSON shape as an Askless push (§1.6.5), so parsing costs match. */
function pushFrame(output) {
  serial += 1;
  return JSON.stringify({
    output,
    listenId: 'LIS-benchbenchbenchbenchbenchbe',
    _class_type_newDataForListener: '_',
    dataType: 'NewDataForListener',
    serverId: `NEW-${String(serial).padStart(5, '0')}-LIS-benchbenchbenchbenchbenchbe`,
  });
}

function broadcast(frame) {
  for (const socket of clients) socket.send(frame);
}

serveCommands(
  {
    push: (msg) => {
      broadcast(pushFrame({ ...msg.value, t: nowMs() }));
    },
    // Fan-out baseline: one prepared frame to every socket; `t0` stamped before it is built.
    fanout: (msg) => {
      const t0 = nowMs();
      broadcast(pushFrame({ ...msg.value, t: t0 }));
      return { type: 'fanned', t0, t1: nowMs() };
    },
    // One-way flood for the throughput baseline: as fast as the socket drains, for durationMs.
    flood: async (msg) => {
      const [socket] = clients;
      if (!socket) throw new Error('no client connected');
      const end = nowMs() + msg.durationMs;
      let sent = 0;
      while (nowMs() < end) {
        // Stay under ~1 MB queued so we measure delivery, not memory growth; yield every
        // 256 frames so the socket can drain.
        for (let i = 0; i < 256 && socket.bufferedAmount < 1 << 20; i += 1) {
          socket.send(pushFrame({ seq: sent, t: nowMs() }));
          sent += 1;
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
      return { type: 'flooded', sent };
    },
    clientCount: () => ({ type: 'clientCount', count: clients.size }),
    stats: () => ({ type: 'stats', cpu: process.cpuUsage(), rss: process.memoryUsage().rss, at: nowMs() }),
  },
  () => new Promise((resolve) => { for (const c of clients) c.terminate(); wss.close(() => resolve()); }),
);
process.send({ type: 'ready', port: wss.address().port });
