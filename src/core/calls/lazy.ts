/**
 * The client's entry to calls, loading the call service on first use: `requestCallToUser`
 * answers at once with a handle that binds to the real one when the chunk arrives, and
 * `onIncomingCall` subscribes as soon as it is there. Keeps the core bundle free of call code.
 */
import { AsklessError } from '../errors.js';
import { Listeners } from '../internal/listeners.js';
import { LazyService } from '../internal/lazy-service.js';
import type { CallState, ReceivingCall, RequestCallHandle, RequestCallResult, RequestCallToUserOptions } from './types.js';
import type { Call, CallManager, StartCallOptions } from './manager-types.js';

/** What the loaded service offers (CallService satisfies it). */
export interface LoadedCalls {
  requestCallToUser(options: RequestCallToUserOptions<string | number>): RequestCallHandle;
  onIncomingCall(listener: (call: ReceivingCall<string | number>) => void): () => void;
  /** The manager behind `client.calls` (`call` also takes a preset id, see manager-facade.ts). */
  readonly manager: Omit<CallManager<string | number>, 'call'> & { call(options: StartCallOptions<string | number> & { callId?: string }): Call };
  dispose(): void;
}

/** Why calls are unavailable when the chunk fails to load (offline, blocked script). */
export const CALLS_UNAVAILABLE = 'CALLS_UNAVAILABLE';

/**
 * Calls behind a dynamic import.
 * @example
 * const calls = new LazyCalls(() => import('./create.js').then((m) => m.createCallService(client)));
 * const handle = calls.requestCallToUser({ userId: 2 });
 */
export class LazyCalls extends LazyService<LoadedCalls> {

  /** The service if it is loaded already. */
  get loaded(): LoadedCalls | undefined {
    return this.service;
  }


  requestCallToUser(options: RequestCallToUserOptions<string | number>): RequestCallHandle {
    if (this.service) return this.service.requestCallToUser(options);
    return deferredHandle(this.get().then((service) => service.requestCallToUser(options)));
  }

  onIncomingCall(listener: (call: ReceivingCall<string | number>) => void): () => void {
    if (this.service) return this.service.onIncomingCall(listener);
    let off: (() => void) | undefined;
    let active = true;
    this.get().then(
      (service) => {
        if (active) off = service.onIncomingCall(listener);
      },
      () => undefined, // no service, no calls to receive
    );
    return () => {
      active = false;
      off?.();
    };
  }

}

/** A handle usable at once, bound to the real one when it exists. */
function deferredHandle(real: Promise<RequestCallHandle>): RequestCallHandle {
  const listeners = new Listeners<[CallState]>();
  let bound: RequestCallHandle | undefined;
  let state: CallState = 'requesting';
  let disposed = false;
  let failure: RequestCallResult | undefined;
  const settle = (next: CallState) => {
    if (next === state) return;
    state = next;
    listeners.emit(next);
  };
  const ready = real.then(
    (handle) => {
      bound = handle;
      handle.onStateChange(settle);
      settle(handle.state);
      if (disposed) handle.dispose();
      return handle;
    },
    (error: unknown) => {
      failure = { callAccepted: false, additionalData: {}, error: new AsklessError(CALLS_UNAVAILABLE, 'The calls module could not be loaded', { cause: error }) };
      settle('ended');
      return undefined;
    },
  );
  return {
    response: () => ready.then((handle) => (handle ? handle.response() : failure!)),
    get state() {
      return bound?.state ?? state;
    },
    onStateChange: (listener) => listeners.add(listener),
    dispose: () => {
      disposed = true;
      bound?.dispose();
    },
  };
}
