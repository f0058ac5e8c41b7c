import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { PreJoin } from '../src/calls.js';

/** A getUserMedia that fails the way browsers do, for the permission stories. */
const failing = (name: string) => () => Promise.reject(new DOMException(`getUserMedia: ${name}`, name));

const meta = {
  title: 'Calls/PreJoin',
  component: PreJoin,
  args: { title: 'Call Bob', onJoin: fn(), video: true, joinDisabled: false, theme: 'light' },
  argTypes: {
    browser: { control: 'select', options: [undefined, 'chrome', 'firefox', 'safari', 'other'] },
    theme: { control: 'inline-radio', options: ['light', 'dark', 'system'] },
    getUserMedia: { control: false },
  },
  parameters: {
    docs: {
      description: {
        component: `The screen before a call: camera preview, microphone level, camera/microphone/speaker pickers, the permission state (with per-browser instructions when blocked) and the "Call" button.

\`\`\`tsx
import { PreJoin, useCall } from 'askless-react/calls';

const call = useCall();
<PreJoin title="Call Bob" onJoin={({ media }) => void call.requestCall({ userId: 'bob', media })} />
\`\`\``,
      },
    },
  },
  decorators: [(Story) => <div style={{ width: 'min(420px, 100vw)' }}><Story /></div>],
} satisfies Meta<typeof PreJoin>;
export default meta;
type Story = StoryObj<typeof meta>;

// The test browser has fake devices (Chromium's --use-fake-device-for-media-stream).
export const Ready: Story = {
  play: async ({ args, canvasElement }) => {
    const canvas = within(canvasElement);
    const region = canvas.getByRole('region', { name: 'Call Bob' });
    await waitFor(() => expect(region).toHaveAttribute('data-permission', 'granted'), { timeout: 5000 });
    await waitFor(() => expect(canvas.getByRole('group', { name: 'Camera preview' })).toHaveAttribute('data-state', 'video'), { timeout: 5000 });
    const microphones = canvas.getByRole('combobox', { name: 'Microphone' });
    await waitFor(() => expect(within(microphones).getAllByRole('option').length).toBeGreaterThan(1));
    await expect(canvas.getByRole('meter', { name: 'Microphone level' })).toBeInTheDocument();
    // The fake microphone beeps: the meter moves.
    await waitFor(() => expect(Number(canvas.getByRole('meter').getAttribute('aria-valuenow'))).toBeGreaterThan(0), { timeout: 5000 });
    const second = within(microphones).getAllByRole('option')[1]!.getAttribute('value')!;
    await userEvent.selectOptions(microphones, second);
    await waitFor(() => expect(region).toHaveAttribute('data-permission', 'granted'));
    await userEvent.click(canvas.getByRole('button', { name: 'Call' }));
    await expect(args.onJoin).toHaveBeenCalledWith(expect.objectContaining({ audioDeviceId: second, media: expect.objectContaining({ audio: { deviceId: { exact: second } } }) }));
  },
};

export const Blocked: Story = {
  args: { getUserMedia: failing('NotAllowedError'), browser: 'firefox' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const alert = await waitFor(() => canvas.getByRole('alert'));
    await expect(alert).toHaveTextContent('The camera and microphone are blocked.');
    // The user's browser first, the others one click away.
    await expect(alert).toHaveTextContent(/^.*blocked\.Firefox:/);
    await expect(canvas.getByRole('button', { name: 'Call' })).toBeDisabled();
    await expect(canvas.getByRole('button', { name: 'Try again' })).toBeEnabled();
  },
};

export const NoDevice: Story = {
  args: { getUserMedia: failing('NotFoundError') },
  play: async ({ canvasElement }) => {
    const alert = await waitFor(() => within(canvasElement).getByRole('alert'));
    await expect(alert).toHaveTextContent('No camera or microphone was found');
  },
};

export const DeviceInUse: Story = {
  args: { getUserMedia: failing('NotReadableError') },
  play: async ({ canvasElement }) => {
    const alert = await waitFor(() => within(canvasElement).getByRole('alert'));
    await expect(alert).toHaveTextContent('in use by another application');
  },
};

export const AskingForPermission: Story = {
  args: { getUserMedia: () => new Promise<MediaStream>(() => {}) },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('region')).toHaveAttribute('data-permission', 'prompting');
    await expect(canvas.getByRole('status')).toHaveTextContent('Allow the camera and microphone');
  },
};

export const VoiceOnlyDark: Story = {
  args: { video: false, theme: 'dark', title: 'Voice call with Bob', joinLabel: 'Call' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvas.getByRole('region')).toHaveAttribute('data-permission', 'granted'), { timeout: 5000 });
    await expect(canvas.queryByRole('combobox', { name: 'Camera' })).toBeNull();
  },
};
