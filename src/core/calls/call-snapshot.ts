/**
 * `Call` snapshots: an immutable object per change (what `getSnapshot()` lists, so
 * `useSyncExternalStore` sees every change). The live handle `call()` returns is call-handle.ts.
 */
import type { CallMedia } from './call-media.js';
import type { CallSession } from './call-session.js';
import type { Call, CallStreams } from './manager-types.js';
import { CALL_DATA_KEYS, type CallActions, type CallData } from './call-handle.js';

export type { CallActions };


/**
 * A frozen snapshot of a call. `previous` lets unchanged nested objects (streams) keep their
 * identity, so a level tick does not make a video element reload.
 * @example
 * const call = snapshotCall(session, media, actions, undefined);
 */
export function snapshotCall(session: CallSession, media: CallMedia, actions: CallActions, previous: Call | undefined): Call {
  const streams: CallStreams = {
    localUserMedia: session.localStream,
    localScreen: media.localScreen,
    remoteUserMedia: session.remoteStream,
    remoteScreen: media.remoteScreen,
  };
  const old = previous?.streams;
  const sameStreams =
    old &&
    old.localUserMedia === streams.localUserMedia &&
    old.localScreen === streams.localScreen &&
    old.remoteUserMedia === streams.remoteUserMedia &&
    old.remoteScreen === streams.remoteScreen;
  const data: CallData = {
    id: session.callId,
    remoteUserId: session.remoteUserId,
    direction: session.direction,
    state: session.state,
    endReason: session.endReason,
    error: session.error,
    connectedAt: session.connectedAt,
    peerCapabilities: media.capabilities,
    streams: sameStreams ? old : Object.freeze(streams),
    // The seed's rule: the remote screen share while there is one, else the remote camera.
    primaryRemoteStream: media.remoteScreen ?? session.remoteStream,
    isLocalOnHold: media.localHold,
    isRemoteOnHold: media.remoteHold,
    audioMuted: media.audioMuted,
    videoMuted: media.videoMuted,
    remoteAudioMuted: media.remoteAudioMuted,
    remoteVideoMuted: media.remoteVideoMuted,
    audioLevel: media.audioLevel,
    remoteAudioLevel: media.remoteAudioLevel,
    isSpeaking: media.isSpeaking,
    isRemoteSpeaking: media.isRemoteSpeaking,
    quality: media.quality,
    stats: media.stats,
    additionalData: session.remoteAdditionalData,
    permission: session.permission,
    remoteUserConnected: session.remoteConnected,
  };
  if (previous && CALL_DATA_KEYS.every((key) => previous[key] === data[key])) return previous;
  return Object.freeze({ ...data, ...actions });
}

