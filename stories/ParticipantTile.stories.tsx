import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { ParticipantTile } from '../src/components/ParticipantTile.js';
import type { GroupCallParticipant } from '../src/core/group-calls/types.js';
import { useFakeStream } from './support/useFakeStream.js';

const base: GroupCallParticipant<string> = {
  id: 'm1',
  userId: 'Ada',
  deviceId: 'device-1',
  membershipId: 'm1',
  streams: { userMedia: undefined, screen: undefined },
  audioMuted: false,
  videoMuted: false,
  audioLevel: 0,
  isSpeaking: false,
  quality: 'good',
  connectionState: 'connected',
};

const meta = {
  title: 'Calls/ParticipantTile',
  component: ParticipantTile,
  args: { participant: base, name: 'Ada', isLocal: false, showScreen: false, isActiveSpeaker: false, labels: {}, style: { width: 320 } },
  argTypes: { participant: { control: 'object' } },
  render: function Render(args) {
    const stream = useFakeStream({ label: args.name ?? 'Ada', hue: 200, audio: false });
    return <ParticipantTile {...args} participant={{ ...args.participant, streams: { ...args.participant.streams, userMedia: stream } }} />;
  },
} satisfies Meta<typeof ParticipantTile>;
export default meta;

type Story = StoryObj<typeof meta>;

export const Connected: Story = {
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelector('[data-connection]')).toHaveAttribute('data-connection', 'connected');
    await expect(within(canvasElement).getByRole('group', { name: 'Ada' })).toBeTruthy();
  },
};

export const Speaking: Story = {
  args: { participant: { ...base, isSpeaking: true, audioLevel: 0.5 }, isActiveSpeaker: true },
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelector('[data-speaking]')).toHaveAttribute('data-speaking', 'true');
  },
};

export const MutedWithCameraOff: Story = {
  args: { participant: { ...base, audioMuted: true, videoMuted: true } },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText('Camera off')).toBeTruthy();
    await expect(within(canvasElement).getByRole('img', { name: 'Microphone off' })).toBeTruthy();
  },
};

export const PoorNetwork: Story = {
  args: { participant: { ...base, quality: 'poor' } },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText('Network: poor')).toBeTruthy();
  },
};

export const Reconnecting: Story = {
  args: { participant: { ...base, connectionState: 'reconnecting' } },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText('Reconnecting…')).toBeTruthy();
  },
};

export const Translated: Story = {
  args: { participant: { ...base, videoMuted: true, quality: 'fair' }, labels: { cameraOff: 'Caméra coupée', network: 'Réseau', quality: { good: 'bon', fair: 'moyen', poor: 'faible', lost: 'perdu' } } },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText('Caméra coupée')).toBeTruthy();
    await expect(within(canvasElement).getByText('Réseau: moyen')).toBeTruthy();
  },
};
