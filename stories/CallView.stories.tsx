import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { CallView } from '../src/calls.js';
import { CallScene, type SceneCall } from './support/CallScene.js';

const meta = {
  title: 'Calls/CallView',
  component: CallView,
  args: { remoteName: 'Bob', layout: 'speaker', theme: 'dark', showControls: true },
  argTypes: {
    layout: { control: 'inline-radio', options: ['speaker', 'side-by-side'] },
    theme: { control: 'inline-radio', options: ['light', 'dark', 'system'] },
    call: { control: false },
  },
  parameters: {
    calls: [{ remoteUserId: 'bob', state: 'connected', quality: 'good' }] satisfies SceneCall[],
    docs: {
      description: {
        component: `A call: the other person's video (their screen share first), yours picture-in-picture or side by side, their camera-off and muted microphone, speaking, network quality, a timer, hold and reconnecting states, a status line and the controls.

\`\`\`tsx
import { CallView } from 'askless-react/calls';

function CallScreen() {
  return <CallView remoteName="Bob" layout="speaker" theme="dark" />; // follows useCall()
}
// or show a given call: <CallView call={client.calls.getCall(id)} layout="side-by-side" />
\`\`\``,
      },
    },
  },
  // The scene's fake client holds the calls; the story shows the first one.
  render: (args, { parameters }) => (
    <CallScene calls={parameters.calls as SceneCall[]}>{({ snapshot }) => <CallView {...args} call={snapshot.calls[0]} />}</CallScene>
  ),
} satisfies Meta<typeof CallView>;
export default meta;

type Story = StoryObj<typeof meta>;

const view = (root: HTMLElement) => within(root).getByRole('region', { name: 'Call with Bob' });

async function remoteFramesAdvance(root: HTMLElement) {
  const video = await waitFor(() => {
    const v = root.querySelector<HTMLVideoElement>('[data-part="remote"] video');
    expect(v?.videoWidth).toBeGreaterThan(0);
    return v!;
  }, { timeout: 5000 });
  const t0 = video.currentTime;
  await waitFor(() => expect(video.currentTime).toBeGreaterThan(t0), { timeout: 5000 });
}

export const Speaker: Story = {
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(view(canvasElement)).toHaveAttribute('data-state', 'connected'));
    await expect(view(canvasElement)).toHaveAttribute('data-layout', 'speaker');
    await expect(within(view(canvasElement)).getByRole('status')).toHaveTextContent('Connected');
    await expect(within(view(canvasElement)).getByRole('img', { name: 'Good connection' })).toBeInTheDocument();
    await expect(within(view(canvasElement)).getByRole('timer')).toBeInTheDocument();
    await remoteFramesAdvance(canvasElement);
  },
};

export const SideBySide: Story = {
  args: { layout: 'side-by-side', theme: 'light' },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(view(canvasElement)).toHaveAttribute('data-layout', 'side-by-side'));
    await waitFor(() => expect(within(view(canvasElement)).getByRole('group', { name: 'You' })).toBeInTheDocument());
    await expect(within(view(canvasElement)).getByRole('group', { name: 'Bob' })).toBeInTheDocument();
  },
};

export const RemoteMutedAndCameraOff: Story = {
  parameters: { calls: [{ remoteUserId: 'bob', state: 'connected', remoteAudioMuted: true, remoteVideoMuted: true, quality: 'fair' }] },
  play: async ({ canvasElement }) => {
    const remote = await waitFor(() => within(view(canvasElement)).getByRole('group', { name: 'Bob' }));
    await expect(remote).toHaveAttribute('data-state', 'placeholder');
    await expect(within(remote).getByRole('img', { name: 'Microphone off' })).toBeInTheDocument();
    await expect(remote).toHaveTextContent('Camera off');
    await expect(remote).toHaveTextContent('B');
  },
};

export const RemoteMutesLive: Story = {
  play: async ({ canvas, canvasElement }) => {
    const remote = await waitFor(() => within(view(canvasElement)).getByRole('group', { name: 'Bob' }));
    await expect(within(remote).queryByRole('img', { name: 'Microphone off' })).toBeNull();
    await userEvent.click(canvas.getByRole('button', { name: 'Remote mute' }));
    await waitFor(() => expect(within(remote).getByRole('img', { name: 'Microphone off' })).toBeInTheDocument());
    await userEvent.click(canvas.getByRole('button', { name: 'Remote camera' }));
    await waitFor(() => expect(remote).toHaveTextContent('Camera off'));
  },
};

