/**
 * One shape for what the call components show, read either from a calls-v2 `Call` snapshot or,
 * with a client that only has the first call API, from `useCall()`'s fields. Features the source
 * cannot do (hold, screen share, device switching) come out `undefined`, and their buttons are
 * left out instead of doing nothing.
 */
import type { Call, CallQuality } from '../../core/calls/manager-types.js';
import type { CallEndReason, CallState } from '../../core/calls/types.js';
import type { AsklessError } from '../../core/errors.js';
import type { UseCallResult } from '../../hooks/useCall.js';

/** What the call components read. */
export interface CallModel {
  readonly id: string | undefined;
  readonly state: CallState;
  readonly endReason: CallEndReason | undefined;
  readonly error: AsklessError | undefined;
  readonly remoteUserId: string | number | undefined;
  readonly localStream: MediaStream | undefined;
  /** The remote camera (and microphone). */
  readonly remoteStream: MediaStream | undefined;
  readonly remoteScreen: MediaStream | undefined;
  readonly localScreen: MediaStream | undefined;
  readonly microphoneOn: boolean;
  readonly cameraOn: boolean;
  readonly localOnHold: boolean;
  readonly remoteOnHold: boolean;
  readonly remoteAudioMuted: boolean;
  readonly remoteVideoMuted: boolean;
  readonly speaking: boolean;
  readonly remoteSpeaking: boolean;
  readonly audioLevel: number;
  readonly remoteAudioLevel: number;
  readonly quality: CallQuality | undefined;
  readonly connectedAt: number | undefined;
  readonly remoteUserConnected: boolean;
  toggleMicrophone(): void;
  toggleCamera(): void;
  hangUp(): void;
  readonly hold: (() => void) | undefined;
  readonly resume: (() => void) | undefined;
  readonly startScreenShare: (() => void) | undefined;
  readonly stopScreenShare: (() => void) | undefined;
  readonly setInputDevice: ((kind: 'audioinput' | 'videoinput', deviceId: string) => void) | undefined;
}

/**
 * The model of a calls-v2 call.
 * @example
 * const model = modelFromCall(call);
 */
export function modelFromCall(call: Call): CallModel {
  return {
    id: call.id,
    state: call.state,
    endReason: call.endReason,
    error: call.error,
    remoteUserId: call.remoteUserId,
    localStream: call.streams.localUserMedia,
    remoteStream: call.streams.remoteUserMedia,
    remoteScreen: call.streams.remoteScreen,
    localScreen: call.streams.localScreen,
    microphoneOn: !call.audioMuted,
    cameraOn: !call.videoMuted,
    localOnHold: call.isLocalOnHold,
    remoteOnHold: call.isRemoteOnHold,
    remoteAudioMuted: call.remoteAudioMuted,
    remoteVideoMuted: call.remoteVideoMuted,
    speaking: call.isSpeaking,
    remoteSpeaking: call.isRemoteSpeaking,
    audioLevel: call.audioLevel,
    remoteAudioLevel: call.remoteAudioLevel,
    quality: call.quality,
    connectedAt: call.connectedAt,
    remoteUserConnected: call.remoteUserConnected,
    toggleMicrophone: () => call.setMicrophoneEnabled(call.audioMuted),
    toggleCamera: () => call.setCameraEnabled(call.videoMuted),
    hangUp: () => call.hangUp(),
    hold: () => call.hold(),
    resume: () => call.resume(),
    startScreenShare: () => void call.startScreenShare(),
    stopScreenShare: () => call.stopScreenShare(),
    setInputDevice: (kind, deviceId) => void call.setInputDevice(kind, deviceId),
  };
}

/**
 * The model of `useCall()`'s result: its `call` when the client has calls v2, else its fields.
 * @example
 * const model = modelFromHook(useCall());
 */
export function modelFromHook(result: UseCallResult): CallModel {
  if (result.call) return modelFromCall(result.call);
  return {
    id: undefined,
    state: result.state,
    endReason: result.endReason,
    error: result.error,
    remoteUserId: result.remoteUserId,
    localStream: result.localStream,
    remoteStream: result.remoteStream,
    remoteScreen: undefined,
    localScreen: undefined,
    microphoneOn: result.isMicrophoneOn,
    cameraOn: result.isCameraOn,
    localOnHold: false,
    remoteOnHold: false,
    remoteAudioMuted: false,
    remoteVideoMuted: false,
    speaking: false,
    remoteSpeaking: false,
    audioLevel: 0,
    remoteAudioLevel: 0,
    quality: undefined,
    connectedAt: undefined,
    remoteUserConnected: result.remoteUserConnected,
    toggleMicrophone: result.toggleMicrophone,
    toggleCamera: result.toggleCamera,
    hangUp: result.hangUp,
    hold: undefined,
    resume: undefined,
    startScreenShare: undefined,
    stopScreenShare: undefined,
    setInputDevice: undefined,
  };
}

/**
 * True while a call is alive (not idle, not ended).
 * @example
 * if (isLive(model.state)) showControls();
 */
export function isLive(state: CallState): boolean {
  return state !== 'idle' && state !== 'ended';
}
