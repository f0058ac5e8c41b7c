/**
 * Local media bookkeeping for the call hooks: acquiring a stream (through the core's
 * `getLocalMedia`) and reading and flipping the microphone/camera. Stopping tracks is the core's
 * `stopStream`.
 */
import { getLocalMedia } from '../../core/calls/media.js';
import type { AcquireMedia } from './callsTypes.js';

/**
 * Default media acquisition: the core's `getLocalMedia` (getUserMedia with typed failures).
 * @example
 * const result = await acquireUserMedia({ audio: true, video: true });
 * if (!result.stream) console.warn(result.permission);
 */
export const acquireUserMedia: AcquireMedia = (constraints) => getLocalMedia(constraints);

/**
 * Whether any track of `kind` is enabled and live (false when the stream has none).
 * @example
 * isKindOn(stream, 'audio') // microphone on?
 */
export function isKindOn(stream: MediaStream | undefined, kind: 'audio' | 'video'): boolean {
  if (!stream) return false;
  const tracks = kind === 'audio' ? stream.getAudioTracks() : stream.getVideoTracks();
  return tracks.some((track) => track.enabled && track.readyState !== 'ended');
}

/**
 * Enables or disables every track of `kind`. Disabling sends silence/black frames without
 * renegotiation, which the Askless protocol has no message for.
 * @example
 * setKindEnabled(stream, 'video', false) // camera off
 */
export function setKindEnabled(stream: MediaStream | undefined, kind: 'audio' | 'video', enabled: boolean): void {
  if (!stream) return;
  const tracks = kind === 'audio' ? stream.getAudioTracks() : stream.getVideoTracks();
  for (const track of tracks) track.enabled = enabled;
}
