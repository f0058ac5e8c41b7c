import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { GroupCallView } from '../src/components/GroupCallView.js';
import type { UseGroupCallResult } from '../src/hooks/useGroupCall.js';
import { useFakeGroupCall, NAMES, type FakeGroupCallOptions } from './support/fakeGroupCall.js';

/** Placeholder for the `groupCall` arg: every story's render replaces it with a fake call. */
const placeholder = {} as UseGroupCallResult<string>;

const meta = {
  title: 'Calls/GroupCallView',
  component: GroupCallView,
  args: { groupCall: placeholder, layout: 'auto', labels: {}, style: { width: 'min(100vw - 2rem, 900px)' } },
  argTypes: {
    layout: { control: 'inline-radio', options: ['auto', 'grid', 'focus'] },
    groupCall: { control: false },
  },
  parameters: { layout: 'padded', fake: { count: 2 } satisfies FakeGroupCallOptions },
  render: function Render(args, { parameters }) {
    const groupCall = useFakeGroupCall(parameters.fake as FakeGroupCallOptions);
    return <GroupCallView {...args} groupCall={groupCall} nameOf={(p) => String(p.userId)} />;
  },
} satisfies Meta<typeof GroupCallView>;
export default meta;

type Story = StoryObj<typeof meta>;

const tiles = (canvasElement: HTMLElement) => within(canvasElement).getAllByRole('listitem');

/** Alone in the call: only your own tile. */
export const OneParticipant: Story = {
  parameters: { fake: { count: 1 } },
  play: async ({ canvasElement }) => {
    const region = within(canvasElement).getByRole('region', { name: 'Group call' });
    await expect(region).toHaveAttribute('data-state', 'joined');
    await waitFor(() => expect(tiles(canvasElement)).toHaveLength(1));
  },
};

export const TwoParticipants: Story = {
  parameters: { fake: { count: 2 } },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(tiles(canvasElement)).toHaveLength(2));
    const mic = within(canvasElement).getByRole('button', { name: 'Microphone' });
    await expect(mic).toHaveAttribute('aria-pressed', 'true');
    await userEvent.click(mic);
    await waitFor(() => expect(mic).toHaveAttribute('aria-pressed', 'false'));
    // Your own tile now shows the microphone-off badge.
    await waitFor(() => expect(within(canvasElement).getAllByRole('img', { name: 'Microphone off' }).length).toBeGreaterThan(0));
  },
};

/** Four people, Bob speaking: the active speaker gets the ring. */
export const FourParticipants: Story = {
  parameters: { fake: { count: 4, speaking: 2 } },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(tiles(canvasElement)).toHaveLength(4));
    const bob = canvasElement.querySelector('[data-participant-id="m2"]');
    await expect(bob).toHaveAttribute('data-active-speaker', '');
    await expect(bob).toHaveAttribute('data-speaking', 'true');
  },
};

/** The mesh's maximum: eight people, one with a poor network and one with camera and microphone off. */
export const EightParticipants: Story = {
  parameters: { fake: { count: 8, quality: { 3: 'poor' }, muted: [5] } },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(tiles(canvasElement)).toHaveLength(8));
    await expect(within(canvasElement).getByText('Network: poor')).toBeTruthy();
    await expect(canvasElement.querySelector(`[data-participant-id="m5"]`)).toHaveAttribute('data-video', 'off');
    await expect(within(canvasElement).getByRole('group', { name: NAMES[5] })).toHaveAttribute('data-audio', 'off');
  },
};

/** Carol shares her screen: it takes the focus; everyone stays in the strip. */
export const ScreenShareInFocus: Story = {
  parameters: { fake: { count: 4, sharing: 3 } },
  play: async ({ canvasElement }) => {
    const region = within(canvasElement).getByRole('region', { name: 'Group call' });
    await expect(region).toHaveAttribute('data-layout', 'focus');
    const focus = canvasElement.querySelector('[data-part="focus"] [data-participant-id]');
    await expect(focus).toHaveAttribute('data-participant-id', 'm3');
    await waitFor(() => expect(tiles(canvasElement)).toHaveLength(4));
  },
};

export const Joining: Story = {
  parameters: { fake: { count: 1, state: 'joining' } },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole('status')).toHaveTextContent('Joining…');
  },
};

export const Reconnecting: Story = {
  parameters: { fake: { count: 3, state: 'reconnecting' } },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole('status')).toHaveTextContent('Reconnecting…');
  },
};

/** A full call refuses the join: a status, and no tiles or controls. */
export const RefusedFull: Story = {
  parameters: { fake: { count: 1, state: 'left', errorCode: 'GROUP_FULL' } },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole('status')).toHaveTextContent('This call is full');
    await expect(within(canvasElement).queryByRole('toolbar')).toBeNull();
  },
};
