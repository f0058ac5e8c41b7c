#!/usr/bin/env node
/**
 * `npm run start:cluster`: the demo on a cluster. Starts a local redis-server (a free port,
 * persistence off; or uses REDIS_URL), three demo server processes with `cluster: { redisUrl }`
 * and the demo web app, prints the URLs, and stops everything on Ctrl-C or SIGTERM. Each new tab
 * connects to the next process (the other two are its fall-backs), so tabs on different
 * processes chat, share the catalog and see each other's presence.
 *
 * Environment: PORT (web app, default 5173), ASKLESS_PORT (first server process, default 3000;
 * the others take the next ports; 0 picks free ones), REDIS_URL, DEMO_HOST, DEBUG_ASKLESS=1.
 */
import { fork, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..');
const PROCESSES = 3;
const basePort = Number(process.env.ASKLESS_PORT ?? 3000);
const children = [];
let redis;
let stopping = false;

async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  const gone = children.map((child) => new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', resolve))));
  for (const child of children) child.kill('SIGTERM');
  const timer = setTimeout(() => children.forEach((child) => child.kill('SIGKILL')), 5_000);
  await Promise.all(gone);
  clearTimeout(timer);
  redis?.kill('SIGKILL');
  process.exit(code);
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => (stopping ? process.exit(130) : void stop(0)));

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function startRedis() {
  const port = await freePort();
  redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve, reject) => {
    let output = '';
    redis.once('error', (error) => reject(new Error(`cannot run redis-server (${error.message}); install it (apt-get install redis-server) or set REDIS_URL`)));
    redis.once('exit', (code) => reject(new Error(`redis-server exited (${code}):\n${output}`)));
    redis.stdout.on('data', (data) => {
      output += data;
      if (output.includes('Ready to accept connections')) resolve();
    });
  });
  redis.stdout.resume();
  return `redis://127.0.0.1:${port}`;
}

try {
  const redisUrl = process.env.REDIS_URL || (await startRedis());
  // The server is TypeScript: bundle its entry once (packages stay in node_modules).
  const outdir = path.join(repo, 'node_modules/.cache/askless-demo-cluster');
  mkdirSync(outdir, { recursive: true });
  const entry = path.join(outdir, 'cluster-process.mjs');
  await build({ entryPoints: [path.join(here, 'server/clusterProcess.ts')], outfile: entry, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'error' });
  const urls = await Promise.all(
    Array.from({ length: PROCESSES }, (_, i) => {
      const child = fork(entry, [], { env: { ...process.env, REDIS_URL: redisUrl, ASKLESS_PORT: String(basePort === 0 ? 0 : basePort + i) }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      children.push(child);
      return new Promise((resolve, reject) => {
        child.once('message', (msg) => resolve(msg.url));
        child.once('exit', (code) => reject(new Error(`server process ${i + 1} exited (${code}) during start`)));
      });
    }),
  );
  console.log(`Redis: ${redisUrl}${process.env.REDIS_URL ? '' : ' (local, persistence off)'}`);
  urls.forEach((url, i) => console.log(`Askless server process ${i + 1}: ${url}`));
  const web = spawn(process.execPath, [path.join(here, 'start.mjs')], { env: { ...process.env, ASKLESS_SERVER_URLS: urls.join(',') }, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(web);
  web.stdout.setEncoding('utf8').on('data', (chunk) => {
    process.stdout.write(chunk.replace(/^Askless server: .*\n/m, '').replace(/Open the demo in two tabs.*\n/, 'Open the demo in three tabs: each lands on the next server process. Sign in as different users, message and share the catalog across processes. Ctrl-C stops.\n'));
  });
  web.once('exit', (code) => void stop(code ?? 0));
  for (const child of children.slice(0, PROCESSES)) child.once('exit', (code, signal) => !stopping && console.log(`a server process ended (${code ?? signal}); its tabs move to the others`));
} catch (error) {
  console.error('The cluster demo failed to start:', error instanceof Error ? error.message : error);
  await stop(1);
}
