import { useEffect, useRef, useState, type ReactNode } from 'react';
import { AsklessProvider } from '../../src/components/AsklessProvider.js';
import { useCall } from '../../src/hooks/useCall.js';
import type { CallEndReason } from '../../src/core/calls/types.js';
import { FakeAsklessClient } from './fakeClient.js';
import type { FakeIncomingCall, FakeLiveCall } from './fakeCalls.js';
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

const ENDED_WITH: Partial<Record<CallScenario, CallEndReason>> = { ended: 'remote_hangup' };

function Director({ client, scenario, local, remote }: DirectorProps) {
  const call = useCall();
  const started = useRef(false);
  const [live, setLive] = useState<FakeLiveCall | undefined>();
  const [incoming, setIncoming] = useState<FakeIncomingCall | undefined>();

  useEffect(() => {
    // Once, when the fake media exists; the ref survives StrictMode's effect replay.
    if (started.current || !local || !remote || scenario === 'idle') return;
    started.current = true;
    if (scenario === 'incoming') {
      setIncoming(client.ring('alice', { callerName: 'Alice' }));
      return;
    }
    client.onOutgoingCall = (handle) => {
      if (scenario === 'requesting') return;
      if (scenario === 'busy') return handle.reject('busy', { reason: 'busy' });
      handle.ring();
      if (scenario === 'ringing') return;
      if (scenario === 'rejected' || scenario === 'missed') return handle.reject(scenario);
      const liveState = scenario === 'connecting' ? 'connecting' : 'connected';
      setLive(handle.answer(liveState, remote));
    };
    if (scenario === 'media_error') {
      // A real getUserMedia refusal: no camera can be 100 000 pixels wide.
      void call.requestCall({ userId: 'bob', media: { video: { width: { exact: 100_000 } } } });
      return;
    }
    void call.requestCall({ userId: 'bob', localStream: local }).then((result) => {
      const reason = ENDED_WITH[scenario];
      const current = client.outgoingCalls.at(-1)?.liveCall;
      if (!result.ok || !current) return;
      if (scenario === 'reconnecting') current.setState('reconnecting');
      if (reason) current.end(reason);
    });
  }, [client, scenario, local, remote, call]);

  const connectIncoming = () => {
    const connected = incoming?.connect('connected', remote);
    if (connected) setLive(connected);
  };

  return (
    <fieldset aria-label="Story controls" style={{ display: 'flex', flexWrap: 'wrap', gap: 6, font: '12px system-ui' }}>
      <legend>Story controls (the other side)</legend>
      <button type="button" onClick={() => live?.setState('reconnecting')}>Remote drops</button>
      <button type="button" onClick={() => live?.setState('connected')}>Remote returns</button>
      <button type="button" onClick={() => live?.end('remote_hangup')}>Remote hangs up</button>
      <button type="button" onClick={connectIncoming}>Connect</button>
      <button type="button" onClick={() => incoming?.cancel()}>Caller cancels</button>
      <output data-testid="call-state">{call.state}</output>
      <output data-testid="outgoing-calls" title="calls placed through the fake client">
        {client.outgoingCalls.length}
      </output>
    </fieldset>
  );
}
