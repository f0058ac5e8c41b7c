/**
 * The public faces of a CallSession: the caller's RequestCallHandle, the callee's ReceivingCall
 * and the LiveCall both share once media is negotiated. Each view tracks the listeners added
 * through it so its `dispose()` removes exactly those.
 */
import { AsklessError } from '../errors.js';
import type { CallSession } from './call-session.js';
import type {
  AcceptCallOptions,
  AcceptingCallResult,
  CallAdditionalData,
  CallState,
  LiveCall,
  ReceivingCall,
  RequestCallHandle,
  RequestCallResult,
} from './types.js';
import type { WireUserId } from './wire.js';

/** Listener bookkeeping for one view. */
class ViewListeners {
  private readonly offs = new Set<() => void>();
  track(off: () => void): () => void {
    const once = () => {
      if (this.offs.delete(once)) off();
    };
    this.offs.add(once);
    return once;
  }
  clear(): void {
    for (const off of [...this.offs]) off();
  }
}

const liveCalls = new WeakMap<CallSession, LiveCall<WireUserId>>();

/**
 * The LiveCall of a session (one per session).
 * @example
 * const live = liveCallOf(session);
 * live.onClose((reason) => console.log(reason));
 */
export function liveCallOf(session: CallSession): LiveCall<WireUserId> {
  let live = liveCalls.get(session);
  if (live) return live;
  const listeners = new ViewListeners();
  live = {
    remoteUserId: session.remoteUserId,
    get remoteStream() {
      return session.remoteStream;
    },
    get localStream() {
      return session.localStream;
    },
    get state() {
      return session.state;
    },
    get endReason() {
      return session.endReason;
    },
    onStateChange: (l) => listeners.track(session.stateListeners.add(l)),
    closeCall: () => session.end('hangup', { notifyRemote: true }),
    onClose: (l) => {
      if (session.ended && session.endReason) {
        // Late subscribers still learn the outcome, once.
        const reason = session.endReason;
        queueMicrotask(() => l(reason));
        return () => undefined;
      }
      return listeners.track(session.closeListeners.add(l));
    },
    onRemoteUserConnectionChange: (l) => listeners.track(session.remoteConnectionListeners.add(l)),
    onRemoteStream: (l) => {
      const off = listeners.track(session.remoteStreamListeners.add(l));
      if (session.remoteStream) {
        const stream = session.remoteStream;
        queueMicrotask(() => l(stream));
      }
      return off;
    },
    dispose: () => {
      session.end('hangup', { notifyRemote: true });
      listeners.clear();
    },
  };
  liveCalls.set(session, live);
  return live;
}

/** The caller's result once the session is accepted or over. */
function requestResult(session: CallSession): RequestCallResult {
  if (!session.ended) {
    return { callAccepted: true, liveCall: liveCallOf(session), additionalData: session.remoteAdditionalData };
  }
  const result: RequestCallResult = { callAccepted: false, additionalData: session.remoteAdditionalData };
  if (session.endReason) result.endReason = session.endReason;
  if (session.error) result.error = session.error;
  return result;
}

/**
 * The RequestCallHandle of an outgoing (or glare-merged) session.
 * @example
 * const handle = outgoingHandle(session);
 * const { callAccepted, liveCall } = await handle.response();
 */
export function outgoingHandle(session: CallSession): RequestCallHandle {
  return {
    response: () => session.settled.then(() => requestResult(session)),
    get state() {
      return session.state;
    },
    onStateChange: (l) => session.stateListeners.add(l),
    dispose: () => session.end(session.isLive ? 'hangup' : 'canceled', { notifyRemote: true }),
  };
}

/**
 * A handle for a request that never started (bad argument, already in a call).
 * @example
 * return failedHandle(new AsklessError('INVALID_ARGUMENT', 'userId is required'));
 */
export function failedHandle(error: AsklessError): RequestCallHandle {
  const result: RequestCallResult = { callAccepted: false, error, additionalData: {} };
  return {
    response: () => Promise.resolve(result),
    state: 'ended' as CallState,
    onStateChange: () => () => undefined,
    dispose: () => undefined,
  };
}

/**
 * The ReceivingCall of an incoming session; `accept` runs the callee flow.
 * @example
 * const call = receivingCallOf(session, (opts) => runAccept(session, opts));
 */
export function receivingCallOf(
  session: CallSession,
  accept: (options: AcceptCallOptions) => Promise<{ success: boolean; error?: AsklessError }>,
): ReceivingCall<WireUserId> {
  const listeners = new ViewListeners();
  return {
    remoteUserId: session.remoteUserId,
    get additionalData() {
      return session.remoteAdditionalData;
    },
    get state() {
      return session.state;
    },
    // Read by the UI when `ended` fires: the state change precedes the cancel listeners.
    get endReason() {
      return session.endReason;
    },
    onStateChange: (l) => listeners.track(session.stateListeners.add(l)),
    acceptCall: async (options: AcceptCallOptions = {}): Promise<AcceptingCallResult> => {
      const result = await accept(options);
      if (!result.success) return { success: false, error: result.error ?? new AsklessError('CONNECTION_FAILED', 'The call could not be accepted') };
      return { success: true, liveCall: liveCallOf(session) };
    },
    rejectCall: (additionalData: CallAdditionalData = {}) => {
      if (session.state === 'incoming' || session.state === 'accepting') {
        session.end('rejected', { notifyRemote: true, rejectData: additionalData });
      }
    },
    onCanceled: (l) => listeners.track(session.canceledListeners.add(l)),
    dispose: () => {
      // Flutter rejects an unanswered call on dispose; once accepted the LiveCall owns the call.
      if (session.state === 'incoming') session.end('rejected', { notifyRemote: true, rejectData: {} });
      listeners.clear();
    },
  };
}

