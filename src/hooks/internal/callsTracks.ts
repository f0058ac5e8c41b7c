/**
 * Watches a MediaStream's tracks so a tile can swap between video and placeholder as tracks
 * arrive, end, mute (no frames flowing) or unmute.
 */
import { useCallback, useSyncExternalStore } from 'react';

/**
 * Presence of usable tracks in a stream.
 * @example
 * const { hasVideo, hasAudio }: TrackPresence = useTrackPresence(stream);
 */
export interface TrackPresence {
  /** A live, enabled video track that is receiving frames (remote tracks start muted). */
  readonly hasVideo: boolean;
  /** A live, enabled audio track. */
  readonly hasAudio: boolean;
}

const TRACK_EVENTS = ['ended', 'mute', 'unmute'] as const;

function usable(track: MediaStreamTrack, requireFrames: boolean): boolean {
  return track.readyState !== 'ended' && track.enabled && !(requireFrames && track.muted);
}

function presenceKey(stream: MediaStream | undefined): string {
  if (!stream) return '0|0';
  const video = stream.getVideoTracks().some((track) => usable(track, true));
  const audio = stream.getAudioTracks().some((track) => usable(track, false));
  return `${video ? 1 : 0}|${audio ? 1 : 0}`;
}

/**
 * Re-renders when the stream's usable tracks change. `enabled` flips fire no event, but they
 * happen through our own toggles, which re-render the caller anyway; the snapshot is read fresh.
 * @example
 * const { hasVideo } = useTrackPresence(remoteStream);
 */
export function useTrackPresence(stream: MediaStream | undefined): TrackPresence {
  const subscribe = useCallback(
    (onChange: () => void) => {
      if (!stream) return () => {};
      const bound = new Set<MediaStreamTrack>();
      const bind = () => {
        for (const track of stream.getTracks()) {
          if (bound.has(track)) continue;
          bound.add(track);
          for (const type of TRACK_EVENTS) track.addEventListener(type, onChange);
        }
      };
      const onTracksChanged = () => {
        bind();
        onChange();
      };
      bind();
      stream.addEventListener('addtrack', onTracksChanged);
      stream.addEventListener('removetrack', onTracksChanged);
      return () => {
        stream.removeEventListener('addtrack', onTracksChanged);
        stream.removeEventListener('removetrack', onTracksChanged);
        for (const track of bound) for (const type of TRACK_EVENTS) track.removeEventListener(type, onChange);
      };
    },
    [stream],
  );
  const read = () => presenceKey(stream);
  const key = useSyncExternalStore(subscribe, read, read);
  return { hasVideo: key.startsWith('1'), hasAudio: key.endsWith('1') };
}
