/**
 * The calls v2 e2e page: one user of the reference server and its `client.calls`, driven by the
 * test through `window.__calls` (the core API, no UI). Query: `?server=ws://…&token=token-1`.
 */
import { AsklessClient } from '../../../../src/core/index.js';
import type { CallManager } from '../../../../src/core/index.js';

declare global {
  interface Window {
    __calls: CallManager<number>;
    __authenticated: boolean;
  }
}

const query = new URLSearchParams(location.search);
// Both pages share one machine and no internet: host candidates are all ICE needs.
const client = new AsklessClient<number>({
  serverUrl: query.get('server') ?? '',
  getWebRTCParams: async () => ({ configuration: { iceServers: [] } }),
  calls: { statsIntervalMs: 500 },
});
window.__calls = client.calls;
window.__authenticated = false;
client.start();
client.calls.subscribe(() => undefined); // ring here
void client.authenticate({ credential: { accessToken: query.get('token') } }).then((result) => {
  window.__authenticated = result.success;
});
