import { useEffect, useRef } from 'react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor } from 'storybook/test';
import { useFakeStream } from './support/useFakeStream.js';

/**
 * The fake camera/microphone every call story uses. Its play test proves the stream is live
 * (frames advance, an audio track exists), so a failing call story points at the component,
 * not at the fixture.
 */
function FakeCamera({ label, hue }: { label: string; hue: number }) {
  const stream = useFakeStream({ label, hue });
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.srcObject = stream ?? null;
  }, [stream]);
  return (
    <figure style={{ margin: 0 }}>
      <video ref={ref} autoPlay muted playsInline width={320} height={240} data-testid="fake-video" />
      <figcaption>
        {stream
          ? `${stream.getVideoTracks().length} video track, ${stream.getAudioTracks().length} audio track`
          : 'starting…'}
      </figcaption>
    </figure>
  );
}

const meta = {
  title: 'Support/FakeMedia',
  component: FakeCamera,
  args: { label: 'Fake camera', hue: 210 },
} satisfies Meta<typeof FakeCamera>;
export default meta;

type Story = StoryObj<typeof meta>;

export const MovingPatternWithTone: Story = {
  play: async ({ canvas }) => {
    const video = canvas.getByTestId<HTMLVideoElement>('fake-video');
    await expect(await canvas.findByText('1 video track, 1 audio track')).toBeVisible();
    await waitFor(() => expect(video.videoWidth).toBe(320), { timeout: 5000 });
    const t0 = video.currentTime;
    await waitFor(() => expect(video.currentTime).toBeGreaterThan(t0), { timeout: 5000 });
  },
};
