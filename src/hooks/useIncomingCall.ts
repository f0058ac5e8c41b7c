import { useEffect, useMemo } from 'react';
import type { Call } from '../core/calls/manager-types.js';
import type { AcceptIncomingCallOptions, CallAttemptResult, IncomingCallInfo } from './internal/callsTypes.js';
import { useCallsController, useCallsSlice } from './internal/callsHooks.js';

/**
 * What {@link useIncomingCall} returns.
 * @example
 * const { incomingCall }: UseIncomingCallResult = useIncomingCall();
 */
export interface UseIncomingCallResult {
  /** The ringing call, or `null`. */
  readonly incomingCall: IncomingCallInfo | null;
  /** Answers it; with `media` the hooks acquire (and later stop) the local tracks. Never rejects. */
  accept(options?: AcceptIncomingCallOptions): Promise<CallAttemptResult>;
  /** Declines it (no-op when nothing rings). */
  reject(): void;
  /** Every ringing call (call waiting included), oldest first. */
  readonly incomingCalls: readonly Call[];
  /** The first ringing call as a manager `Call` (what `incomingCall` describes). */
  readonly call: Call | undefined;
}

/**
 * Listens for calls while mounted; the ringing call lives in the provider's store, so one
 * dialog anywhere in the tree sees it. A new caller is told `busy` while a call is active.
 * @example
 * const { incomingCall, accept, reject } = useIncomingCall();
 * if (incomingCall) return <button onClick={() => accept({ media: { audio: true, video: true } })}>Answer</button>;
 */
export function useIncomingCall(): UseIncomingCallResult {
  const { controller, store } = useCallsController('useIncomingCall');
  useEffect(() => controller.retain({ incoming: true }), [controller]);
  const incomingCall = useCallsSlice(store, (calls) => calls.incoming);
  return useMemo(
    () => ({
      incomingCall,
      incomingCalls: [],
      call: undefined,
      accept: (options?: AcceptIncomingCallOptions) => controller.acceptIncoming(options),
      reject: () => controller.rejectIncoming(),
    }),
    [controller, incomingCall],
  );
}
