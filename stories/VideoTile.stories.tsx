import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor } from 'storybook/test';
import { VideoTile, type VideoTileProps } from '../src/components/VideoTile.js';
import { useFakeStream } from './support/useFakeStream.js';

/** VideoTile with a fake camera (canvas) and microphone (oscillator) made in the browser. */
function TileWithFakeMedia({ video = true, audio = true, ...props }: Omit<VideoTileProps, 'stream'> & { video?: boolean; audio?: boolean }) {
  const stream = useFakeStream({ label: props.label ?? 'Camera', hue: 200, video, audio });
  return (
    <div style={{ width: 360 }}>
      <VideoTile stream={stream} {...props} />
    </div>
  );
}

const meta = {
  title: 'Calls/VideoTile',
  component: TileWithFakeMedia,
  args: { label: 'Ada', muted: true },
} satisfies Meta<typeof TileWithFakeMedia>;
export default meta;

type Story = StoryObj<typeof meta>;

async function framesAdvance(video: HTMLVideoElement) {
  await waitFor(() => expect(video.videoWidth).toBeGreaterThan(0), { timeout: 5000 });
  const t0 = video.currentTime;
  await waitFor(() => expect(video.currentTime).toBeGreaterThan(t0), { timeout: 5000 });
}

export const WithVideo: Story = {
  play: async ({ canvas, canvasElement }) => {
    const tile = canvas.getByRole('group', { name: 'Ada' });
    await waitFor(() => expect(tile).toHaveAttribute('data-state', 'video'));
    await expect(tile).toHaveAttribute('data-audio', 'on');
    await expect(canvas.queryByRole('img', { name: 'Microphone off' })).toBeNull();
    await framesAdvance(canvasElement.querySelector('video')!);
  },
};

export const WithoutVideo: Story = {
  args: { video: false, label: 'Grace' },
  play: async ({ canvas, canvasElement }) => {
    const tile = canvas.getByRole('group', { name: 'Grace' });
    // Audio only: the placeholder shows the label's initial instead of a black frame.
    await waitFor(() => expect(tile).toHaveAttribute('data-audio', 'on'));
    await expect(tile).toHaveAttribute('data-state', 'placeholder');
    await expect(canvasElement.querySelector('[data-part="placeholder"]')).toHaveTextContent('G');
  },
};

export const NoStream: StoryObj<typeof VideoTile> = {
  render: () => (
    <div style={{ width: 360 }}>
      <VideoTile stream={undefined} label="Waiting for Bob" />
    </div>
  ),
  play: async ({ canvas }) => {
    const tile = canvas.getByRole('group', { name: 'Waiting for Bob' });
    await expect(tile).toHaveAttribute('data-state', 'placeholder');
    await expect(tile).toHaveAttribute('data-audio', 'off');
  },
};

export const MicrophoneOff: Story = {
  args: { audio: false, label: 'Linus' },
  play: async ({ canvas }) => {
    const tile = canvas.getByRole('group', { name: 'Linus' });
    await waitFor(() => expect(tile).toHaveAttribute('data-state', 'video'));
    await expect(tile).toHaveAttribute('data-audio', 'off');
    await expect(canvas.getByRole('img', { name: 'Microphone off' })).toBeVisible();
  },
};

export const Mirrored: Story = {
  args: { mirrored: true, label: 'You' },
  play: async ({ canvas, canvasElement }) => {
    const tile = canvas.getByRole('group', { name: 'You' });
    await expect(tile).toHaveAttribute('data-mirrored');
    const video = canvasElement.querySelector('video')!;
    await expect(getComputedStyle(video).transform).toBe('matrix(-1, 0, 0, 1, 0, 0)');
    await framesAdvance(video);
  },
};

export const CameraTurnedOff: Story = {
  args: { videoOff: true, audioOff: true, label: 'Margaret' },
  play: async ({ canvas }) => {
    const tile = canvas.getByRole('group', { name: 'Margaret' });
    // The stream still has video; the app says the camera is off, so the placeholder wins.
    await expect(tile).toHaveAttribute('data-state', 'placeholder');
    await expect(canvas.getByRole('img', { name: 'Microphone off' })).toBeVisible();
  },
};

/**
 * Autoplay refused: the browser rejects `play()` until the user interacts. The test browser
 * allows autoplay, so this story makes `play()` refuse until the first click, as a browser with
 * default autoplay rules does for an unmuted tile.
 */
export const PlaybackBlocked: Story = {
  args: { muted: false, label: 'Ada (sound on)' },
  beforeEach: () => {
    const original = HTMLMediaElement.prototype.play;
    let gesture = false;
    const onClick = () => {
      gesture = true;
    };
    document.addEventListener('click', onClick, true);
    HTMLMediaElement.prototype.play = function play(this: HTMLMediaElement) {
      if (!gesture) return Promise.reject(new DOMException('play() needs a user gesture', 'NotAllowedError'));
      return original.call(this);
    };
    return () => {
      HTMLMediaElement.prototype.play = original;
      document.removeEventListener('click', onClick, true);
    };
  },
  play: async ({ canvas }) => {
    const tile = canvas.getByRole('group', { name: 'Ada (sound on)' });
    await waitFor(() => expect(tile).toHaveAttribute('data-playback', 'blocked'));
    await userEvent.click(canvas.getByRole('button', { name: 'Play' }));
    await waitFor(() => expect(tile).not.toHaveAttribute('data-playback'));
    await expect(canvas.queryByRole('button', { name: 'Play' })).toBeNull();
  },
};
