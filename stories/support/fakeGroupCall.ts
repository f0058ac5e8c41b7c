/**
 * A `useGroupCall` result made in the browser for stories: `count` people (you included), each
 * with a fake camera, optional screen share, speaking and network states, and working
 * microphone/camera/screen-share toggles. Streams are stopped on unmount (StrictMode-safe).
 */
import { useEffect, useMemo, useState } from 'react';
import type { GroupCallParticipant, GroupCallSnapshot } from '../../src/core/group-calls/types.js';
import type { UseGroupCallResult } from '../../src/hooks/useGroupCall.js';
import { createFakeStream, type FakeStream } from './fakeMedia.js';

/** What the fake call should look like. */
export interface FakeGroupCallOptions {
  /** People in the call, you included (1–8). */
  count: number;
  state?: GroupCallSnapshot['state'];
  /** A participant index (1-based among the others) sharing a screen. */
  sharing?: number;
  /** A participant index speaking (the active speaker). */
  speaking?: number;
  errorCode?: string;
  /** Remote participant index → quality. */
  quality?: Record<number, GroupCallParticipant['quality']>;
  /** Remote participant indexes with camera and microphone off. */
  muted?: number[];
}

export const NAMES = ['You', 'Ada', 'Bob', 'Carol', 'Dan', 'Eve', 'Frank', 'Grace'];

/**
 * @example
 * const groupCall = useFakeGroupCall({ count: 4, sharing: 2 });
 * return <GroupCallView groupCall={groupCall} />;
 */
export function useFakeGroupCall(options: FakeGroupCallOptions): UseGroupCallResult<string> {
  const { count, state = 'joined', sharing, speaking, errorCode, quality = {}, muted = [] } = options;
  const [fakes, setFakes] = useState<{ cams: FakeStream[]; screen?: FakeStream; local?: FakeStream }>({ cams: [] });
  const [audioMuted, setAudioMuted] = useState(false);
  const [videoMuted, setVideoMuted] = useState(false);
  const [localScreen, setLocalScreen] = useState<FakeStream | undefined>(undefined);

  useEffect(() => {
    const cams = Array.from({ length: Math.max(0, count - 1) }, (_, i) => createFakeStream({ label: NAMES[i + 1], hue: (i * 47 + 20) % 360, audio: false }));
    const local = createFakeStream({ label: 'You', hue: 150, audio: false });
    const screen = sharing ? createFakeStream({ label: 'Screen', hue: 260, audio: false, width: 640, height: 360 }) : undefined;
    setFakes({ cams, local, screen });
    return () => {
      for (const f of [...cams, local, screen]) f?.stop();
      setFakes({ cams: [] });
    };
  }, [count, sharing]);
  useEffect(() => () => localScreen?.stop(), [localScreen]);

  return useMemo(() => {
    const participants: GroupCallParticipant<string>[] = fakes.cams.map((cam, i) => {
      const index = i + 1;
      const off = muted.includes(index);
      return {
        id: `m${index}`,
        userId: NAMES[index]!,
        deviceId: `device-${index}`,
        membershipId: `m${index}`,
        streams: { userMedia: cam.stream, screen: sharing === index ? fakes.screen?.stream : undefined },
        audioMuted: off,
        videoMuted: off,
        audioLevel: speaking === index ? 0.4 : 0,
        isSpeaking: speaking === index,
        quality: quality[index] ?? 'good',
        connectionState: 'connected',
      };
    });
    const snapshot: GroupCallSnapshot<string> = {
      groupCallId: 'story-room',
      state,
      error: errorCode ? Object.assign(new Error(errorCode), { code: errorCode, description: errorCode, name: 'AsklessError' }) as never : undefined,
      membershipId: 'm0',
      participants,
      localParticipant: {
        userId: 'You',
        deviceId: 'device-0',
        membershipId: 'm0',
        streams: { userMedia: fakes.local?.stream, screen: localScreen?.stream },
        audioMuted,
        videoMuted,
        audioLevel: 0,
        isSpeaking: false,
      },
      activeSpeakerId: speaking ? `m${speaking}` : undefined,
      screenShareParticipantId: localScreen ? 'local' : sharing ? `m${sharing}` : undefined,
    };
    return {
      ...snapshot,
      call: undefined,
      leave: async () => undefined,
      setMicrophoneEnabled: (on: boolean) => setAudioMuted(!on),
      setCameraEnabled: (on: boolean) => setVideoMuted(!on),
      startScreenShare: async () => {
        setLocalScreen(createFakeStream({ label: 'My screen', hue: 30, audio: false, width: 640, height: 360 }));
        return { ok: true };
      },
      stopScreenShare: () => setLocalScreen(undefined),
      setInputDevice: async () => ({ ok: true }),
    };
  }, [fakes, state, sharing, speaking, errorCode, quality, muted, audioMuted, videoMuted, localScreen]);
}
