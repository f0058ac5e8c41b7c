import { useEffect, useState } from 'react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { CallView } from '../src/components/CallView.js';
import { IncomingCallDialog } from '../src/components/IncomingCallDialog.js';
import { CallStage } from './support/CallStage.js';
import { ringtoneUrl } from './support/fakeMedia.js';

/** A generated ringtone for the lifetime of the story. */
function useRingtone(enabled: boolean): string | undefined {
  const [url, setUrl] = useState<string | undefined>();
  useEffect(() => {
    if (!enabled) return;
    const created = ringtoneUrl();
    setUrl(created);
    return () => URL.revokeObjectURL(created);
  }, [enabled]);
  return url;
}

/** Someone (Alice) calls a provider with a fake client; CallView shows what follows. */
function RingingStage({ withRingtone = false }: { withRingtone?: boolean }) {
  const ringtone = useRingtone(withRingtone);
  return (
    <CallStage scenario="incoming">
      {({ local }) => (
        <>
          <button type="button">Focused before the call</button>
          <IncomingCallDialog
            acceptOptions={local ? { localStream: local } : undefined}
            ringtoneSrc={ringtone}
            style={{ position: 'static' }}
          />
          <CallView remoteName="Alice" />
        </>
      )}
    </CallStage>
  );
}

const meta = {
  title: 'Calls/IncomingCallDialog',
  component: RingingStage,
} satisfies Meta<typeof RingingStage>;
export default meta;

type Story = StoryObj<typeof meta>;

export const Ringing: Story = {
  play: async ({ canvas }) => {
    const dialog = await canvas.findByRole('alertdialog', { name: 'Incoming call' });
    await expect(dialog).toHaveAttribute('data-state', 'open');
    await expect(dialog).toHaveAccessibleDescription('Alice is calling');
    // Accept has the focus, so Enter answers.
    await waitFor(() => expect(within(dialog).getByRole('button', { name: 'Accept' })).toHaveFocus());
  },
};

export const Accepting: Story = {
  play: async ({ canvas, canvasElement }) => {
    const dialog = await canvas.findByRole('alertdialog', { name: 'Incoming call' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Accept' }));
    await waitFor(() => expect(canvas.queryByRole('alertdialog')).toBeNull());
    const view = canvas.getByRole('region', { name: 'Call with Alice' });
    await waitFor(() => expect(view).toHaveAttribute('data-state', 'accepting'));
    await expect(within(view).getByRole('status')).toHaveTextContent('Answering…');
    // The caller's side completes the connection.
    await userEvent.click(canvas.getByRole('button', { name: 'Connect' }));
    await waitFor(() => expect(view).toHaveAttribute('data-state', 'connected'));
    const remote = canvasElement.querySelector<HTMLVideoElement>('[data-part="remote"] video')!;
    await waitFor(() => expect(remote.videoWidth).toBeGreaterThan(0), { timeout: 5000 });
  },
};

export const EscapeRejects: Story = {
  play: async ({ canvas }) => {
    await canvas.findByRole('alertdialog', { name: 'Incoming call' });
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(canvas.queryByRole('alertdialog')).toBeNull());
    const view = canvas.getByRole('region', { name: 'Call with Alice' });
    await expect(view).toHaveAttribute('data-end-reason', 'rejected');
  },
};

export const CallerCancels: Story = {
  play: async ({ canvas }) => {
    await canvas.findByRole('alertdialog', { name: 'Incoming call' });
    await userEvent.click(canvas.getByRole('button', { name: 'Caller cancels' }));
    await waitFor(() => expect(canvas.queryByRole('alertdialog')).toBeNull());
    await expect(canvas.getByRole('region', { name: 'Call with Alice' })).toHaveAttribute('data-end-reason', 'canceled');
  },
};

export const WithRingtone: Story = {
  args: { withRingtone: true },
  play: async ({ canvas }) => {
    const dialog = await canvas.findByRole('alertdialog', { name: 'Incoming call' });
    // The test browser allows autoplay ('playing'); a browser that blocks it shows 'blocked' and
    // the dialog works the same. Either way the attempt settled without an unhandled rejection.
    await waitFor(() => expect(['playing', 'blocked']).toContain(dialog.getAttribute('data-ringtone')));
    const audio = dialog.querySelector('audio')!;
    await expect(audio.loop).toBe(true);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Reject' }));
    await waitFor(() => expect(canvas.queryByRole('alertdialog')).toBeNull());
  },
};
