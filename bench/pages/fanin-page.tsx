/**
 * Chromium entry of the fan-in figure: exposes the harness as `window.__fanin` for the driver.
 * @example await page.evaluate(() => window.__fanin.mount('ws://127.0.0.1:4000', 1000));
 */
import { createFanInHarness, type FanInHarness } from './fanin-app.js';

declare global {
  interface Window {
    __fanin: FanInHarness;
  }
}

window.__fanin = createFanInHarness(document.getElementById('root')!, WebSocket);
