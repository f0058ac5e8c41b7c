import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor, within } from 'storybook/test';
import { CallTimer } from '../src/calls.js';

const meta = {
  title: 'Calls/CallTimer',
  component: CallTimer,
  args: { since: Date.now() - 75_000 },
  argTypes: { since: { control: 'date' }, until: { control: 'date' } },
  parameters: {
    docs: {
      description: {
        component: `The call's duration, ticking every second, in a \`role="timer"\` (not announced on every tick).

\`\`\`tsx
import { CallTimer } from 'askless-react/calls';

<CallTimer since={call.connectedAt} />
\`\`\``,
      },
    },
  },
} satisfies Meta<typeof CallTimer>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Ticking: Story = {
  play: async ({ canvasElement }) => {
    const timer = within(canvasElement).getByRole('timer');
    await expect(timer.textContent).toMatch(/^1:1\d$/);
    const first = timer.textContent;
    await waitFor(() => expect(timer.textContent).not.toBe(first), { timeout: 2500 });
  },
};

export const Stopped: Story = {
  args: { since: 0, until: 3_725_000 },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole('timer', { name: 'Call duration 1:02:05' })).toHaveTextContent('1:02:05');
  },
};
