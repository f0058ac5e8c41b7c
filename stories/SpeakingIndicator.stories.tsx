import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { SpeakingIndicator } from '../src/calls.js';

const meta = {
  title: 'Calls/SpeakingIndicator',
  component: SpeakingIndicator,
  args: { speaking: true, level: 0.7 },
  argTypes: { level: { control: { type: 'range', min: 0, max: 1, step: 0.05 } } },
  parameters: {
    docs: {
      description: {
        component: `Bars that rise with the voice while someone speaks; silent and hidden from screen readers otherwise.

\`\`\`tsx
import { SpeakingIndicator } from 'askless-react/calls';

<SpeakingIndicator speaking={call.isRemoteSpeaking} level={call.remoteAudioLevel} />
\`\`\``,
      },
    },
  },
} satisfies Meta<typeof SpeakingIndicator>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Speaking: Story = {
  play: async ({ canvasElement }) => {
    const img = within(canvasElement).getByRole('img', { name: 'Speaking' });
    await expect(img).toHaveAttribute('data-speaking', 'true');
  },
};

export const Silent: Story = {
  args: { speaking: false, level: 0 },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).queryByRole('img')).toBeNull();
    await expect(canvasElement.querySelector('[data-speaking="false"]')).toHaveAttribute('aria-hidden', 'true');
  },
};
