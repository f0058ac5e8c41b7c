import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor } from 'storybook/test';
import { VideoTile } from '../src/calls.js';
import { WithFakeStream } from './support/WithFakeStream.js';

const meta = {
  title: 'Calls/VideoTile',
  component: VideoTile,
  args: { stream: undefined, label: 'Ada', muted: true, mirrored: false, playLabel: 'Play', microphoneOffLabel: 'Microphone off' },
  argTypes: { stream: { control: false }, placeholder: { control: 'text' } },
  parameters: {
    media: { video: true, audio: true },
    docs: {
      description: {
        component: `One participant's video with a caption, a placeholder (initials, or "Camera off") while no video flows and a "Microphone off" badge; a Play button when autoplay rules refuse playback.

\`\`\`tsx
import { VideoTile } from 'askless-react/calls';

<VideoTile stream={call.streams.remoteUserMedia} label="Bob" videoOff={call.remoteVideoMuted} cameraOffLabel="Camera off" />
\`\`\``,
      },
    },
  },
  // A fake camera (canvas) and microphone (oscillator) made in the browser feed the tile.
  render: (args, { parameters }) => (
    <WithFakeStream {...(parameters.media as { video?: boolean; audio?: boolean })} label={args.label}>
      {(stream) => (
        <div style={{ width: 360 }}>
          <VideoTile {...args} stream={stream} />
        </div>
      )}
    </WithFakeStream>
  ),
} satisfies Meta<typeof VideoTile>;
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
  args: { label: 'Grace' },
  parameters: { media: { video: false } },
  play: async ({ canvas, canvasElement }) => {
    const tile = canvas.getByRole('group', { name: 'Grace' });
    // Audio only: the placeholder shows the label's initial instead of a black frame.
    await waitFor(() => expect(tile).toHaveAttribute('data-audio', 'on'));
    await expect(tile).toHaveAttribute('data-state', 'placeholder');
    await expect(canvasElement.querySelector('[data-part="placeholder"]')).toHaveTextContent('G');
  },
};

export const NoStream: Story = {
  args: { label: 'Waiting for Bob' },
  render: (args) => (
    <div style={{ width: 360 }}>
      <VideoTile {...args} stream={undefined} />
    </div>
  ),
  play: async ({ canvas }) => {
    const tile = canvas.getByRole('group', { name: 'Waiting for Bob' });
    await expect(tile).toHaveAttribute('data-state', 'placeholder');
    await expect(tile).toHaveAttribute('data-audio', 'off');
  },
};

export const MicrophoneOff: Story = {
  args: { label: 'Linus' },
  parameters: { media: { audio: false } },
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
  args: { videoOff: true, audioOff: true, label: 'Margaret', cameraOffLabel: 'Camera off' },
  play: async ({ canvas }) => {
    const tile = canvas.getByRole('group', { name: 'Margaret' });
    // The stream still has video; the app says the camera is off, so the placeholder wins.
    await expect(tile).toHaveAttribute('data-state', 'placeholder');
    await expect(tile).toHaveTextContent('Camera off');
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
