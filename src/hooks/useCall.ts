import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { AsklessError, ClientErrorCode } from '../core/errors.js';
import type { AsklessError as AsklessErrorType } from '../core/errors.js';
import type { CallEndReason, CallState, MediaPermission } from '../core/calls/types.js';
import type { Call, CallsSnapshot } from '../core/calls/manager-types.js';
import type { CallAttemptResult, CallUserId, RequestCallOptions } from './internal/callsTypes.js';
import { useCallManager } from './internal/callManager.js';
import { retainCalls } from './internal/callsLifecycle.js';
import { callOutcome } from './internal/callOutcome.js';

/**
 * What {@link useCall} returns.
 * @example
 * const { state, endReason, hangUp }: UseCallResult = useCall();
 */
export interface UseCallResult {
  /** `idle`, then requesting → ringing → connecting → connected → ended (caller) or
   * incoming → accepting → connecting → connected → ended (callee); `reconnecting` in between. */
  readonly state: CallState;
  readonly endReason: CallEndReason | undefined;
  readonly error: AsklessErrorType | undefined;
  /** The other user, while a call exists (and after it ended). */
  readonly remoteUserId: CallUserId | undefined;
  readonly direction: 'outgoing' | 'incoming' | undefined;
  /** Calls a user; with `media` the call acquires (and later stops) the local tracks. Never rejects. */
  requestCall(options: RequestCallOptions): Promise<CallAttemptResult>;
  /** Cancels, rejects or hangs up the current call; idempotent. */
  hangUp(): void;
  readonly localStream: MediaStream | undefined;
  /** The remote screen share while there is one, else the remote camera (`call.primaryRemoteStream`). */
  readonly remoteStream: MediaStream | undefined;
  readonly isMicrophoneOn: boolean;
  readonly isCameraOn: boolean;
  toggleMicrophone(): void;
  toggleCamera(): void;
  /** False while the other user's signaling connection is gone (state `reconnecting`). */
  readonly remoteUserConnected: boolean;
  /** Camera/microphone permission, once media was requested through `media`. */
  readonly permission: MediaPermission | undefined;
  /** The call this hook follows (the manager's `Call` snapshot), if any. */
  readonly call: Call | undefined;
}

const LIVE_OR_RINGING: ReadonlySet<CallState> = new Set(['requesting', 'ringing', 'incoming', 'accepting', 'connecting', 'connected', 'reconnecting']);

function hasLiveTrack(stream: MediaStream | undefined, kind: 'audio' | 'video'): boolean {
  const tracks = kind === 'audio' ? stream?.getAudioTracks() : stream?.getVideoTracks();
  return tracks?.some((track) => track.readyState !== 'ended') ?? false;
}

/** The call `useCall()` shows without an id: the active one, else the one it followed, else the first. */
function pickCall(snapshot: CallsSnapshot, followed: string | undefined, getCall: (id: string) => Call | undefined): string | undefined {
  if (snapshot.activeCallId) return snapshot.activeCallId;
  const current = followed ? getCall(followed) : undefined;
  if (current && current.state !== 'ended') return followed;
  return snapshot.calls.find((call) => call.state !== 'ended')?.id ?? followed;
}

/**
 * One call of the provider's client: by default the active one (a call accepted through
 * `useIncomingCall()` shows up here too), or `callId`'s. Place a call, watch it, toggle media,
 * hang up. When the last call hook unmounts, its calls end and every track they acquired stops
 * (StrictMode remounts are absorbed).
 * @example
 * const call = useCall();
 * <button onClick={() => call.requestCall({ userId: 2, media: { audio: true, video: true } })}>Call</button>
 */
export function useCall(callId?: string): UseCallResult {
  const manager = useCallManager('useCall');
  useEffect(() => retainCalls(manager), [manager]);
  const snapshot = useSyncExternalStore(manager.subscribe, manager.getSnapshot, manager.getSnapshot);
  // The call this hook placed or last showed, so an ended call's outcome stays on screen.
  const followed = useRef<string | undefined>(undefined);
  const [placed, setPlaced] = useState<Call | undefined>(undefined);
  const id = callId ?? pickCall(snapshot, followed.current ?? placed?.id, manager.getCall);
  if (!callId) followed.current = id;
  const call = id ? (manager.getCall(id) ?? (placed?.id === id ? placed : undefined)) : undefined;

  const requestCall = useCallback(
    async (options: RequestCallOptions): Promise<CallAttemptResult> => {
      const current = followed.current ? manager.getCall(followed.current) : undefined;
      if (current?.state === 'incoming' && String(current.remoteUserId) === String(options.userId)) {
        // They are already calling us: answering is what both want (glare resolved as Matrix does).
        const accepted = await current.accept({ media: options.media, localStream: options.localStream, additionalData: options.additionalData });
        return accepted.ok ? callOutcome(manager, current.id) : { ok: false, endReason: manager.getCall(current.id)?.endReason, error: accepted.error };
      }
      if (current && LIVE_OR_RINGING.has(current.state)) {
        return { ok: false, error: new AsklessError(ClientErrorCode.CONFLICT, 'A call is already in progress: hang up first') };
      }
      if (options.userId === undefined || options.userId === null || options.userId === '') {
        return { ok: false, error: new AsklessError(ClientErrorCode.INVALID_ARGUMENT, 'requestCall needs a userId') };
      }
      const next = manager.call({ userId: options.userId, media: options.media, localStream: options.localStream, additionalData: options.additionalData ?? {} });
      followed.current = next.id;
      setPlaced(next);
      return callOutcome(manager, next.id, next);
    },
    [manager],
  );

  const hangUp = useCallback(() => {
    const current = followed.current ? manager.getCall(followed.current) : undefined;
    current?.hangUp();
  }, [manager]);

  const isMicrophoneOn = !!call && call.state !== 'ended' && hasLiveTrack(call.streams.localUserMedia, 'audio') && !call.audioMuted;
  const isCameraOn = !!call && call.state !== 'ended' && hasLiveTrack(call.streams.localUserMedia, 'video') && !call.videoMuted;
  return useMemo(
    () => ({
      state: call?.state ?? 'idle',
      endReason: call?.endReason,
      error: call?.error,
      remoteUserId: call?.remoteUserId,
      direction: call?.direction,
      requestCall,
      hangUp,
      localStream: call?.state === 'ended' ? undefined : call?.streams.localUserMedia,
      remoteStream: call?.state === 'ended' ? undefined : call?.primaryRemoteStream,
      isMicrophoneOn,
      isCameraOn,
      toggleMicrophone: () => call?.setMicrophoneEnabled(!isMicrophoneOn),
      toggleCamera: () => call?.setCameraEnabled(!isCameraOn),
      remoteUserConnected: !!call && call.state !== 'ended' && call.remoteUserConnected,
      permission: call?.permission,
      call,
    }),
    [call, requestCall, hangUp, isMicrophoneOn, isCameraOn],
  );
}
