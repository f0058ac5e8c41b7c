/**
 * Turns a manager `Call` into the 1:1 hooks' `CallAttemptResult`: resolved once the call is live
 * (connecting or later) or ended.
 */
import type { Call, CallManager } from '../../core/calls/manager-types.js';
import type { CallAttemptResult } from './callsTypes.js';

const LIVE = new Set(['connecting', 'connected', 'reconnecting']);

/**
 * Resolves when `callId` goes live or ends; never rejects.
 * @example
 * const result = await callOutcome(manager, call.id);
 */
export function callOutcome(manager: CallManager, callId: string, handle?: Call): Promise<CallAttemptResult> {
  return new Promise((resolve) => {
    let off: (() => void) | undefined;
    const check = (): boolean => {
      const call = manager.getCall(callId) ?? handle;
      if (!call) return false;
      if (LIVE.has(call.state)) resolve({ ok: true });
      else if (call.state === 'ended') resolve(call.error ? { ok: false, endReason: call.endReason, error: call.error } : { ok: false, endReason: call.endReason });
      else return false;
      return true;
    };
    if (check()) return;
    off = manager.subscribe(() => {
      if (check()) off?.();
    });
    // The snapshot may have moved between the first check and the subscription.
    if (check()) off();
  });
}
