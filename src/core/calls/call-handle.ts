/**
 * The live `Call` handle that `call()` returns: its fields read the latest snapshot on every
 * access, so an app holding it still sees `endReason`. Tiny on purpose: the core bundle's
 * `client.calls` facade uses it before the calls chunk has loaded.
 */
import type { Call } from './manager-types.js';

/** The methods of a call, shared by all its snapshots. */
export type CallActions = Pick<
  Call,
  'accept' | 'reject' | 'hangUp' | 'hold' | 'resume' | 'setMicrophoneEnabled' | 'setCameraEnabled' | 'startScreenShare' | 'stopScreenShare' | 'setInputDevice'
>;

/** Data fields of a Call (everything but the methods). */
export type CallData = Omit<Call, keyof CallActions>;

/**
 * Every data field of a Call, in a stable order (snapshots compare them; handles forward them).
 * @example
 * CALL_DATA_KEYS.includes("state"); // true
 */
export const CALL_DATA_KEYS: ReadonlyArray<keyof CallData> = [
  'id',
  'remoteUserId',
  'direction',
  'state',
  'endReason',
  'error',
  'connectedAt',
  'peerCapabilities',
  'streams',
  'primaryRemoteStream',
  'isLocalOnHold',
  'isRemoteOnHold',
  'audioMuted',
  'videoMuted',
  'remoteAudioMuted',
  'remoteVideoMuted',
  'audioLevel',
  'remoteAudioLevel',
  'isSpeaking',
  'isRemoteSpeaking',
  'quality',
  'stats',
  'additionalData',
  'permission',
  'remoteUserConnected',
];

/**
 * A Call whose fields read `latest()` on every access (the handle `call()` returns).
 * @example
 * const handle = liveCallHandle(() => manager.getCall(id)!);
 */
export function liveCallHandle(latest: () => Call): Call {
  const handle = {} as Record<string, unknown>;
  for (const key of CALL_DATA_KEYS) Object.defineProperty(handle, key, { enumerable: true, get: () => latest()[key] });
  const methods: Array<keyof CallActions> = ['accept', 'reject', 'hangUp', 'hold', 'resume', 'setMicrophoneEnabled', 'setCameraEnabled', 'startScreenShare', 'stopScreenShare', 'setInputDevice'];
  for (const key of methods) {
    handle[key] = (...args: unknown[]) => (latest()[key] as (...a: unknown[]) => unknown)(...args);
  }
  return Object.freeze(handle) as unknown as Call;
}

/**
 * A call with no session behind it: one that could not start, or one placed before the calls
 * chunk loaded. Methods do nothing (or report `error`) unless `actions` says otherwise.
 * @example
 * inertCall({ id, remoteUserId: 2, state: 'ended', error }, {});
 */
export function inertCall(
  data: Pick<Call, 'id' | 'remoteUserId' | 'state' | 'error'>,
  actions: Partial<CallActions>,
): Call {
  const noop = () => undefined;
  const refused = async () => ({ ok: false, error: data.error });
  return {
    direction: 'outgoing',
    endReason: undefined,
    connectedAt: undefined,
    peerCapabilities: undefined,
    streams: { localUserMedia: undefined, localScreen: undefined, remoteUserMedia: undefined, remoteScreen: undefined },
    primaryRemoteStream: undefined,
    isLocalOnHold: false,
    isRemoteOnHold: false,
    audioMuted: false,
    videoMuted: false,
    remoteAudioMuted: false,
    remoteVideoMuted: false,
    audioLevel: 0,
    remoteAudioLevel: 0,
    isSpeaking: false,
    isRemoteSpeaking: false,
    quality: undefined,
    stats: undefined,
    additionalData: {},
    permission: undefined,
    remoteUserConnected: data.state !== 'ended',
    accept: refused,
    reject: noop,
    hangUp: noop,
    hold: noop,
    resume: noop,
    setMicrophoneEnabled: noop,
    setCameraEnabled: noop,
    startScreenShare: refused,
    stopScreenShare: noop,
    setInputDevice: refused,
    ...data,
    ...actions,
  };
}