export const RemoteScreenShare: Story = {
  parameters: { calls: [{ remoteUserId: 'bob', state: 'connected', remoteScreen: true, isRemoteSpeaking: true, remoteAudioLevel: 0.6 }] },
  play: async ({ canvasElement }) => {
    // The screen is the big picture; both cameras float over it.
    const stage = await waitFor(() => canvasElement.querySelector('[data-part="stage"]')!);
    await waitFor(() => expect(stage.firstElementChild).toHaveAttribute('data-part', 'remote-screen'));
    await expect(within(view(canvasElement)).getByRole('group', { name: "Bob's screen" })).toBeInTheDocument();
    await expect(within(view(canvasElement)).getByRole('img', { name: 'Speaking' })).toBeInTheDocument();
  },
};

export const OnHold: Story = {
  parameters: { calls: [{ remoteUserId: 'bob', state: 'connected', isLocalOnHold: true }] },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(view(canvasElement)).toHaveAttribute('data-hold', 'local'));
    await expect(within(view(canvasElement)).getByRole('status')).toHaveTextContent('On hold');
    const hold = within(view(canvasElement)).getByRole('button', { name: 'Hold' });
    await expect(hold).toHaveAttribute('aria-pressed', 'true');
    await userEvent.click(hold);
    await waitFor(() => expect(view(canvasElement)).not.toHaveAttribute('data-hold'));
  },
};

export const HeldByTheOtherSide: Story = {
  parameters: { calls: [{ remoteUserId: 'bob', state: 'connected', isRemoteOnHold: true }] },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(view(canvasElement)).toHaveAttribute('data-hold', 'remote'));
    await expect(within(view(canvasElement)).getByRole('status')).toHaveTextContent('Bob put the call on hold');
  },
};

export const Reconnecting: Story = {
  parameters: { calls: [{ remoteUserId: 'bob', state: 'reconnecting', quality: 'lost', remoteUserConnected: false }] },
  play: async ({ canvas, canvasElement }) => {
    await waitFor(() => expect(view(canvasElement)).toHaveAttribute('data-state', 'reconnecting'));
    await expect(within(view(canvasElement)).getByRole('status')).toHaveTextContent('Reconnecting…');
    await expect(within(view(canvasElement)).getByRole('img', { name: 'Connection lost' })).toBeInTheDocument();
    await userEvent.click(canvas.getByRole('button', { name: 'Network drop' }));
    await waitFor(() => expect(view(canvasElement)).toHaveAttribute('data-state', 'connected'));
  },
};

export const Ringing: Story = {
  parameters: { calls: [{ remoteUserId: 'bob', state: 'ringing', connectedAt: undefined }] },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(view(canvasElement)).toHaveAttribute('data-state', 'ringing'));
    await expect(within(view(canvasElement)).getByRole('status')).toHaveTextContent('Ringing…');
    await expect(within(view(canvasElement)).queryByRole('timer')).toBeNull();
  },
};

export const Unavailable: Story = {
  parameters: { calls: [{ remoteUserId: 'bob', state: 'ended', endReason: 'unavailable', connectedAt: undefined }] },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(view(canvasElement)).toHaveAttribute('data-end-reason', 'unavailable'));
    await expect(within(view(canvasElement)).getByRole('status')).toHaveTextContent('Unavailable');
    // Ended: no tiles, no controls.
    await expect(canvasElement.querySelector('video')).toBeNull();
    await expect(within(view(canvasElement)).queryByRole('group', { name: 'Call controls' })).toBeNull();
  },
};

export const Translated: Story = {
  args: { labels: { callWith: (n: string) => `Appel avec ${n}`, states: { connected: 'En ligne' }, hangUp: 'Raccrocher' } },
  play: async ({ canvasElement }) => {
    const region = await waitFor(() => within(canvasElement).getByRole('region', { name: 'Appel avec Bob' }));
    await waitFor(() => expect(within(region).getByRole('status')).toHaveTextContent('En ligne'));
    await expect(within(region).getByRole('button', { name: 'Raccrocher' })).toBeInTheDocument();
  },
};

export const HangUp: Story = {
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(view(canvasElement)).toHaveAttribute('data-state', 'connected'));
    await userEvent.click(within(view(canvasElement)).getByRole('button', { name: 'Hang up' }));
    await waitFor(() => expect(view(canvasElement)).toHaveAttribute('data-end-reason', 'hangup'));
  },
};
