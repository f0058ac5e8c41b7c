/**
 * The e2e call page: one user of the reference server, the library's call hooks and components.
 * Query: `?server=ws://…&token=token-1&peer=2`. The test drives it with real clicks and reads
 * the DOM (data-state, <video> elements) plus `window.__e2e` (every local track ever shown).
 */
import { StrictMode, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
// The public entries, as an app imports them.
import { AsklessClient } from '../../../../src/core/index.js';
import { AsklessProvider } from '../../../../src/index.js';
import { CallView, IncomingCallDialog, useCall } from '../../../../src/calls.js';

interface E2EState {
  authenticated: boolean;
  localTracks: MediaStreamTrack[];
  remoteTracks: MediaStreamTrack[];
  states: string[];
}
declare global {
  interface Window {
    __e2e: E2EState;
  }
}

const query = new URLSearchParams(location.search);
const serverUrl = query.get('server') ?? '';
const peer = Number(query.get('peer'));
const media: MediaStreamConstraints = { audio: true, video: { width: 320, height: 240 } };
window.__e2e = { authenticated: false, localTracks: [], remoteTracks: [], states: [] };

// Both pages share one machine and no internet: host candidates are all ICE needs.
const client = new AsklessClient<number>({ serverUrl, getWebRTCParams: async () => ({ configuration: { iceServers: [] } }) });

function remember(list: MediaStreamTrack[], stream: MediaStream | undefined) {
  for (const track of stream?.getTracks() ?? []) if (!list.includes(track)) list.push(track);
}

function Phone() {
  const call = useCall();
  useEffect(() => {
    remember(window.__e2e.localTracks, call.localStream);
    remember(window.__e2e.remoteTracks, call.remoteStream);
    if (window.__e2e.states.at(-1) !== call.state) window.__e2e.states.push(call.state);
  }, [call.localStream, call.remoteStream, call.state]);
  return (
    <main>
      <button type="button" id="call" onClick={() => void call.requestCall({ userId: peer, media, additionalData: { callerName: `user ${query.get('token')}` } })}>
        Call user {peer}
      </button>
      <IncomingCallDialog acceptOptions={{ media }} />
      <CallView remoteName={`user ${peer}`} />
    </main>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AsklessProvider client={client}>
      <Phone />
    </AsklessProvider>
  </StrictMode>,
);

void client.authenticate({ credential: { accessToken: query.get('token') } }).then((result) => {
  window.__e2e.authenticated = result.success;
});
