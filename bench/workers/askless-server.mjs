// Our AsklessServer in its own process, with the routes the benchmarks use, driven over IPC.
// Env: SERVER_MODULE (file URL of the bundled server entry), PORT (default 0), EPOCH (a number
// every pushed value carries, so a client can tell data from a restarted server), TAP=1 (count
// inbound LISTEN frames per route through init({ tap })).
import { serveCommands } from '../lib/child.mjs';
import { nowMs } from '../lib/stats.mjs';

const { AsklessServer } = await import(process.env.SERVER_MODULE);
const epoch = Number(process.env.EPOCH ?? 1);

const listensByRoute = new Map();
/** TAP=1 only: ms from the notifyChanges call to the push frame reaching the socket, per push. */
const callToSend = [];
let lastCallAt = 0;
let confirmed = 0;
/** Set while the throughput pump runs. */
let onConfirm;
const tap = process.env.TAP === '1'
  ? (event) => {
      const frame = event.frame;
      if (event.direction === 'in' && frame && typeof frame === 'object' && frame._class_type_listen != null && typeof frame.route === 'string' && frame._class_type_pingpong == null) {
        listensByRoute.set(frame.route, (listensByRoute.get(frame.route) ?? 0) + 1);
      }
      if (event.direction === 'out' && frame && typeof frame === 'object' && frame._class_type_newDataForListener != null && callToSend.length < 100_000) {
        callToSend.push(nowMs() - lastCallAt);
      }
    }
  : undefined;

const server = new AsklessServer();
server.init({
  wsOptions: { host: '127.0.0.1', port: Number(process.env.PORT ?? 0) },
  ...(tap ? { tap } : {}),
  // Calls are for authenticated users: `{accessToken: 'token-<n>'}` logs in as user n.
  authenticate: (credential, accept) => {
    const match = /^token-(\d+)$/.exec(String(credential?.accessToken ?? ''));
    if (match) accept.asAuthenticatedUser({ userId: Number(match[1]) });
    else accept.asUnauthenticatedUser();
  },
  // A load test of 5,000 sockets needs more than the default per-process patience.
  ...(process.env.SERVER_OPTIONS ? JSON.parse(process.env.SERVER_OPTIONS) : {}),
});

let current = { seq: 0, t: nowMs(), epoch };
/** `bench/value`: one shared value (latency, throughput, fan-in, capacity). */
const valueRoute = server.addRoute.forAllUsers.read({
  route: 'bench/value',
  handleRead: (ctx) => ctx.successCallback(current),
  onReceived: () => {
    confirmed += 1;
    onConfirm?.();
  },
});
/** `bench/item`: one value per `params.i` (the 100 streams of the reconnect figure). */
server.addRoute.forAllUsers.read({
  route: 'bench/item',
  handleRead: (ctx) => ctx.successCallback({ i: ctx.params.i, epoch, t: nowMs() }),
});

await server.start();
const port = server.port;

/** Push `{...value, t}` with `t` taken as notifyChanges is called (start of the latency). */
function push(value) {
  const entity = { ...value, epoch, t: nowMs() };
  lastCallAt = entity.t;
  current = entity;
  return valueRoute.notifyChanges({ handleReadOverride: (ctx) => ctx.successCallback(entity) });
}

serveCommands(
  {
    push: (msg) => { void push(msg.value); },
    // Time one notifyChanges over every listener (capacity): until its promise settles.
    notify: async (msg) => {
      const cpu0 = process.cpuUsage();
      const t0 = nowMs();
      const entity = { ...msg.value, epoch, t: t0 };
      current = entity;
      await valueRoute.notifyChanges({ handleReadOverride: (ctx) => ctx.successCallback(entity) });
      const t1 = nowMs();
      const cpu = process.cpuUsage(cpu0);
      // CPU time is what the fan-out costs whatever else the machine runs; wall time is t1 - t0.
      return { type: 'notified', t0, t1, cpuMs: (cpu.user + cpu.system) / 1000 };
    },
    // Cluster figure: set the value every process's handleRead returns, then a plain notifyChanges
    // (no override): each process of a cluster re-reads for its own listeners.
    set: (msg) => {
      current = { ...msg.value, epoch, t: nowMs() };
      return { type: 'set' };
    },
    notifyPlain: async () => {
      const t0 = nowMs();
      await valueRoute.notifyChanges();
      return { type: 'notified', t0, t1: nowMs() };
    },
    // Confirmed-push throughput: keep `window` pushes unconfirmed at most, for durationMs.
    stream: async (msg) => {
      const start = nowMs();
      const confirmedAtStart = confirmed;
      let pushed = 0;
      const fill = () => {
        while (pushed - (confirmed - confirmedAtStart) < msg.window) {
          pushed += 1;
          void push({ seq: msg.seqBase + pushed });
        }
      };
      // Refill on every confirmation (event-driven, no polling), stop after durationMs.
      onConfirm = fill;
      fill();
      await new Promise((resolve) => setTimeout(resolve, msg.durationMs));
      const result = { type: 'streamed', pushed, confirmed: confirmed - confirmedAtStart, elapsedMs: nowMs() - start };
      // Drain: let the in-flight pushes be confirmed so the next round starts clean (bounded).
      await new Promise((resolve) => {
        const timer = setTimeout(resolve, 10_000);
        onConfirm = () => {
          if (confirmed - confirmedAtStart >= pushed) { clearTimeout(timer); resolve(); }
        };
        onConfirm();
      });
      onConfirm = undefined;
      return result;
    },
    stats: () => ({
      type: 'stats',
      listens: Object.fromEntries(listensByRoute),
      callToSend: callToSend.splice(0),
      confirmed,
      cpu: process.cpuUsage(),
      rss: process.memoryUsage().rss,
      at: nowMs(),
    }),
  },
  () => server.stop(),
);
process.send({ type: 'ready', port, at: nowMs() });

