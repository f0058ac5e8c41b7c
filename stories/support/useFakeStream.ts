import { useEffect, useState } from 'react';
import { createFakeStream, type FakeStreamOptions } from './fakeMedia.js';

/**
 * A fake MediaStream for the lifetime of the calling component (StrictMode-safe: the stream of
 * the discarded first mount is stopped). `undefined` until the effect has run.
 * @example
 * const stream = useFakeStream({ label: 'Bob', audio: false });
 * return <VideoTile stream={stream} label="Bob" />;
 */
export function useFakeStream(options: FakeStreamOptions = {}): MediaStream | undefined {
  const [stream, setStream] = useState<MediaStream | undefined>(undefined);
  const { video, audio, label, hue, width, height } = options;
  useEffect(() => {
    const fake = createFakeStream({ video, audio, label, hue, width, height });
    setStream(fake.stream);
    return () => {
      fake.stop();
      setStream(undefined);
    };
  }, [video, audio, label, hue, width, height]);
  return stream;
}
