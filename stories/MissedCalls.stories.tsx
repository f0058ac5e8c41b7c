import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, within } from 'storybook/test';
import { MissedCalls } from '../src/calls.js';

const at = new Date('2026-01-05T09:30:00').getTime();

const meta = {
  title: 'Calls/MissedCalls',
  component: MissedCalls,
  args: {
    variant: 'badge',
    missedCalls: [
      { id: 'm1', remoteUserId: 'alice', at, additionalData: { callerName: 'Alice' }, reason: 'missed' },
      { id: 'm2', remoteUserId: 'carol', at: at + 60_000, additionalData: { callerName: 'Carol' }, reason: 'busy' },
    ],
    onCallBack: fn(),
    onClear: fn(),
  },
  argTypes: { variant: { control: 'inline-radio', options: ['badge', 'list'] } },
  parameters: {
    docs: {
      description: {
        component: `Missed calls as a quiet badge or list (never a blocking overlay), with "Call back" and "Clear".

\`\`\`tsx
import { MissedCalls, useCalls } from 'askless-react/calls';

const { missedCalls } = useCalls();
<MissedCalls missedCalls={missedCalls} onCallBack={(m) => client.calls.call({ userId: m.remoteUserId })} onClear={() => client.calls.clearMissedCalls()} />
\`\`\``,
      },
    },
  },
} satisfies Meta<typeof MissedCalls>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Badge: Story = {
  play: async ({ args, canvasElement }) => {
    const canvas = within(canvasElement);
    const badge = canvas.getByRole('button', { name: '2 missed calls' });
    await expect(badge).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(badge);
    await expect(badge).toHaveAttribute('aria-expanded', 'true');
    // Newest first.
    const items = within(canvas.getByRole('list', { name: 'Missed calls' })).getAllByRole('listitem');
    await expect(items[0]).toHaveTextContent('Carol');
    await userEvent.click(canvas.getByRole('button', { name: 'Call back Alice' }));
    await expect(args.onCallBack).toHaveBeenCalledWith(expect.objectContaining({ id: 'm1' }));
    await userEvent.click(canvas.getByRole('button', { name: 'Clear' }));
    await expect(args.onClear).toHaveBeenCalled();
    // The popover closes after Clear, and on Escape.
    await expect(badge).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(badge);
    await userEvent.keyboard('{Escape}');
    await expect(badge).toHaveAttribute('aria-expanded', 'false');
  },
};

export const List: Story = {
  args: { variant: 'list' },
  play: async ({ canvasElement }) => {
    const region = within(canvasElement).getByRole('region', { name: 'Missed calls' });
    await expect(region).toHaveAttribute('data-count', '2');
  },
};

export const NoneMissed: Story = {
  args: { missedCalls: [] },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole('button', { name: 'No missed calls' })).toBeInTheDocument();
  },
};
