/**
 * The e2e group-call page: one user of the reference server joins `?room=` with the library's
 * `useGroupCall` and `GroupCallView`, as an app would. Query: `?server=ws://…&token=token-1&room=r`.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AsklessClient } from '../../../../src/core/index.js';
import { AsklessProvider, useAuthentication } from '../../../../src/index.js';
import { GroupCallView, useGroupCall } from '../../../../src/calls.js';

const query = new URLSearchParams(location.search);
const names: Record<number, string> = { 401: 'Ada', 402: 'Bob', 403: 'Carol' };
// All pages share one machine and no internet: host candidates are all ICE needs.
const client = new AsklessClient<number>({ serverUrl: query.get('server') ?? '', getWebRTCParams: async () => ({ configuration: { iceServers: [] } }) });
void client.authenticate({ credential: { accessToken: query.get('token') } });

function Room() {
  const { status } = useAuthentication();
  const groupCall = useGroupCall<number>(query.get('room') ?? 'room', { media: { audio: true, video: { width: 320, height: 240 } }, enabled: status === 'authenticated' });
  return <GroupCallView groupCall={groupCall} nameOf={(p) => names[p.userId as number] ?? String(p.userId)} />;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AsklessProvider client={client}>
      <Room />
    </AsklessProvider>
  </StrictMode>,
);
