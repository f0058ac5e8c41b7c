import type { ReactNode } from 'react';
import { useFakeStream } from './useFakeStream.js';

/**
 * Hands a fake camera/microphone stream (made in the browser) to a story's render.
 * @example
 * <WithFakeStream video audio={false}>{(stream) => <VideoTile stream={stream} />}</WithFakeStream>
 */
export function WithFakeStream({ video = true, audio = true, label = 'Camera', children }: { video?: boolean; audio?: boolean; label?: string; children: (stream: MediaStream | undefined) => ReactNode }) {
  const stream = useFakeStream({ label, hue: 200, video, audio });
  return <>{children(stream)}</>;
}
