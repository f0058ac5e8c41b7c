/**
 * Starts `node demo/start.mjs` as a child process on free ports and resolves with the app URL
 * once the demo says it is ready. Used by the e2e test and scripts/screenshot.mjs.
 *
 * @example
 * const demo = await spawnDemo();
 * console.log(demo.url); // http://127.0.0.1:41234/
 * await demo.stop();
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const startScript = fileURLToPath(new URL('./start.mjs', import.meta.url));

export function spawnDemo({ timeoutMs = 60_000, env = {} } = {}) {
  const child = spawn(process.execPath, [startScript], {
    // No hot reload: a file saved elsewhere must not remount the app under a running test.
    env: { ...process.env, PORT: '0', ASKLESS_PORT: '0', DEMO_WATCH: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`The demo did not start within ${timeoutMs} ms. Output:\n${output}`));
    }, timeoutMs);
    const onData = (chunk) => {
      output += chunk;
      const match = /^Demo: (http\S+)/m.exec(output);
      const server = /^Askless server: (ws\S+)/m.exec(output);
      if (match && server) {
        clearTimeout(timer);
        resolve({ url: match[1], serverUrl: server[1], stop, output: () => output, process: child });
      }
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', (chunk) => {
      output += chunk;
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`The demo exited early (code ${code}, signal ${signal}). Output:\n${output}`));
    });
  });
}
