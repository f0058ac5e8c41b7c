import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { CallView } from '../src/components/CallView.js';
import { CallStage, type CallScenario } from './support/CallStage.js';

/** CallView on a provider whose fake client scripts the call (see support/CallStage.tsx). */
function CallViewOnStage({ scenario, remoteName }: { scenario: CallScenario; remoteName: string }) {
  return <CallStage scenario={scenario}>{() => <CallView remoteName={remoteName} />}</CallStage>;
}

const meta = {
  title: 'Calls/CallView',
  component: CallViewOnStage,
  args: { scenario: 'connected', remoteName: 'Bob' },
  argTypes: {
    scenario: {
      control: 'select',
      options: ['idle', 'requesting', 'ringing', 'connecting', 'connected', 'reconnecting', 'ended', 'rejected', 'missed', 'busy', 'media_error'],
    },
  },
} satisfies Meta<typeof CallViewOnStage>;
export default meta;

type Story = StoryObj<typeof meta>;

const view = (canvasElement: HTMLElement) => within(canvasElement).getByRole('region', { name: 'Call with Bob' });

async function remoteFramesAdvance(canvasElement: HTMLElement) {
  const video = canvasElement.querySelector<HTMLVideoElement>('[data-part="remote"] video')!;
  await waitFor(() => expect(video.videoWidth).toBeGreaterThan(0), { timeout: 5000 });
  const t0 = video.currentTime;
  await waitFor(() => expect(video.currentTime).toBeGreaterThan(t0), { timeout: 5000 });
}

export const Idle: Story = {
  args: { scenario: 'idle' },
  play: async ({ canvas }) => {
    // No call, nothing rendered: an app can mount CallView permanently.
    await expect(canvas.queryByRole('region')).toBeNull();
  },
};

export const Calling: Story = {
  args: { scenario: 'requesting' },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(view(canvasElement)).toHaveAttribute('data-state', 'requesting'));
    await expect(within(view(canvasElement)).getByRole('status')).toHaveTextContent('Calling…');
  },
};

export const Ringing: Story = {
  args: { scenario: 'ringing' },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(view(canvasElement)).toHaveAttribute('data-state', 'ringing'));
    await expect(within(view(canvasElement)).getByRole('status')).toHaveTextContent('Ringing…');
  },
};

export const Connecting: Story = {
  args: { scenario: 'connecting' },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(view(canvasElement)).toHaveAttribute('data-state', 'connecting'));
    await expect(within(view(canvasElement)).getByRole('status')).toHaveTextContent('Connecting…');
    // Your own picture-in-picture is already up, mirrored and muted.
    const local = canvasElement.querySelector<HTMLElement>('[data-part="local"]')!;
    await expect(local).toHaveAttribute('data-mirrored');
    await expect(local.querySelector('video')!.muted).toBe(true);
  },
};

export const Connected: Story = {
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(view(canvasElement)).toHaveAttribute('data-state', 'connected'));
    await expect(within(view(canvasElement)).getByRole('status')).toHaveTextContent('Connected');
    await remoteFramesAdvance(canvasElement);
  },
};

export const Reconnecting: Story = {
  args: { scenario: 'reconnecting' },
  play: async ({ canvas, canvasElement }) => {
    await waitFor(() => expect(view(canvasElement)).toHaveAttribute('data-state', 'reconnecting'));
    await expect(within(view(canvasElement)).getByRole('status')).toHaveTextContent('Reconnecting…');
    await userEvent.click(canvas.getByRole('button', { name: 'Remote returns' }));
    await waitFor(() => expect(view(canvasElement)).toHaveAttribute('data-state', 'connected'));
  },
};

export const EndedByRemote: Story = {
  args: { scenario: 'ended' },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(view(canvasElement)).toHaveAttribute('data-state', 'ended'));
    await expect(view(canvasElement)).toHaveAttribute('data-end-reason', 'remote_hangup');
    await expect(within(view(canvasElement)).getByRole('status')).toHaveTextContent('The other person hung up');
    // Ended: no tiles, no controls.
    await expect(canvasElement.querySelector('video')).toBeNull();
    await expect(within(view(canvasElement)).queryByRole('group', { name: 'Call controls' })).toBeNull();
  },
};

export const Declined: Story = {
  args: { scenario: 'rejected' },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(view(canvasElement)).toHaveAttribute('data-end-reason', 'rejected'));
    await expect(within(view(canvasElement)).getByRole('status')).toHaveTextContent('Call declined');
  },
};

export const NoAnswer: Story = {
  args: { scenario: 'missed' },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(view(canvasElement)).toHaveAttribute('data-end-reason', 'missed'));
    await expect(within(view(canvasElement)).getByRole('status')).toHaveTextContent('No answer');
  },
};

export const Busy: Story = {
  args: { scenario: 'busy' },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(view(canvasElement)).toHaveAttribute('data-end-reason', 'busy'));
    await expect(within(view(canvasElement)).getByRole('status')).toHaveTextContent('Busy');
  },
};

export const CameraUnavailable: Story = {
  args: { scenario: 'media_error' },
  play: async ({ canvas, canvasElement }) => {
    await waitFor(() => expect(view(canvasElement)).toHaveAttribute('data-end-reason', 'media_error'), { timeout: 5000 });
    await expect(within(view(canvasElement)).getByRole('status')).toHaveTextContent('Camera or microphone unavailable');
    // Nothing was placed: the fake server never saw a call.
    await expect(canvas.getByTestId('outgoing-calls')).toHaveTextContent('0');
  },
};

export const HangUpEndsTheCall: Story = {
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(view(canvasElement)).toHaveAttribute('data-state', 'connected'));
    await userEvent.click(within(view(canvasElement)).getByRole('button', { name: 'Hang up' }));
    await waitFor(() => expect(view(canvasElement)).toHaveAttribute('data-state', 'ended'));
    await expect(view(canvasElement)).toHaveAttribute('data-end-reason', 'hangup');
  },
};
