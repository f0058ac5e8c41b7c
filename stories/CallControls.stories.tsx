import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor } from 'storybook/test';
import { CallControls } from '../src/components/CallControls.js';
import { CallStage, type CallScenario } from './support/CallStage.js';

/** CallControls for the provider's (fake, scripted) call. */
function ControlsOnStage({ scenario, localVideo = true }: { scenario: CallScenario; localVideo?: boolean }) {
  return (
    <CallStage scenario={scenario} localVideo={localVideo}>
      {() => <CallControls style={{ background: '#111827', padding: 12, borderRadius: 12 }} />}
    </CallStage>
  );
}

const meta = {
  title: 'Calls/CallControls',
  component: ControlsOnStage,
  args: { scenario: 'connected' },
} satisfies Meta<typeof ControlsOnStage>;
export default meta;

type Story = StoryObj<typeof meta>;

export const NoCall: Story = {
  args: { scenario: 'idle' },
  play: async ({ canvas }) => {
    const group = canvas.getByRole('group', { name: 'Call controls' });
    await expect(group).toHaveAttribute('data-state', 'idle');
    for (const name of ['Microphone', 'Camera', 'Hang up']) await expect(canvas.getByRole('button', { name })).toBeDisabled();
  },
};

export const InCall: Story = {
  play: async ({ canvas }) => {
    const group = canvas.getByRole('group', { name: 'Call controls' });
    await waitFor(() => expect(group).toHaveAttribute('data-state', 'connected'));
    await expect(canvas.getByRole('button', { name: 'Microphone' })).toHaveAttribute('aria-pressed', 'true');
    await expect(canvas.getByRole('button', { name: 'Camera' })).toHaveAttribute('aria-pressed', 'true');
    await expect(canvas.getByRole('button', { name: 'Hang up' })).toBeEnabled();
  },
};

export const MicrophoneOff: Story = {
  play: async ({ canvas }) => {
    const mic = canvas.getByRole('button', { name: 'Microphone' });
    await waitFor(() => expect(mic).toBeEnabled());
    await userEvent.click(mic);
    await waitFor(() => expect(mic).toHaveAttribute('aria-pressed', 'false'));
    await expect(mic).toHaveAttribute('data-state', 'off');
    await expect(canvas.getByRole('button', { name: 'Camera' })).toHaveAttribute('aria-pressed', 'true');
  },
};

export const CameraOff: Story = {
  play: async ({ canvas }) => {
    const camera = canvas.getByRole('button', { name: 'Camera' });
    await waitFor(() => expect(camera).toBeEnabled());
    await userEvent.click(camera);
    await waitFor(() => expect(camera).toHaveAttribute('data-state', 'off'));
    // And back on.
    await userEvent.click(camera);
    await waitFor(() => expect(camera).toHaveAttribute('data-state', 'on'));
  },
};

export const AudioOnlyCall: Story = {
  args: { localVideo: false },
  play: async ({ canvas }) => {
    await waitFor(() => expect(canvas.getByRole('group', { name: 'Call controls' })).toHaveAttribute('data-state', 'connected'));
    // Nothing to toggle without a camera track.
    await expect(canvas.getByRole('button', { name: 'Camera' })).toBeDisabled();
    await expect(canvas.getByRole('button', { name: 'Microphone' })).toBeEnabled();
  },
};

export const WhileRinging: Story = {
  args: { scenario: 'ringing' },
  play: async ({ canvas }) => {
    const group = canvas.getByRole('group', { name: 'Call controls' });
    await waitFor(() => expect(group).toHaveAttribute('data-state', 'ringing'));
    // Hanging up while it rings cancels the call.
    await userEvent.click(canvas.getByRole('button', { name: 'Hang up' }));
    await waitFor(() => expect(group).toHaveAttribute('data-state', 'ended'));
  },
};
