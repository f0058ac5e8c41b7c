/**
 * A looping ringtone while a dialog is open. Autoplay rules may refuse sound before a user
 * gesture: play() then rejects, which is caught and exposed as `blocked` instead of an unhandled
 * rejection.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';

/**
 * @example
 * const ringtone = useRingtone('/ring.mp3'); // render ringtone.element; read ringtone.state
 */
export function useRingtone(src: string | undefined): { state: 'off' | 'playing' | 'blocked'; element: ReactNode } {
  const audioRef = useRef<HTMLAudioElement>(null);
  const [state, setState] = useState<'off' | 'playing' | 'blocked'>('off');
  useEffect(() => {
    const audio = audioRef.current;
    if (!audio || !src) return;
    let cancelled = false;
    try {
      const played = audio.play() as Promise<void> | undefined;
      if (played && typeof played.then === 'function') {
        played.then(
          () => !cancelled && setState('playing'),
          () => !cancelled && setState('blocked'),
        );
      }
    } catch {
      setState('blocked');
    }
    return () => {
      cancelled = true;
      try {
        audio.pause();
      } catch {
        // jsdom and some embedded webviews do not implement pause(); nothing to stop then.
      }
    };
  }, [src]);
  return { state, element: src ? <audio ref={audioRef} src={src} loop preload="auto" data-part="ringtone" /> : null };
}
