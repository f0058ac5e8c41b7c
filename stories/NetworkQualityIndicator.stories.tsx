import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { NetworkQualityIndicator } from '../src/calls.js';

const meta = {
  title: 'Calls/NetworkQualityIndicator',
  component: NetworkQualityIndicator,
  args: { quality: 'good', showLabel: true },
  argTypes: { quality: { control: 'select', options: ['good', 'fair', 'poor', 'lost', undefined] } },
  parameters: {
    docs: {
      description: {
        component: `Signal bars for a call's network quality, named for screen readers with the same text as tooltip.

\`\`\`tsx
import { NetworkQualityIndicator, useCall } from 'askless-react/calls';

const { call } = useCall();
<NetworkQualityIndicator quality={call?.quality} />
\`\`\``,
      },
    },
  },
} satisfies Meta<typeof NetworkQualityIndicator>;
export default meta;
type Story = StoryObj<typeof meta>;

const check = (name: string, quality: string, lit: number) => async ({ canvasElement }: { canvasElement: HTMLElement }) => {
  const img = within(canvasElement).getByRole('img', { name });
  await expect(img).toHaveAttribute('data-quality', quality);
  await expect([...img.querySelectorAll('rect')].filter((r) => r.getAttribute('fill') !== 'none')).toHaveLength(lit);
};

export const Good: Story = { play: check('Good connection', 'good', 3) };
export const Fair: Story = { args: { quality: 'fair' }, play: check('Fair connection', 'fair', 2) };
export const Poor: Story = { args: { quality: 'poor' }, play: check('Poor connection', 'poor', 1) };
export const Lost: Story = { args: { quality: 'lost' }, play: check('Connection lost', 'lost', 0) };
export const Measuring: Story = { args: { quality: undefined }, play: check('Measuring connection…', 'unknown', 0) };
export const BarsOnly: Story = {
  args: { showLabel: false, labels: { quality: { good: 'Bonne connexion' } } },
  play: async ({ canvasElement }) => {
    const img = within(canvasElement).getByRole('img', { name: 'Bonne connexion' });
    await expect(img).toHaveAttribute('title', 'Bonne connexion');
    await expect(img).not.toHaveTextContent('Bonne connexion');
  },
};
