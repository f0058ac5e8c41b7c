import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor } from 'storybook/test';
import { TransferProgress } from '../src/components/TransferProgress.js';
import { AsklessError } from '../src/core/errors.js';
import { expectNoAxeViolations } from './support/axe.js';
import { fakeTransfer } from './support/fakeFiles.js';

const MB = 1024 * 1024;

const meta = {
  title: 'Files/TransferProgress',
  component: TransferProgress,
  args: {
    transfer: fakeTransfer(),
    labels: {},
    className: 'transfer',
    style: { width: 360 },
  },
} satisfies Meta<typeof TransferProgress>;
export default meta;

type Story = StoryObj<typeof meta>;

const group = (canvas: { getByRole: (role: string) => HTMLElement }) => canvas.getByRole('group');

export const Offered: Story = {
  args: { transfer: fakeTransfer({ state: 'offered', bytesTransferred: 0, bytesPerSecond: 0, etaMs: undefined, path: 'relay' }) },
  play: async ({ canvas, canvasElement }) => {
    await expect(group(canvas)).toHaveAttribute('data-state', 'offered');
    await expect(group(canvas)).toHaveTextContent('Waiting for the receiver to accept');
    await expect(canvas.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '0');
    await expect(canvas.getByRole('button', { name: 'Cancel holiday-photos.zip' })).toBeVisible();
    await expectNoAxeViolations(canvasElement);
  },
};

export const Waiting: Story = {
  args: { transfer: fakeTransfer({ state: 'waiting', path: 'stored', bytesTransferred: 10 * MB, bytesPerSecond: 0, etaMs: 0 }) },
  play: async ({ canvas, canvasElement }) => {
    await expect(group(canvas)).toHaveAttribute('data-state', 'waiting');
    await expect(group(canvas)).toHaveAttribute('data-path', 'stored');
    await expect(group(canvas)).toHaveTextContent('Stored until the receiver connects');
    await expect(group(canvas)).toHaveTextContent('10 MB of 10 MB');
    await expectNoAxeViolations(canvasElement);
  },
};

export const Accepted: Story = {
  args: { transfer: fakeTransfer({ state: 'accepted', bytesTransferred: 0, bytesPerSecond: 0, etaMs: undefined }) },
  play: async ({ canvas, canvasElement }) => {
    await expect(group(canvas)).toHaveAttribute('data-state', 'accepted');
    await expect(group(canvas)).toHaveTextContent('Accepted');
    await expect(group(canvas)).toHaveTextContent('0 B of 10 MB');
    await expectNoAxeViolations(canvasElement);
  },
};

export const Transferring: Story = {
  args: { transfer: fakeTransfer() },
  play: async ({ canvas, canvasElement, args }) => {
    await expect(group(canvas)).toHaveAttribute('data-state', 'transferring');
    await expect(group(canvas)).toHaveTextContent('4 MB of 10 MB · 2 MB/s · 3 s left');
    await expect(canvas.getByRole('progressbar')).toHaveAttribute('aria-valuetext', '4 MB of 10 MB');
    await expectNoAxeViolations(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Cancel holiday-photos.zip' }));
    await waitFor(() => expect(group(canvas)).toHaveAttribute('data-state', 'canceled'));
    await expect(args.transfer.getSnapshot().state).toBe('canceled');
    await expect(canvas.queryByRole('button')).toBeNull();
  },
};

export const Verifying: Story = {
  args: { transfer: fakeTransfer({ direction: 'receive', state: 'verifying', bytesTransferred: 10 * MB, bytesPerSecond: 0, etaMs: 0 }) },
  play: async ({ canvas, canvasElement }) => {
    await expect(group(canvas)).toHaveAttribute('data-state', 'verifying');
    await expect(group(canvas)).toHaveAttribute('data-direction', 'receive');
    await expect(group(canvas)).toHaveTextContent('Verifying');
    await expectNoAxeViolations(canvasElement);
  },
};

export const Completed: Story = {
  args: {
    transfer: fakeTransfer({ direction: 'receive', name: 'notes.txt', size: 11, state: 'completed', bytesTransferred: 11, etaMs: 0, blob: new Blob(['hello world'], { type: 'text/plain' }) }),
  },
  play: async ({ canvas, canvasElement }) => {
    await expect(group(canvas)).toHaveAttribute('data-state', 'completed');
    const save = await canvas.findByRole('link', { name: 'Save' });
    await expect(save).toHaveAttribute('download', 'notes.txt');
    await expect(save.getAttribute('href')).toMatch(/^blob:/);
    await expect(canvas.queryByRole('button')).toBeNull();
    await expectNoAxeViolations(canvasElement);
  },
};

export const Rejected: Story = {
  args: { transfer: fakeTransfer({ state: 'rejected', error: new AsklessError('REJECTED', 'not now'), bytesTransferred: 0 }) },
  play: async ({ canvas, canvasElement }) => {
    await expect(group(canvas)).toHaveAttribute('data-state', 'rejected');
    await expect(group(canvas)).toHaveTextContent('Declined');
    await expect(group(canvas)).toHaveTextContent('not now');
    await expectNoAxeViolations(canvasElement);
  },
};

export const Canceled: Story = {
  args: { transfer: fakeTransfer({ state: 'canceled', error: new AsklessError('CANCELED', 'The receiver canceled the transfer') }) },
  play: async ({ canvas, canvasElement }) => {
    await expect(group(canvas)).toHaveAttribute('data-state', 'canceled');
    await expect(group(canvas)).toHaveTextContent('The receiver canceled the transfer');
    await expectNoAxeViolations(canvasElement);
  },
};

export const Failed: Story = {
  args: { transfer: fakeTransfer({ direction: 'receive', state: 'failed', error: new AsklessError('FILE_INTEGRITY', 'The SHA-256 of the received file differs from the sent one') }) },
  play: async ({ canvas, canvasElement }) => {
    await expect(group(canvas)).toHaveAttribute('data-state', 'failed');
    await expect(canvas.getByText(/SHA-256/)).toHaveAttribute('data-code', 'FILE_INTEGRITY');
    await expectNoAxeViolations(canvasElement);
  },
};

export const Translated: Story = {
  args: {
    transfer: fakeTransfer(),
    labels: { states: { transferring: 'Envoi' }, cancel: 'Annuler', cancelFile: (name: string) => `Annuler ${name}`, amount: (d: string, t: string) => `${d} sur ${t}`, eta: (d: string) => `encore ${d}` },
    style: { width: 350 },
  },
  play: async ({ canvas, canvasElement }) => {
    await expect(group(canvas)).toHaveTextContent('Envoi');
    await expect(group(canvas)).toHaveTextContent('4 MB sur 10 MB');
    await expect(group(canvas)).toHaveTextContent('encore 3 s');
    await expect(canvas.getByRole('button', { name: 'Annuler holiday-photos.zip' })).toHaveTextContent('Annuler');
    await expectNoAxeViolations(canvasElement);
  },
};
