// The file-transfer benchmark's server process: our AsklessServer with registerFileRoutes (a
// temporary store) and, beside it, a bare `ws` relay that forwards binary frames from the socket
// that registered as "send" to the one that registered as "receive" (the raw baseline).
// Commands: {type:'rss'} → {type:'rss', rss}.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import { serveCommands } from '../lib/child.mjs';

const { AsklessServer, registerFileRoutes } = await import(process.env.SERVER_MODULE);
const dir = mkdtempSync(join(tmpdir(), 'askless-bench-files-'));
const server = new AsklessServer();
server.init({
  wsOptions: { host: '127.0.0.1', port: 0 },
  authenticate: (credential, accept) => {
    const match = /^token-(\d+)$/.exec(String(credential?.accessToken ?? ''));
    if (match) accept.asAuthenticatedUser({ userId: Number(match[1]) });
    else accept.asUnauthenticatedUser();
  },
});
registerFileRoutes(server, { store: dir, maxFileBytes: 4 * 1024 ** 3, maxStoredBytesPerUser: 8 * 1024 ** 3 });
await server.start();

const raw = new WebSocketServer({ host: '127.0.0.1', port: 0 });
await new Promise((resolve) => raw.once('listening', resolve));
const ends = {};
raw.on('connection', (socket) => {
  socket.on('error', () => {});
  socket.on('message', (data, isBinary) => {
    if (!isBinary) ends[data.toString()] = socket;
    else ends.receive?.send(data, { binary: true });
  });
});

serveCommands({ rss: () => process.send({ type: 'rss', rss: process.memoryUsage().rss }) }, async () => {
  await server.stop();
  await new Promise((resolve) => raw.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});
process.send({ type: 'ready', port: server.port, rawPort: raw.address().port });
