import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, within } from 'storybook/test';
import { DeviceSelect } from '../src/calls.js';
import { FAKE_DEVICES } from './support/fakeCallManager.js';

const meta = {
  title: 'Calls/DeviceSelect',
  component: DeviceSelect,
  args: { kind: 'videoinput', devices: FAKE_DEVICES.videoinput, value: undefined, onChange: fn(), disabled: false },
  argTypes: { kind: { control: 'inline-radio', options: ['videoinput', 'audioinput', 'audiooutput'] } },
  parameters: {
    docs: {
      description: {
        component: `A labelled picker for one kind of device, before and during a call.

\`\`\`tsx
import { DeviceSelect, useMediaDevices } from 'askless-react/calls';

const { devices } = useMediaDevices();
<DeviceSelect kind="videoinput" devices={devices.videoinput} onChange={(id) => call.setInputDevice('videoinput', id)} />
\`\`\``,
      },
    },
  },
} satisfies Meta<typeof DeviceSelect>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Camera: Story = {
  play: async ({ args, canvasElement }) => {
    const select = within(canvasElement).getByRole('combobox', { name: 'Camera' });
    await expect(within(select).getAllByRole('option').map((o) => o.textContent)).toEqual(['Front camera', 'USB camera']);
    await userEvent.selectOptions(select, 'USB camera');
    await expect(args.onChange).toHaveBeenCalledWith('cam-2');
  },
};

export const Speaker: Story = {
  args: { kind: 'audiooutput', devices: FAKE_DEVICES.audiooutput, value: 'spk-2' },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole('combobox', { name: 'Speaker' })).toHaveValue('spk-2');
  },
};

export const NoDevice: Story = {
  args: { kind: 'audioinput', devices: [] },
  play: async ({ canvasElement }) => {
    const select = within(canvasElement).getByRole('combobox', { name: 'Microphone' });
    await expect(select).toBeDisabled();
    await expect(select).toHaveTextContent('None found');
  },
};

export const UnlabelledBeforePermission: Story = {
  args: { devices: FAKE_DEVICES.videoinput.map((d) => ({ ...d, label: '' })) },
  play: async ({ canvasElement }) => {
    const select = within(canvasElement).getByRole('combobox', { name: 'Camera' });
    await expect(within(select).getAllByRole('option').map((o) => o.textContent)).toEqual(['Camera 1', 'Camera 2']);
  },
};
