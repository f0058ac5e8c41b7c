// Listeners of the fan-out figure: N `ws` sockets in their own process. MODE=askless speaks the
// protocol as Flutter does (configure, LISTEN one route, confirm every serverId); MODE=raw only
// connects. During a round a socket records only when the push arrived (nothing else runs on
// that path); the frames are parsed and confirmed after the round, the same for both modes.
// No pings: the server is started with a long ping timeout, so nothing else crosses a round.
import { WebSocket } from 'ws';
import { serveCommands } from '../lib/child.mjs';
import { nowMs } from '../lib/stats.mjs';

const MODE = process.env.MODE ?? 'askless';
const ROUTE = 'bench/value';
let counter = 0;
const id = (prefix) => `${prefix}${process.pid.toString(36)}x${(counter += 1).toString(36).padStart(12, '0')}`;
const sockets = [];
/** The round in progress: arrival times by socket index, frames kept for after the round. */
let round;

/** `{"output":` starts every push (2.0.3 field order) and the raw baseline's frame alike. */
const isPush = (data) => data.length > 10 && data[2] === 0x6f && data[3] === 0x75 && data[4] === 0x74;

function open(url, index, onLive) {
  const socket = new WebSocket(url);
  const send = (message) => socket.send(JSON.stringify(message));
  let live = false;
  socket.on('error', () => {});
  socket.on('message', (data) => {
    if (round && isPush(data) && round.arrivals[index] === 0) {
      round.arrivals[index] = nowMs();
      round.frames[index] = data;
      if (++round.arrived === sockets.length) round.done();
      return;
    }
    if (!live && MODE === 'raw') return;
    handle(data.toString());
  });
  if (MODE === 'raw') socket.once('open', () => { live = true; onLive(); });
  const listenId = id('LIS-');
  function handle(text) {
    if (text === 'welcome') {
      send({ clientRequestId: id('REQ-_'), requestType: 'CONFIGURE_CONNECTION', _class_type_configureconnectionrequest: '_', clientIdInternalApp: id('C'), clientType: 'flutter' });
      return;
    }
    if (text === 'pong' || MODE === 'raw') return;
    const frame = JSON.parse(text);
    if (frame.serverId && frame._class_type_serverconfirmreceipt == null && frame._class_type_stoplistening == null) {
      send({ _class_type_clientconfirmreceipt: '_', clientRequestId: id('REQ-_'), requestType: 'CONFIRM_RECEIPT', serverId: frame.serverId });
    }
    if (frame._class_type_configureconnection != null) {
      send({ _class_type_listen: '_', clientRequestId: id('LIS-_'), requestType: 'LISTEN', route: ROUTE, params: null, listenId });
    } else if (frame._class_type_newDataForListener != null && !live) {
      live = true;
      onLive();
    }
  }
  return { socket, handle };
}

serveCommands(
  {
    connect: async ({ url, n, timeoutMs = 120_000 }) => {
      let live = 0;
      await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${live}/${n} listeners live after ${timeoutMs} ms`)), timeoutMs);
        for (let i = 0; i < n; i += 1) {
          sockets.push(open(url, i, () => { if (++live === n) { clearTimeout(timer); resolve(); } }));
        }
      });
      return { type: 'connected', n: sockets.length };
    },
    // Start recording arrivals; answers at once (the server is told to push right after).
    arm: () => {
      let done;
      const finished = new Promise((resolve) => { done = resolve; });
      round = { arrivals: new Float64Array(sockets.length), frames: new Array(sockets.length), arrived: 0, done, finished };
      return { type: 'armed' };
    },
    // Wait for every socket's push (bounded), then parse and confirm: off the measured path.
    collect: async ({ timeoutMs = 30_000 }) => {
      const r = round;
      await Promise.race([r.finished, new Promise((resolve) => setTimeout(resolve, timeoutMs))]);
      round = undefined;
      const got = Array.from(r.arrivals).filter((t) => t > 0).sort((a, b) => a - b);
      for (let i = 0; i < sockets.length; i += 1) if (r.frames[i]) sockets[i].handle(r.frames[i].toString());
      return { type: 'collected', count: got.length, first: got[0], median: got[got.length >> 1], last: got[got.length - 1] };
    },
  },
  () => { for (const s of sockets) s.socket.terminate(); },
);
process.send({ type: 'ready' });
