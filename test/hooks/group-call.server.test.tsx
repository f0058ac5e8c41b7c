/**
 * useGroupCall and GroupCallView on the real server with `@roamhq/wrtc` peers: StrictMode's
 * double mount keeps one membership, two hooks see each other, the view shows both tiles and
 * its controls act, and unmounting leaves (server state empty).
 */
import { act, cleanup, render, screen, waitFor, fireEvent } from '@testing-library/react';
import { StrictMode } from 'react';
import wrtc from '@roamhq/wrtc';
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AsklessProvider } from '../../src/components/AsklessProvider.js';
import { GroupCallView } from '../../src/components/GroupCallView.js';
import { AsklessClient } from '../../src/core/client.js';
import type { WebSocketConstructor } from '../../src/core/types.js';
import { useGroupCall } from '../../src/hooks/useGroupCall.js';
import { registerGroupCallRoutes, type GroupCallRoutesHandle } from '../../src/server/group-calls/index.js';
import { startReferenceServer, type ReferenceServer } from '../support/reference-app.js';

let app: ReferenceServer;
let routes: GroupCallRoutesHandle;
/** JOIN requests the server received (StrictMode must not make two). */
let joins = 0;
const tracks: Array<{ stop(): void }> = [];
beforeAll(async () => {
  app = await startReferenceServer({
    beforeStart: (server) => (routes = registerGroupCallRoutes(server)),
    init: {
      tap: ({ direction, frame }) => {
        if (direction === 'in' && typeof frame === 'object' && frame !== null && (frame as { route?: unknown }).route === 'askless-react/group-call/join') joins++;
      },
    },
  });
});
afterEach(() => {
  cleanup();
  for (const t of tracks.splice(0)) t.stop();
});
afterAll(async () => {
  await app.stop();
});

function media(): MediaStream {
  const video = new wrtc.nonstandard.RTCVideoSource().createTrack();
  const audio = new wrtc.nonstandard.RTCAudioSource().createTrack();
  tracks.push(video, audio);
  return new wrtc.MediaStream([video, audio]) as unknown as MediaStream;
}

async function client(n: number): Promise<AsklessClient<number>> {
  const c = new AsklessClient<number>({ serverUrl: app.url, WebSocket: WebSocket as unknown as WebSocketConstructor, wrtc, getWebRTCParams: async () => ({ configuration: { iceServers: [] } }) });
  c.start();
  expect((await c.authenticate({ credential: { accessToken: `token-${n}` } })).success).toBe(true);
  return c;
}

function Room({ stream, names }: { stream: MediaStream; names: Record<number, string> }) {
  const groupCall = useGroupCall<number>('hook-room', { localStream: stream });
  return <GroupCallView groupCall={groupCall} nameOf={(p) => names[p.userId as number] ?? '?'} />;
}

describe('useGroupCall + GroupCallView (real server, StrictMode)', () => {
  it('joins once under StrictMode, shows the other member, mutes through the toolbar and leaves on unmount', async () => {
    const [ada, bob] = await Promise.all([client(301), client(302)]);
    joins = 0;
    const names = { 301: 'Ada', 302: 'Bob' };
    const adaView = render(
      <StrictMode>
        <AsklessProvider client={ada}>
          <Room stream={media()} names={names} />
        </AsklessProvider>
      </StrictMode>,
    );
    await waitFor(() => expect(routes.stats()).toEqual({ groupCalls: 1, members: 1 }));
    const bobCall = bob.groupCalls.join('hook-room', { localStream: media() });
    await waitFor(() => expect(screen.getByRole('group', { name: 'Bob' })).toBeTruthy(), { timeout: 10_000 });
    // StrictMode mounted twice: still exactly one join and one membership for Ada.
    expect(joins).toBe(2);
    expect(routes.stats()).toEqual({ groupCalls: 1, members: 2 });
    expect(screen.getByRole('region', { name: 'Group call' }).getAttribute('data-state')).toBe('joined');

    const mic = screen.getByRole('button', { name: 'Microphone' });
    expect(mic.getAttribute('aria-pressed')).toBe('true');
    act(() => fireEvent.click(mic));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Microphone' }).getAttribute('aria-pressed')).toBe('false'));
    await waitFor(() => expect(bobCall.getSnapshot().participants[0]?.audioMuted).toBe(true), { timeout: 2000 });

    adaView.unmount();
    await waitFor(() => expect(routes.stats()).toEqual({ groupCalls: 1, members: 1 }));
    await waitFor(() => expect(bobCall.getSnapshot().participants).toHaveLength(0));
    await bobCall.leave();
    expect(routes.stats()).toEqual({ groupCalls: 0, members: 0 });
    ada.close();
    bob.close();
  }, 30_000);

  it('shows a refused join as a status, with no tiles or controls', async () => {
    const c = await client(303);
    const gc = c.groupCalls.join('', { localStream: media() });
    render(
      <StrictMode>
        <AsklessProvider client={c}>
          <GroupCallView groupCall={{ ...gc.getSnapshot(), call: gc, leave: gc.leave, setMicrophoneEnabled: gc.setMicrophoneEnabled, setCameraEnabled: gc.setCameraEnabled, startScreenShare: gc.startScreenShare, stopScreenShare: gc.stopScreenShare, setInputDevice: gc.setInputDevice }} labels={{ refused: { INVALID_ARGUMENT: 'Bad room' } }} />
        </AsklessProvider>
      </StrictMode>,
    );
    expect(screen.getByRole('status').textContent).toBe('Bad room');
    expect(screen.queryByRole('toolbar')).toBeNull();
    c.close();
  });
});
