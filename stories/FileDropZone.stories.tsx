import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, waitFor } from 'storybook/test';
import { AsklessProvider } from '../src/components/AsklessProvider.js';
import { FileDropZone } from '../src/components/FileDropZone.js';
import { expectNoAxeViolations } from './support/axe.js';
import { FakeFilesClient } from './support/fakeFiles.js';

const client = new FakeFilesClient();

const meta = {
  title: 'Files/FileDropZone',
  component: FileDropZone,
  decorators: [
    (Story) => (
      <AsklessProvider client={client}>
        <Story />
      </AsklessProvider>
    ),
  ],
  args: {
    toUserId: 2,
    metadata: { chatId: 'story' },
    onSend: fn(),
    onFiles: undefined,
    disabled: false,
    multiple: true,
    labels: {},
    className: 'drop',
    style: { width: 320, height: 120 },
  },
} satisfies Meta<typeof FileDropZone>;
export default meta;

type Story = StoryObj<typeof meta>;

const zoneOf = (el: HTMLElement) => el.querySelector('[data-state]') as HTMLElement;

export const Idle: Story = {
  play: async ({ canvas, canvasElement, args }) => {
    await expect(zoneOf(canvasElement)).toHaveAttribute('data-state', 'idle');
    await expectNoAxeViolations(canvasElement);
    const before = client.files.sent.length;
    await userEvent.upload(canvas.getByLabelText('Drop files here or choose files'), new File(['hello'], 'hello.txt', { type: 'text/plain' }));
    await waitFor(() => expect(client.files.sent.length).toBe(before + 1));
    await expect(client.files.sent.at(-1)).toMatchObject({ toUserId: 2, metadata: { chatId: 'story' } });
    await expect(args.onSend).toHaveBeenCalledTimes(1);
  },
};

export const Dragging: Story = {
  play: async ({ canvasElement, canvas }) => {
    const zone = zoneOf(canvasElement);
    const data = new DataTransfer();
    data.items.add(new File(['x'], 'dropped.bin'));
    // A real DragEvent (fireEvent would swap the DataTransfer for an empty one).
    zone.dispatchEvent(new DragEvent('dragenter', { bubbles: true, cancelable: true, dataTransfer: data }));
    await waitFor(() => expect(zone).toHaveAttribute('data-state', 'dragging'));
    await expect(canvas.getByRole('button')).toHaveTextContent('Release to send');
    await expectNoAxeViolations(canvasElement);
    const before = client.files.sent.length;
    // A fresh DataTransfer: Chromium protects one after its first dispatch.
    const dropped = new DataTransfer();
    dropped.items.add(new File(['x'], 'dropped.bin'));
    zone.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dropped }));
    await waitFor(() => expect(zone).toHaveAttribute('data-state', 'idle'));
    await expect(client.files.sent.length).toBe(before + 1);
  },
};

export const Disabled: Story = {
  args: { disabled: true },
  play: async ({ canvasElement, canvas }) => {
    await expect(zoneOf(canvasElement)).toHaveAttribute('data-state', 'disabled');
    await expect(canvas.getByRole('button')).toBeDisabled();
    await expectNoAxeViolations(canvasElement);
  },
};

export const TakesTheFilesItself: Story = {
  args: { onFiles: fn(), labels: { prompt: 'Déposez ou choisissez des fichiers' } },
  play: async ({ canvas, args }) => {
    const before = client.files.sent.length;
    await userEvent.upload(canvas.getByLabelText('Déposez ou choisissez des fichiers'), new File(['a'], 'a.txt'));
    await expect(args.onFiles).toHaveBeenCalledTimes(1);
    await expect(client.files.sent.length).toBe(before);
  },
};

export const SendsWithoutOnSend: Story = {
  args: { onSend: undefined },
  play: async ({ canvas }) => {
    const before = client.files.sent.length;
    await userEvent.upload(canvas.getByLabelText('Drop files here or choose files'), new File(['hi'], 'hi.txt'));
    await waitFor(() => expect(client.files.sent.length).toBe(before + 1));
  },
};
