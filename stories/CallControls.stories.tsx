import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { CallControls } from '../src/calls.js';
import { CallScene, type SceneCall } from './support/CallScene.js';

const meta = {
  title: 'Calls/CallControls',
  component: CallControls,
  args: { theme: 'dark', showDevices: true, style: { background: '#111827', padding: 12, borderRadius: 12 } },
  argTypes: { theme: { control: 'inline-radio', options: ['light', 'dark', 'system'] }, call: { control: false } },
  parameters: {
    calls: [{ remoteUserId: 'bob', state: 'connected' }] satisfies SceneCall[],
    docs: {
      description: {
        component: `Icon buttons with accessible names, tooltips and \`aria-pressed\` toggles: microphone, camera, screen share, devices, hold, hang up. Buttons the call cannot use are left out.

\`\`\`tsx
import { CallControls } from 'askless-react/calls';

<CallControls theme="dark" labels={{ hangUp: 'Leave' }} /> // the provider's current call
\`\`\``,
      },
    },
  },
  render: (args, { parameters }) => (
    <CallScene calls={parameters.calls as SceneCall[]}>{({ snapshot }) => <CallControls {...args} call={snapshot.calls[0]} />}</CallScene>
  ),
} satisfies Meta<typeof CallControls>;
export default meta;

type Story = StoryObj<typeof meta>;

const controls = (root: HTMLElement) => within(root).getByRole('group', { name: 'Call controls' });

export const InCall: Story = {
  play: async ({ canvasElement }) => {
    const group = await waitFor(() => controls(canvasElement));
    await waitFor(() => expect(group).toHaveAttribute('data-state', 'connected'));
    for (const name of ['Microphone', 'Camera']) await expect(within(group).getByRole('button', { name })).toHaveAttribute('aria-pressed', 'true');
    await expect(within(group).getByRole('button', { name: 'Share screen' })).toHaveAttribute('aria-pressed', 'false');
    await expect(within(group).getByRole('button', { name: 'Hold' })).toHaveAttribute('aria-pressed', 'false');
    await expect(within(group).getByRole('button', { name: 'Devices' })).toHaveAttribute('aria-expanded', 'false');
    await expect(within(group).getByRole('button', { name: 'Hang up' })).toBeEnabled();
    // No emoji: every icon is an inline SVG.
    await expect(group.querySelectorAll('button svg')).toHaveLength(6);
  },
};

export const TooltipsOnFocus: Story = {
  play: async ({ canvasElement }) => {
    const mic = await waitFor(() => within(controls(canvasElement)).getByRole('button', { name: 'Microphone' }));
    await userEvent.tab();
    await expect(mic).toHaveFocus();
    const tip = within(canvasElement).getByRole('tooltip');
    await expect(tip).toHaveTextContent('Mute microphone');
    await expect(mic).toHaveAccessibleDescription('Mute microphone');
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(tip).not.toBeVisible());
  },
};

export const MuteAndCameraOff: Story = {
  play: async ({ canvasElement }) => {
    const group = await waitFor(() => controls(canvasElement));
    const mic = within(group).getByRole('button', { name: 'Microphone' });
    await userEvent.click(mic);
    await waitFor(() => expect(mic).toHaveAttribute('aria-pressed', 'false'));
    await expect(mic).toHaveAccessibleDescription('Unmute microphone');
    const camera = within(group).getByRole('button', { name: 'Camera' });
    await userEvent.click(camera);
    await waitFor(() => expect(camera).toHaveAttribute('aria-pressed', 'false'));
    await userEvent.click(camera);
    await waitFor(() => expect(camera).toHaveAttribute('aria-pressed', 'true'));
  },
};

export const ScreenShare: Story = {
  play: async ({ canvasElement }) => {
    const share = await waitFor(() => within(controls(canvasElement)).getByRole('button', { name: 'Share screen' }));
    await userEvent.click(share);
    await waitFor(() => expect(share).toHaveAttribute('aria-pressed', 'true'));
    await expect(share).toHaveAccessibleDescription('Stop sharing');
    await userEvent.click(share);
    await waitFor(() => expect(share).toHaveAttribute('aria-pressed', 'false'));
  },
};

export const Devices: Story = {
  play: async ({ canvasElement }) => {
    const devices = await waitFor(() => within(controls(canvasElement)).getByRole('button', { name: 'Devices' }));
    await userEvent.click(devices);
    await expect(devices).toHaveAttribute('aria-expanded', 'true');
    const panel = await waitFor(() => within(canvasElement).getByRole('group', { name: 'Devices' }));
    const camera = await waitFor(() => {
      const select = within(panel).getByRole('combobox', { name: 'Camera' });
      expect(within(select).getAllByRole('option')).toHaveLength(2);
      return select;
    });
    await userEvent.selectOptions(camera, 'USB camera');
    await expect(within(panel).getByRole('combobox', { name: 'Speaker' })).toBeEnabled();
  },
};

export const HoldAndResume: Story = {
  play: async ({ canvasElement }) => {
    const hold = await waitFor(() => within(controls(canvasElement)).getByRole('button', { name: 'Hold' }));
    await userEvent.click(hold);
    await waitFor(() => expect(hold).toHaveAttribute('aria-pressed', 'true'));
    await expect(hold).toHaveAccessibleDescription('Resume');
    // No sharing while held.
    await expect(within(controls(canvasElement)).getByRole('button', { name: 'Share screen' })).toBeDisabled();
  },
};

export const AudioOnly: Story = {
  parameters: { calls: [{ remoteUserId: 'bob', state: 'connected', localMedia: false }] },
  play: async ({ canvasElement }) => {
    const group = await waitFor(() => controls(canvasElement));
    await waitFor(() => expect(group).toHaveAttribute('data-state', 'connected'));
    // Nothing to toggle without local tracks.
    await expect(within(group).getByRole('button', { name: 'Camera' })).toBeDisabled();
    await expect(within(group).getByRole('button', { name: 'Microphone' })).toBeDisabled();
  },
};

export const WhileRinging: Story = {
  parameters: { calls: [{ remoteUserId: 'bob', state: 'ringing', connectedAt: undefined }] },
  play: async ({ canvasElement }) => {
    const group = await waitFor(() => controls(canvasElement));
    await waitFor(() => expect(group).toHaveAttribute('data-state', 'ringing'));
    await expect(within(group).getByRole('button', { name: 'Hold' })).toBeDisabled();
    // Hanging up while it rings cancels the call.
    await userEvent.click(within(group).getByRole('button', { name: 'Hang up' }));
    await waitFor(() => expect(group).toHaveAttribute('data-state', 'ended'));
  },
};
