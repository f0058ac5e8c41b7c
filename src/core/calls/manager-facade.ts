/**
 * `client.calls`: the CallManager as one small object in the core bundle. The manager itself is
 * loaded with the call service on first real use (subscribing, calling, listing devices), so apps
 * that never touch calls load none of it. Until then the snapshot is empty, and a call placed
 * meanwhile is a live handle that binds to the real call when the chunk arrives.
 */
import { AsklessError } from '../errors.js';
import { Listeners } from '../internal/listeners.js';
import { randomAlphanumeric } from '../ids.js';
import { inertCall, liveCallHandle } from './call-handle.js';
import { CALLS_UNAVAILABLE, type LazyCalls, type LoadedCalls } from './lazy.js';
import type { AudioOutputResult, Call, CallDeviceChange, CallDeviceList, CallManager, CallsSnapshot, StartCallOptions } from './manager-types.js';

const EMPTY: CallsSnapshot<never> = Object.freeze({ calls: Object.freeze([]), missedCalls: Object.freeze([]) });
const NO_DEVICES: CallDeviceList = Object.freeze({ audioinput: Object.freeze([]), videoinput: Object.freeze([]), audiooutput: Object.freeze([]) });

/**
 * The facade behind `client.calls`.
 * @example
 * const calls = new LazyCallManager(() => lazyCalls);
 * calls.subscribe(() => render(calls.getSnapshot()));
 */
export class LazyCallManager<UserId = string | number> implements CallManager<UserId> {
  private readonly listeners = new Listeners<[]>();
  private bound: { calls: LazyCalls; off: () => void } | undefined;

  /** `source()` is the client's current LazyCalls (a closed client starts a new one). */
  constructor(private readonly source: () => LazyCalls) {}

  private manager(): LoadedCalls['manager'] | undefined {
    return this.source().loaded?.manager;
  }

  /** Follow the current service's manager while anyone listens. */
  private bind(): void {
    const calls = this.source();
    if (this.bound?.calls === calls) return;
    this.bound?.off();
    let off: (() => void) | undefined;
    let active = true;
    this.bound = {
      calls,
      off: () => {
        active = false;
        off?.();
      },
    };
    calls.get().then(
      (service) => {
        if (!active) return;
        off = service.manager.subscribe(() => this.listeners.emit());
        this.listeners.emit();
      },
      () => undefined, // no chunk, no calls: the snapshot stays empty
    );
  }

  readonly getSnapshot = (): CallsSnapshot<UserId> => (this.manager()?.getSnapshot() ?? EMPTY) as CallsSnapshot<UserId>;

  readonly subscribe = (listener: () => void): (() => void) => {
    const off = this.listeners.add(listener);
    this.bind();
    return () => {
      off();
      if (this.listeners.size === 0) {
        this.bound?.off();
        this.bound = undefined;
      }
    };
  };

  readonly call = (options: StartCallOptions<UserId>): Call<UserId> => {
    const calls = this.source();
    const loaded = calls.loaded;
    if (loaded) return loaded.manager.call(options as StartCallOptions<string | number>) as Call<UserId>;
    // Not loaded yet: one id for the handle now and the real call later.
    const callId = randomAlphanumeric(16);
    let real: Call | undefined;
    let failed: AsklessError | undefined;
    let hungUp = false;
    const pending = calls.get().then(
      (service) => {
        real = service.manager.call({ ...(options as StartCallOptions<string | number>), callId });
        if (hungUp) real.hangUp();
        return real;
      },
      (error: unknown) => {
        failed = new AsklessError(CALLS_UNAVAILABLE, 'The calls module could not be loaded', { cause: error });
        this.listeners.emit();
        return undefined;
      },
    );
    const placeholder = (): Call => placeholderCall(callId, options.userId as string | number, failed, pending, () => (hungUp = true));
    return liveCallHandle(() => real ?? this.manager()?.getCall(callId) ?? placeholder()) as unknown as Call<UserId>;
  };

  readonly getCall = (callId: string): Call<UserId> | undefined => this.manager()?.getCall(callId) as Call<UserId> | undefined;

  readonly listDevices = async (): Promise<CallDeviceList> => {
    try {
      return await (await this.source().get()).manager.listDevices();
    } catch {
      return NO_DEVICES;
    }
  };

  readonly onDeviceChange = (listener: (change: CallDeviceChange) => void): (() => void) => {
    let off: (() => void) | undefined;
    let active = true;
    this.source()
      .get()
      .then(
        (service) => {
          if (active) off = service.manager.onDeviceChange(listener);
        },
        () => undefined,
      );
    return () => {
      active = false;
      off?.();
    };
  };

  readonly setAudioOutput = async (deviceId: string): Promise<AudioOutputResult> => {
    try {
      return await (await this.source().get()).manager.setAudioOutput(deviceId);
    } catch (error) {
      return { status: 'failed', error: new AsklessError(CALLS_UNAVAILABLE, 'The calls module could not be loaded', { cause: error }) };
    }
  };

  readonly clearMissedCalls = (): void => this.manager()?.clearMissedCalls();
}

/** What a call placed before the chunk loaded shows meanwhile. */
function placeholderCall(id: string, remoteUserId: string | number, failed: AsklessError | undefined, pending: Promise<Call | undefined>, onHangUp: () => void): Call {
  const later = <A extends unknown[]>(method: keyof Call) => (...args: A) => void pending.then((call) => (call?.[method] as ((...a: A) => unknown) | undefined)?.(...args));
  const unavailable = async () => ({ ok: false, error: failed ?? new AsklessError(CALLS_UNAVAILABLE, 'The call is still starting') });
  return inertCall(
    { id, remoteUserId, state: failed ? 'ended' : 'requesting', error: failed },
    {
      accept: unavailable,
      reject: later('reject'),
      hangUp: onHangUp,
      hold: later('hold'),
      resume: later('resume'),
      setMicrophoneEnabled: later('setMicrophoneEnabled'),
      setCameraEnabled: later('setCameraEnabled'),
      startScreenShare: unavailable,
      stopScreenShare: later('stopScreenShare'),
      setInputDevice: unavailable,
    },
  );
}
