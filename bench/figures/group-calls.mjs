/**
 * Figure 11: group calls. Time from `join` to every member holding every other member's media,
 * for 2, 4 and 6 members (Node, `@roamhq/wrtc`, our server in-process on 127.0.0.1), beside the
 * same full mesh of bare simple-peer pairs signalled directly in-process (no server, no
 * membership) in the same run, alternating rounds. Then CPU per member in a steady 6-member call
 * (media, stats sampling, renewals) against the bare mesh holding the same peers.
 *
 * @example const rows = await run({ quick: true, log: console.log, sources: buildNodeSources });
 */
import wrtc from '@roamhq/wrtc';
import SimplePeer from 'simple-peer';
import WebSocket from 'ws';
import { row } from '../lib/report.mjs';
import { median, spread } from '../lib/stats.mjs';
import { withTimeout } from '../lib/wait.mjs';

const SIZES = [2, 4, 6];

function media(tracks) {
  const video = new wrtc.nonstandard.RTCVideoSource().createTrack();
  const audio = new wrtc.nonstandard.RTCAudioSource().createTrack();
  tracks.push(video, audio);
  return new wrtc.MediaStream([video, audio]);
}

async function asklessMesh(core, url, n, round, tracks) {
  const clients = [];
  for (let i = 0; i < n; i += 1) {
    const client = new core.AsklessClient({ serverUrl: url, WebSocket, wrtc, getWebRTCParams: async () => ({ configuration: { iceServers: [] } }) });
    client.start();
    await client.authenticate({ credential: { userId: 1000 * round + i + 1 } });
    clients.push(client);
  }
  const streams = clients.map(() => media(tracks));
  const t0 = performance.now();
  const calls = clients.map((c, i) => c.groupCalls.join(`bench-${n}-${round}`, { localStream: streams[i] }));
  await withTimeout(new Promise((resolve) => {
    const check = () => {
      if (calls.every((call) => call.getSnapshot().participants.filter((p) => p.streams.userMedia).length === n - 1)) resolve();
    };
    for (const call of calls) call.subscribe(check);
    check();
  }), 60_000, `askless mesh of ${n}`);
  const ms = performance.now() - t0;
  return { ms, close: async () => { await Promise.all(calls.map((c) => c.leave())); for (const c of clients) c.close(); } };
}

async function bareMesh(n, tracks) {
  const streams = Array.from({ length: n }, () => media(tracks));
  const received = Array.from({ length: n }, () => new Set());
  const peers = [];
  const t0 = performance.now();
  try {
    await withTimeout(new Promise((resolve, reject) => {
      const done = () => received.every((s) => s.size === n - 1) && resolve();
      for (let a = 0; a < n; a += 1) {
        for (let b = a + 1; b < n; b += 1) {
          const pa = new SimplePeer({ initiator: true, trickle: true, wrtc, streams: [streams[a]], config: { iceServers: [] } });
          const pb = new SimplePeer({ initiator: false, trickle: true, wrtc, streams: [streams[b]], config: { iceServers: [] } });
          pa.on('signal', (d) => pb.signal(d));
          pb.on('signal', (d) => pa.signal(d));
          pa.on('stream', () => { received[a].add(b); done(); });
          pb.on('stream', () => { received[b].add(a); done(); });
          // An unhandled peer 'error' ends the process (seen: wrtc's setRemoteDescription "address
          // type is mismatching" on a bare offer now and then): the round fails instead.
          for (const p of [pa, pb]) p.on('error', (error) => reject(new Error(`bare mesh of ${n}: ${error.message}`)));
          peers.push(pa, pb);
        }
      }
    }), 60_000, `bare mesh of ${n}`);
  } catch (error) {
    for (const p of peers) p.destroy();
    throw error;
  }
  const ms = performance.now() - t0;
  return { ms, close: async () => { for (const p of peers) p.destroy(); } };
}

/** {@link bareMesh}, once more if a peer failed (the bare baseline's wrtc error above); `retries` counts them. */
async function bareMeshRetried(n, tracks, retries, log) {
  try {
    return await bareMesh(n, tracks);
  } catch (error) {
    retries.count += 1;
    log(`  ${error.message}: this round once more`);
    return bareMesh(n, tracks);
  }
}

/** CPU ms per second per member over `windowMs` of a running mesh. */
async function cpuPerMember(n, windowMs) {
  const start = process.cpuUsage();
  const t0 = performance.now();
  await new Promise((resolve) => setTimeout(resolve, windowMs));
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000 / ((performance.now() - t0) / 1000) / n;
}

/**
 * Rows of figure 8.
 * @example await run({ quick: false, log: console.log, sources });
 */
export async function run({ quick, log, sources }) {
  const { server: serverUrl, core: coreUrl } = await sources();
  const serverModule = await import(serverUrl);
  const core = await import(coreUrl);
  const server = new serverModule.AsklessServer();
  server.init({
    wsOptions: { host: '127.0.0.1', port: 0 },
    logger: () => undefined,
    authenticate: (credential, accept) => accept.asAuthenticatedUser({ userId: credential.userId }),
  });
  serverModule.registerGroupCallRoutes(server, {});
  await server.start();
  const url = server.localUrl;
  const rounds = quick ? 1 : 3;
  const rows = [];
  const tracks = [];
  const retries = { count: 0 };
  try {
    let round = 0;
    for (const n of SIZES) {
      const askless = [];
      const bare = [];
      for (let r = 0; r < rounds + 1; r += 1) {
        // Alternate which runs first; round 0 is a warm-up.
        const order = r % 2 === 0 ? ['askless', 'bare'] : ['bare', 'askless'];
        for (const mode of order) {
          const mesh = mode === 'askless' ? await asklessMesh(core, url, n, ++round, tracks) : await bareMeshRetried(n, tracks, retries, log);
          if (r > 0) (mode === 'askless' ? askless : bare).push(mesh.ms);
          await mesh.close();
        }
      }
      log(`${n} members: askless ${askless.map((t) => t.toFixed(0)).join(', ')} ms; bare ${bare.map((t) => t.toFixed(0)).join(', ')} ms`);
      rows.push(row({ figure: 11, metric: `group call join → all remote media, ${n} members`, unit: 'ms', value: median(askless), baseline: median(bare),
        spread: spread(askless, 0), baselineSpread: spread(bare, 0), note: `median of ${rounds} alternating rounds (+1 warm-up); baseline: bare simple-peer mesh signalled in-process${retries.count ? `; bare rounds repeated after a wrtc peer error so far: ${retries.count}` : ''}` }));
    }
    const windowMs = quick ? 1000 : 4000;
    const steady = await asklessMesh(core, url, 6, ++round, tracks);
    const asklessCpu = await cpuPerMember(6, windowMs);
    await steady.close();
    const bareSteady = await bareMeshRetried(6, tracks, retries, log);
    const bareCpu = await cpuPerMember(6, windowMs);
    await bareSteady.close();
    log(`CPU per member (6 members, ${windowMs} ms): askless ${asklessCpu.toFixed(1)} ms/s, bare ${bareCpu.toFixed(1)} ms/s`);
    rows.push(row({ figure: 11, metric: 'group call CPU per member, 6 members steady', unit: 'ms/s', value: asklessCpu, baseline: bareCpu,
      note: 'client process CPU (user+system) per second per member: membership renewals, stats sampling and levels vs the bare peers alone' }));
    return rows;
  } finally {
    for (const t of tracks) t.stop();
    await server.stop();
  }
}
