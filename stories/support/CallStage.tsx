import { useEffect, useRef, useState, type ReactNode } from 'react';
import { AsklessProvider } from '../../src/components/AsklessProvider.js';
import { useCall } from '../../src/hooks/useCall.js';
import { FakeAsklessClient } from './fakeClient.js';
import type { FakeCallMedia, FakeIncoming } from '../../test/components/support/fakeCallClient.js';
import { useFakeStream } from './useFakeStream.js';

/** Where the stage puts the provider's call once the fake media is ready. */
export type CallScenario =
  | 'idle'
  | 'requesting'
  | 'ringing'
  | 'connecting'
  | 'connected'
  | 'reconnecting'
  | 'ended'
  | 'rejected'
  | 'missed'
  | 'busy'
  | 'media_error'
  | 'incoming';

/** Props of {@link CallStage}. */
export interface CallStageProps {
  scenario: CallScenario;
  /** Local fake media (you): camera and microphone by default. */
  localVideo?: boolean;
  localAudio?: boolean;
  /** Remote fake media: video by default. */
  remoteVideo?: boolean;
  /** The components under test; receives the local stream (for `acceptOptions`). */
  children: (streams: { local: MediaStream | undefined }) => ReactNode;
}

/**
 * A provider with a fake client, fake media and a scripted call, plus buttons ("story
 * controls") that play the other side: drop, return, hang up, connect, cancel.
 * @example
 * <CallStage scenario="connected">{() => <CallView remoteName="Bob" />}</CallStage>
 */
export function CallStage({ scenario, localVideo = true, localAudio = true, remoteVideo = true, children }: CallStageProps) {
  const [client] = useState(() => new FakeAsklessClient({ status: 'connected' }));
  const local = useFakeStream({ label: 'You', hue: 200, video: localVideo, audio: localAudio });
  const remote = useFakeStream({ label: 'Bob', hue: 30, video: remoteVideo, audio: true });
  return (
    <AsklessProvider client={client}>
      <div style={{ width: 560, display: 'grid', gap: 12 }}>
        {children({ local })}
        <Director client={client} scenario={scenario} local={local} remote={remote} />
      </div>
    </AsklessProvider>
  );
}

interface DirectorProps {
  client: FakeAsklessClient;
  scenario: CallScenario;
  local: MediaStream | undefined;
  remote: MediaStream | undefined;
}


function Director({ client, scenario, local, remote }: DirectorProps) {
  const call = useCall();
  const started = useRef(false);
  const releaseAnswer = useRef<() => void>(() => undefined);
  const [other, setOther] = useState<FakeCallMedia | undefined>();
  const [incoming, setIncoming] = useState<FakeIncoming | undefined>();
  const { phone } = client;

  useEffect(() => {
    // Once, when the fake media exists; the ref survives StrictMode's effect replay.
    if (started.current || !local || !remote || scenario === 'idle') return;
    started.current = true;
    if (scenario === 'incoming') {
      // The answer waits at the "server" until the story presses Connect: `accepting` stays visible.
      const held = new Promise<{ ok: true; output: unknown }>((resolve) => (releaseAnswer.current = () => resolve({ ok: true, output: {} })));
      phone.transport.reply = (route) => (route.endsWith('call/response') ? (held as never) : { ok: true, output: {} });
      setIncoming(phone.ring('alice', { callerName: 'Alice' }));
      return;
    }
    // `requesting`: the server never answers the request.
    if (scenario === 'requesting') phone.transport.reply = () => new Promise(() => undefined) as never;
    if (scenario === 'media_error') {
      // A real getUserMedia refusal: no camera can be 100 000 pixels wide.
      void call.requestCall({ userId: 'bob', media: { video: { width: { exact: 100_000 } } } });
      return;
    }
    void call.requestCall({ userId: 'bob', localStream: local });
    // Play the callee once the request reached the "server".
    const timer = setInterval(() => {
      const request = phone.requests[0];
      if (!request) return;
      clearInterval(timer);
      if (scenario === 'ringing' || scenario === 'requesting') return;
      if (scenario === 'busy' || scenario === 'rejected' || scenario === 'missed') {
        return request.decline(scenario === 'rejected' ? {} : { reason: scenario });
      }
      request.accept();
      if (scenario === 'connecting') return setOther(request);
      request.connect(remote);
      setOther(request);
      if (scenario === 'reconnecting') request.setRemoteConnected(false);
      if (scenario === 'ended') request.remoteHangUp();
    }, 20);
  }, [phone, scenario, local, remote, call]);

  const connectIncoming = () => {
    if (!incoming) return;
    releaseAnswer.current();
    // The answer is posted a moment later; media flows once the call is live.
    const timer = setInterval(() => {
      if (call.state !== 'connecting' && incoming.accepts.length === 0) return;
      clearInterval(timer);
      incoming.connect(remote);
      setOther(incoming);
    }, 20);
  };

  return (
    <fieldset aria-label="Story controls" style={{ display: 'flex', flexWrap: 'wrap', gap: 6, font: '12px system-ui' }}>
      <legend>Story controls (the other side)</legend>
      <button type="button" onClick={() => other?.setRemoteConnected(false)}>Remote drops</button>
      <button type="button" onClick={() => other?.setRemoteConnected(true)}>Remote returns</button>
      <button type="button" onClick={() => other?.remoteHangUp()}>Remote hangs up</button>
      <button type="button" onClick={connectIncoming}>Connect</button>
      <button type="button" onClick={() => incoming?.cancel()}>Caller cancels</button>
      <output data-testid="call-state">{call.state}</output>
      <output data-testid="outgoing-calls" title="calls placed through the fake client">
        {phone.requests.length}
      </output>
    </fieldset>
  );
}
