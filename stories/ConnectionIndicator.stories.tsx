import { useState } from 'react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor } from 'storybook/test';
import { AsklessProvider } from '../src/components/AsklessProvider.js';
import { ConnectionIndicator, ConnectionIndicatorView } from '../src/components/ConnectionIndicator.js';
import type { ConnectionState } from '../src/core/types.js';
import { FakeAsklessClient } from './support/fakeClient.js';

const meta = {
  title: 'Components/ConnectionIndicator',
  component: ConnectionIndicatorView,
  args: { status: 'connected' },
} satisfies Meta<typeof ConnectionIndicatorView>;
export default meta;

type Story = StoryObj<typeof meta>;

export const Connected: Story = {
  play: async ({ canvas }) => {
    const status = canvas.getByRole('status');
    await expect(status).toHaveAttribute('data-state', 'connected');
    await expect(status).toHaveTextContent('Connected');
  },
};

export const Connecting: Story = {
  args: { status: 'inProgress' },
  play: async ({ canvas }) => {
    const status = canvas.getByRole('status');
    await expect(status).toHaveAttribute('data-state', 'inProgress');
    await expect(status).toHaveTextContent('Connecting…');
  },
};

export const Offline: Story = {
  args: { status: 'disconnected', disconnectionReason: 'pongTimeout' },
  play: async ({ canvas }) => {
    const status = canvas.getByRole('status');
    await expect(status).toHaveAttribute('data-state', 'disconnected');
    await expect(status).toHaveAttribute('data-reason', 'pongTimeout');
    // The reason is a tooltip, not the visible label.
    await expect(status).toHaveTextContent(/^Offline$/);
    await expect(status).toHaveAttribute('title', 'Offline (pongTimeout)');
  },
};

export const CustomLabels: Story = {
  args: { status: 'disconnected', labels: { disconnected: 'Hors ligne' } },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('status')).toHaveTextContent('Hors ligne');
  },
};

/** The hooked component inside a provider whose (fake) client changes state on demand. */
function LiveIndicator() {
  const [client] = useState(() => new FakeAsklessClient({ status: 'inProgress' }));
  const set = (state: ConnectionState) => () => client.setConnection(state);
  return (
    <AsklessProvider client={client}>
      <div style={{ display: 'grid', gap: 12 }}>
        <ConnectionIndicator />
        <div style={{ display: 'flex', gap: 8 }}>
          <button type="button" onClick={set({ status: 'connected' })}>Connect</button>
          <button type="button" onClick={set({ status: 'disconnected', disconnectionReason: 'socketClosed' })}>Drop</button>
          <button type="button" onClick={set({ status: 'inProgress' })}>Retry</button>
        </div>
      </div>
    </AsklessProvider>
  );
}

export const FollowsTheClient: StoryObj<typeof LiveIndicator> = {
  render: () => <LiveIndicator />,
  play: async ({ canvas }) => {
    const status = canvas.getByRole('status');
    await expect(status).toHaveAttribute('data-state', 'inProgress');
    await userEvent.click(canvas.getByRole('button', { name: 'Connect' }));
    await waitFor(() => expect(status).toHaveAttribute('data-state', 'connected'));
    await userEvent.click(canvas.getByRole('button', { name: 'Drop' }));
    await waitFor(() => expect(status).toHaveAttribute('data-state', 'disconnected'));
    await expect(status).toHaveAttribute('data-reason', 'socketClosed');
    await userEvent.click(canvas.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(status).toHaveAttribute('data-state', 'inProgress'));
  },
};
