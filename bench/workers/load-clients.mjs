// Load generator for the capacity figure: N bare `ws` clients speaking the Askless protocol as
// Flutter 3.1.0 does (configure, LISTEN one route, confirm every serverId, ping at 1 Hz with the
// listened stream). Runs in its own process so the server's CPU is measured alone.
import { WebSocket } from 'ws';
import { serveCommands } from '../lib/child.mjs';
import { nowMs } from '../lib/stats.mjs';

const ROUTE = process.env.ROUTE ?? 'bench/value';
const clients = [];
let counter = 0;
/** Set while an `expect` command waits: called on every push a client sees. */
let onPushSeen;
const id = (prefix) => `${prefix}${process.pid.toString(36)}x${(counter += 1).toString(36).padStart(12, '0')}`;

/** What each client has seen: the last pushed `seq` and when it arrived. */
class LoadClient {
  constructor(url, onLive) {
    this.listenId = id('LIS-');
    this.listenRequestId = id('LIS-_');
    this.lastSeq = -1;
    this.lastAt = 0;
    this.live = false;
    this.pingTimer = undefined;
    this.socket = new WebSocket(url);
    this.socket.on('message', (data, isBinary) => this.onFrame(isBinary ? '' : data.toString(), onLive));
    this.socket.on('error', () => {});
    this.socket.on('close', () => this.stopPing());
  }

  send(message) {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  onFrame(text, onLive) {
    if (text === 'welcome') {
      this.send({ clientRequestId: id('REQ-_'), requestType: 'CONFIGURE_CONNECTION',
        _class_type_configureconnectionrequest: '_', clientIdInternalApp: id('C'), clientType: 'flutter' });
      return;
    }
    if (text === 'pong' || text === '') return;
    const frame = JSON.parse(text);
    if (frame.serverId && frame._class_type_serverconfirmreceipt == null && frame._class_type_stoplistening == null) {
      this.send({ _class_type_clientconfirmreceipt: '_', clientRequestId: id('REQ-_'), requestType: 'CONFIRM_RECEIPT', serverId: frame.serverId });
    }
    if (frame._class_type_configureconnection != null) {
      this.send({ _class_type_listen: '_', clientRequestId: this.listenRequestId, requestType: 'LISTEN',
        route: ROUTE, params: null, listenId: this.listenId });
    } else if (frame._class_type_newDataForListener != null) {
      const before = this.lastSeq;
      const seq = frame.output?.seq;
      // Only a newer value counts: resends of an older push must not move the arrival time.
      if (typeof seq === 'number' && seq > before) {
        this.lastSeq = seq;
        this.lastAt = nowMs();
        onPushSeen?.(this, before);
      }
      if (!this.live) {
        this.live = true;
        this.startPing();
        onLive(this);
      }
    }
  }

  startPing() {
    const entry = { listenId: this.listenId, route: ROUTE, params: null, clientRequestId: this.listenRequestId,
      requestType: 'LISTEN', _class_type_listen: '_' };
    const ping = () => this.send({ _class_type_pingpong: '_', listeningToRoutes: [entry] });
    // Random phase so N clients spread their pings over the second, as real clients would.
    this.pingTimer = setTimeout(() => {
      ping();
      this.pingTimer = setInterval(ping, 1000);
    }, Math.random() * 1000);
  }

  stopPing() {
    clearTimeout(this.pingTimer);
    clearInterval(this.pingTimer);
  }
}

serveCommands(
  {
    // Open n clients, at most `concurrency` handshakes in flight, until every one is live.
    connect: async ({ url, n, concurrency = 200, timeoutMs = 120_000 }) => {
      const t0 = nowMs();
      let live = 0;
      let started = 0;
      await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${live}/${n} clients live after ${timeoutMs} ms`)), timeoutMs);
        const startMore = () => {
          while (started < n && started - live < concurrency) {
            started += 1;
            clients.push(new LoadClient(url, () => {
              live += 1;
              if (live === n) { clearTimeout(timer); resolve(); } else startMore();
            }));
          }
        };
        startMore();
      });
      return { type: 'connected', n: clients.length, ms: nowMs() - t0 };
    },
    // Resolve when every client has seen `seq` (or the deadline passes): arrival spread.
    expect: async ({ seq, timeoutMs = 60_000 }) => {
      const missing = () => clients.filter((c) => c.lastSeq < seq).length;
      if (missing() > 0) {
        let left = missing();
        await new Promise((resolve) => {
          const timer = setTimeout(resolve, timeoutMs);
          onPushSeen = (client, before) => {
            if (before < seq && client.lastSeq >= seq) left -= 1;
            if (left <= 0) { clearTimeout(timer); resolve(); }
          };
        });
        onPushSeen = undefined;
      }
      const got = clients.filter((c) => c.lastSeq >= seq);
      let first = Infinity;
      let last = 0;
      for (const c of got) { first = Math.min(first, c.lastAt); last = Math.max(last, c.lastAt); }
      return { type: 'received', count: got.length, n: clients.length, first, last };
    },
    stats: () => ({ type: 'stats', cpu: process.cpuUsage(), rss: process.memoryUsage().rss, at: nowMs() }),
  },
  () => { for (const c of clients) { c.stopPing(); c.socket.terminate(); } },
);
process.send({ type: 'ready' });
