import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { IncomingCallDialog } from '../src/calls.js';
import { CallScene, type SceneCall } from './support/CallScene.js';
import { ringtoneUrl } from './support/fakeMedia.js';

const meta = {
  title: 'Calls/IncomingCallDialog',
  component: IncomingCallDialog,
  args: { theme: 'light' },
  argTypes: { theme: { control: 'inline-radio', options: ['light', 'dark', 'system'] }, call: { control: false }, activeCall: { control: false } },
  parameters: {
    layout: 'fullscreen',
    calls: [{ remoteUserId: 'alice', direction: 'incoming', state: 'incoming', connectedAt: undefined, additionalData: { callerName: 'Alice' } }] satisfies SceneCall[],
    docs: {
      description: {
        component: `A real modal while someone calls: \`role="alertdialog"\`, focus moved to Accept and trapped, the page behind inert, Escape declines. While another call is live it offers "Hold and accept", "End and accept" and "Decline".

\`\`\`tsx
import { IncomingCallDialog } from 'askless-react/calls';

<IncomingCallDialog acceptOptions={{ media: { audio: true, video: true } }} callerName={(c) => names[c.remoteUserId]} />
\`\`\``,
      },
      story: { inline: false, height: '320px' },
    },
  },
  render: (args, { parameters }) => (
    <CallScene calls={parameters.calls as SceneCall[]} remoteControls={false}>
      {({ snapshot }) => {
        const ringing = snapshot.calls.find((c) => c.state === 'incoming');
        const active = snapshot.calls.find((c) => c.state !== 'incoming' && c.state !== 'ended');
        return (
          <>
            <button type="button">Focused before the call</button>
            <output data-testid="calls">{snapshot.calls.map((c) => `${String(c.remoteUserId)}:${c.state}${c.isLocalOnHold ? '(held)' : ''}`).join(' ')}</output>
            {ringing && <IncomingCallDialog {...args} call={ringing} activeCall={active} />}
          </>
        );
      }}
    </CallScene>
  ),
} satisfies Meta<typeof IncomingCallDialog>;
export default meta;

type Story = StoryObj<typeof meta>;

export const Ringing: Story = {
  play: async ({ canvasElement }) => {
    const dialog = await waitFor(() => within(canvasElement).getByRole('alertdialog', { name: 'Incoming call' }));
    await expect(dialog).toHaveAttribute('aria-modal', 'true');
    await expect(dialog).toHaveTextContent('Alice is calling');
    const accept = within(dialog).getByRole('button', { name: 'Accept' });
    await waitFor(() => expect(accept).toHaveFocus());
    // The page behind is inert: its button can be neither focused nor clicked.
    await expect(within(canvasElement).getByText('Focused before the call').closest('[inert]')).not.toBeNull();
    // Tab cycles inside the dialog.
    await userEvent.tab();
    await expect(within(dialog).getByRole('button', { name: 'Decline' })).toHaveFocus();
    await userEvent.tab();
    await expect(accept).toHaveFocus();
  },
};

export const AcceptWithTheKeyboard: Story = {
  play: async ({ canvas, canvasElement }) => {
    const dialog = await waitFor(() => within(canvasElement).getByRole('alertdialog'));
    await waitFor(() => expect(within(dialog).getByRole('button', { name: 'Accept' })).toHaveFocus());
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(canvas.getByTestId('calls')).toHaveTextContent('alice:connected'));
    await expect(within(canvasElement).queryByRole('alertdialog')).toBeNull();
    await expect(within(canvasElement).getByText('Focused before the call').closest('[inert]')).toBeNull();
  },
};

export const EscapeDeclines: Story = {
  play: async ({ canvas, canvasElement }) => {
    await waitFor(() => within(canvasElement).getByRole('alertdialog'));
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(canvas.getByTestId('calls')).toHaveTextContent('alice:ended'));
    await expect(within(canvasElement).queryByRole('alertdialog')).toBeNull();
  },
};

const waitingCalls: SceneCall[] = [
  { remoteUserId: 'bob', state: 'connected' },
  { remoteUserId: 'alice', direction: 'incoming', state: 'incoming', connectedAt: undefined, additionalData: { callerName: 'Alice' } },
];

export const CallWaiting: Story = {
  parameters: { calls: waitingCalls },
  play: async ({ canvas, canvasElement }) => {
    const dialog = await waitFor(() => within(canvasElement).getByRole('alertdialog', { name: 'Call waiting' }));
    await expect(dialog).toHaveAttribute('data-variant', 'waiting');
    await expect(dialog).toHaveTextContent('Alice is calling. You are in a call.');
    const names = within(dialog).getAllByRole('button').map((b) => b.textContent);
    await expect(names).toEqual(['Hold and accept', 'End and accept', 'Decline']);
    await waitFor(() => expect(within(dialog).getByRole('button', { name: 'Hold and accept' })).toHaveFocus());
    await userEvent.click(within(dialog).getByRole('button', { name: 'Hold and accept' }));
    await waitFor(() => expect(canvas.getByTestId('calls')).toHaveTextContent('bob:connected(held) alice:connected'));
  },
};

export const CallWaitingEndAndAccept: Story = {
  parameters: { calls: waitingCalls },
  play: async ({ canvas, canvasElement }) => {
    const dialog = await waitFor(() => within(canvasElement).getByRole('alertdialog', { name: 'Call waiting' }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'End and accept' }));
    await waitFor(() => expect(canvas.getByTestId('calls')).toHaveTextContent('bob:ended alice:connected'));
  },
};

export const Dark: Story = {
  args: { theme: 'dark' },
  play: async ({ canvasElement }) => {
    await waitFor(() => within(canvasElement).getByRole('alertdialog', { name: 'Incoming call' }));
  },
};

export const WithRingtone: Story = {
  // A generated one-second tone (a blob URL), looped while the dialog rings.
  args: { ringtoneSrc: typeof document === 'undefined' ? undefined : ringtoneUrl() },
  play: async ({ canvasElement }) => {
    const dialog = await waitFor(() => within(canvasElement).getByRole('alertdialog', { name: 'Incoming call' }));
    // The test browser allows autoplay; elsewhere the dialog reads "blocked" and works the same.
    await waitFor(() => expect(dialog).toHaveAttribute('data-ringtone', 'playing'));
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(within(canvasElement).queryByRole('alertdialog')).toBeNull());
  },
};
