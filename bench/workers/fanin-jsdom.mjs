// The fan-in figure under jsdom: a plain Node process with jsdom's window installed as globals
// (no vitest), React in production mode, driven over IPC. Env: APP_MODULE (bundled fanin-app).
import { JSDOM } from 'jsdom';
import { WebSocket } from 'ws';
import { serveCommands } from '../lib/child.mjs';

process.env.NODE_ENV = 'production';
const dom = new JSDOM('<!doctype html><html><body><div id="root"></div></body></html>', { url: 'http://127.0.0.1/' });
// Install the window's globals Node lacks (what jsdom-global does), keeping Node's own timers,
// performance and WebSocket-free globals.
for (const key of Object.getOwnPropertyNames(dom.window)) {
  if (key in globalThis || key.startsWith('_')) continue;
  try {
    globalThis[key] = dom.window[key];
  } catch {
    // Some window accessors throw outside a browsing context: not needed by React.
  }
}
globalThis.window = dom.window;
globalThis.document = dom.window.document;
globalThis.navigator ??= dom.window.navigator;

const { createFanInHarness } = await import(process.env.APP_MODULE);
const cpuNow = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const harness = createFanInHarness(document.getElementById('root'), WebSocket, cpuNow);

serveCommands({
  mount: async ({ url, n }) => { await harness.mount(url, n); return { type: 'mounted' }; },
  arm: ({ seq }) => { harness.arm(seq); return { type: 'armed' }; },
  result: async ({ seq }) => ({ type: 'result', ...(await harness.result(seq)) }),
  mountBaseline: async ({ n }) => { await harness.mountBaseline(n); return { type: 'mountedBaseline' }; },
  pokeBaseline: async ({ seq }) => ({ type: 'poked', ...(await harness.pokeBaseline(seq)) }),
  unmount: () => { harness.unmount(); return { type: 'unmounted' }; },
}, () => harness.unmount());
process.send({ type: 'ready' });
