import { useEffect, useMemo } from 'react';
import type { AsklessError } from '../core/errors.js';
import type { CallEndReason, CallState, MediaPermission } from '../core/calls/types.js';
import type { Call } from '../core/calls/manager-types.js';
import type { CallAttemptResult, CallUserId, RequestCallOptions } from './internal/callsTypes.js';
import { useCallsController, useCallsSlice } from './internal/callsHooks.js';

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
  readonly error: AsklessError | undefined;
  /** The other user, while a call exists (and after it ended). */
  readonly remoteUserId: CallUserId | undefined;
  readonly direction: 'outgoing' | 'incoming' | undefined;
  /** Calls a user; with `media` the hook acquires (and later stops) the local tracks. Never rejects. */
  requestCall(options: RequestCallOptions): Promise<CallAttemptResult>;
  /** Cancels, rejects or hangs up the current call; idempotent. */
  hangUp(): void;
  readonly localStream: MediaStream | undefined;
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

/**
 * The provider's one call: place it, watch it, toggle media, hang up. A call accepted through
 * `useIncomingCall()` shows up here too. When the last call hook unmounts, the call ends and
 * every track the hooks acquired is stopped (StrictMode remounts are absorbed).
 * @example
 * const call = useCall();
 * <button onClick={() => call.requestCall({ userId: 2, media: { audio: true, video: true } })}>Call</button>
 */
export function useCall(callId?: string): UseCallResult {
  void callId;
  const { controller, store } = useCallsController('useCall');
  useEffect(() => controller.retain({ incoming: false }), [controller]);
  const call = useCallsSlice(store, (calls) => calls.call);
  const actions = useMemo(
    () => ({
      requestCall: (options: RequestCallOptions) => controller.requestCall(options),
      hangUp: () => controller.hangUp(),
      toggleMicrophone: () => controller.toggleMicrophone(),
      toggleCamera: () => controller.toggleCamera(),
    }),
    [controller],
  );
  return useMemo(() => ({ ...call, ...actions, call: undefined }), [call, actions]);
}
