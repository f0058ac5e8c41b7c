import { useEffect, useRef, useState, type ReactNode } from 'react';
import { AsklessProvider } from '../../src/components/AsklessProvider.js';
import { useCalls } from '../../src/hooks/useCalls.js';
import type { CallsSnapshot, MissedCall } from '../../src/core/calls/manager-types.js';
import { FakeAsklessClient } from './fakeClient.js';
import { FakeCallManager, type FakeCallInit } from './fakeCallManager.js';
import { useFakeStream } from './useFakeStream.js';

/** A call a story seeds: its data plus which fake media it carries. */
export interface SceneCall extends FakeCallInit {
  /** Local camera + microphone (default true). */
  localMedia?: boolean;
  /** Remote camera + microphone (default true). */
  remoteMedia?: boolean;
  /** The other side shares its screen. */
  remoteScreen?: boolean;
}

/** What a scene tells its children. */
export interface SceneState {
  snapshot: CallsSnapshot;
  manager: FakeCallManager;
}

/**
 * A provider around a fake client whose call manager holds the story's calls, with fake media
 * made in the browser, plus "the other side" buttons that change the first call the way a
 * remote peer or the network would.
 * @example
 * <CallScene calls={[{ remoteUserId: 'bob', state: 'connected' }]}>{({ snapshot }) => <CallView call={snapshot.calls[0]} />}</CallScene>
 */
export function CallScene({ calls, missed = [], remoteControls = true, children }: { calls: SceneCall[]; missed?: Omit<MissedCall, 'id'>[]; remoteControls?: boolean; children: (state: SceneState) => ReactNode }) {
  // Seeded by hand: the scene sets call states the real manager reaches only through a network.
  const [manager] = useState(() => new FakeCallManager());
  const [client] = useState(() => new FakeAsklessClient({ status: 'connected' }, manager));
  const local = useFakeStream({ label: 'You', hue: 200 });
  const remote = useFakeStream({ label: 'Bob', hue: 30 });
  const screen = useFakeStream({ label: 'Screen', hue: 120, audio: false, width: 640, height: 360 });
  const seeded = useRef(false);
  useEffect(() => {
    // Once, when the fake media exists; the ref survives StrictMode's effect replay.
    if (seeded.current || !local || !remote || !screen) return;
    seeded.current = true;
    manager.screenStream = screen;
    for (const { localMedia = true, remoteMedia = true, remoteScreen = false, ...init } of calls) {
      manager.seed({
        ...init,
        streams: {
          localUserMedia: localMedia ? local : undefined,
          localScreen: undefined,
          remoteUserMedia: remoteMedia ? remote : undefined,
          remoteScreen: remoteScreen ? screen : undefined,
        },
      });
    }
    for (const m of missed) manager.addMissed(m);
  }, [manager, calls, missed, local, remote, screen]);
  return (
    <AsklessProvider client={client}>
      <div style={{ width: 'min(560px, 100%)', display: 'grid', gap: 12 }}>
        <Scene manager={manager}>{children}</Scene>
        {remoteControls && <TheOtherSide manager={manager} />}
      </div>
    </AsklessProvider>
  );
}

function Scene({ manager, children }: { manager: FakeCallManager; children: (state: SceneState) => ReactNode }) {
  const snapshot = useCalls();
  return <>{children({ snapshot, manager })}</>;
}

function TheOtherSide({ manager }: { manager: FakeCallManager }) {
  const { calls } = useCalls();
  const first = calls[0];
  const set = (patch: Parameters<FakeCallManager['update']>[1]) => first && manager.update(first.id, patch);
  return (
    <fieldset aria-label="The other side" style={{ display: 'flex', flexWrap: 'wrap', gap: 6, font: '12px system-ui, sans-serif' }}>
      <legend>The other side (story controls)</legend>
      <button type="button" onClick={() => set({ remoteAudioMuted: !first?.remoteAudioMuted })}>Remote mute</button>
      <button type="button" onClick={() => set({ remoteVideoMuted: !first?.remoteVideoMuted })}>Remote camera</button>
      <button type="button" onClick={() => set({ isRemoteOnHold: !first?.isRemoteOnHold })}>Remote hold</button>
      <button type="button" onClick={() => set({ state: first?.state === 'reconnecting' ? 'connected' : 'reconnecting' })}>Network drop</button>
      <button type="button" onClick={() => manager.seed({ remoteUserId: 'carol', direction: 'incoming', state: 'incoming', connectedAt: undefined, additionalData: { callerName: 'Carol' } })}>Carol calls</button>
      <output data-testid="first-call-state">{first?.state ?? 'none'}</output>
    </fieldset>
  );
}
