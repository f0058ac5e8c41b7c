import { useCallback, useEffect, useMemo, useSyncExternalStore } from 'react';
import type { Call } from '../core/calls/manager-types.js';
import type { AcceptIncomingCallOptions, CallAttemptResult, IncomingCallInfo } from './internal/callsTypes.js';
import { useCallManager } from './internal/callManager.js';
import { retainCalls } from './internal/callsLifecycle.js';
import { callOutcome } from './internal/callOutcome.js';
import { AsklessError, ClientErrorCode } from '../core/errors.js';

/**
 * What {@link useIncomingCall} returns.
 * @example
 * const { incomingCall }: UseIncomingCallResult = useIncomingCall();
 */
export interface UseIncomingCallResult {
  /** The first ringing call, or `null`. */
  readonly incomingCall: IncomingCallInfo | null;
  /** Answers it; with `media` the call acquires (and later stops) the local tracks. Never rejects. */
  accept(options?: AcceptIncomingCallOptions): Promise<CallAttemptResult>;
  /** Declines it (no-op when nothing rings). */
  reject(): void;
  /** Every ringing call (call waiting included), oldest first. */
  readonly incomingCalls: readonly Call[];
  /** The first ringing call as a manager `Call` (what `incomingCall` describes). */
  readonly call: Call | undefined;
}

const NONE: readonly Call[] = Object.freeze([]);

/**
 * Calls ringing here while mounted (several with call waiting: accepting one puts the active call
 * on hold). A caller beyond `maxConcurrentCalls` or refused by `canHandleNewCall` hears `busy`.
 * @example
 * const { incomingCall, accept, reject } = useIncomingCall();
 * if (incomingCall) return <button onClick={() => accept({ media: { audio: true, video: true } })}>Answer</button>;
 */
export function useIncomingCall(): UseIncomingCallResult {
  const manager = useCallManager('useIncomingCall');
  useEffect(() => retainCalls(manager), [manager]);
  const snapshot = useSyncExternalStore(manager.subscribe, manager.getSnapshot, manager.getSnapshot);
  const incomingCalls = useMemo(() => {
    const ringing = snapshot.calls.filter((call) => call.direction === 'incoming' && call.state === 'incoming');
    return ringing.length > 0 ? ringing : NONE;
  }, [snapshot]);
  const call = incomingCalls[0];
  const callId = call?.id;
  const remoteUserId = call?.remoteUserId;
  const additionalData = call?.additionalData;
  const incomingCall = useMemo<IncomingCallInfo | null>(
    () => (callId !== undefined && remoteUserId !== undefined ? { remoteUserId, additionalData: additionalData ?? {} } : null),
    [callId, remoteUserId, additionalData],
  );
  const accept = useCallback(
    async (options: AcceptIncomingCallOptions = {}): Promise<CallAttemptResult> => {
      const ringing = callId ? manager.getCall(callId) : undefined;
      if (!ringing || ringing.state !== 'incoming') {
        return { ok: false, error: new AsklessError(ClientErrorCode.INVALID_ARGUMENT, 'There is no ringing call to accept') };
      }
      const result = await ringing.accept({ media: options.media, localStream: options.localStream, additionalData: options.additionalData ?? {} });
      if (!result.ok) {
        const ended = manager.getCall(ringing.id);
        return { ok: false, endReason: ended?.endReason, error: result.error };
      }
      return callOutcome(manager, ringing.id);
    },
    [manager, callId],
  );
  const reject = useCallback(() => {
    if (callId) manager.getCall(callId)?.reject();
  }, [manager, callId]);
  return useMemo(() => ({ incomingCall, accept, reject, incomingCalls, call }), [incomingCall, accept, reject, incomingCalls, call]);
}
