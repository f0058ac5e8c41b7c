import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent } from 'storybook/test';
import { IncomingFileOffer } from '../src/components/IncomingFileOffer.js';
import { expectNoAxeViolations } from './support/axe.js';
import { fakeOffer } from './support/fakeFiles.js';

const meta = {
  title: 'Files/IncomingFileOffer',
  component: IncomingFileOffer,
  args: {
    offer: fakeOffer({ accept: fn(), reject: fn() }),
    senderName: 'Alice',
    acceptOptions: {},
    onAccept: fn(),
    onReject: fn(),
    labels: {},
    className: 'offer',
    style: { width: 360 },
  },
} satisfies Meta<typeof IncomingFileOffer>;
export default meta;

type Story = StoryObj<typeof meta>;

export const Offered: Story = {
  play: async ({ canvas, canvasElement, args }) => {
    const group = canvas.getByRole('group', { name: 'File offered: quarterly-report.pdf' });
    await expect(group).toHaveAttribute('data-state', 'offered');
    await expect(group).toHaveTextContent('Alice wants to send you quarterly-report.pdf (1.5 MB)');
    await expectNoAxeViolations(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Accept quarterly-report.pdf' }));
    await expect(args.offer.accept).toHaveBeenCalledWith({});
    await expect(args.onAccept).toHaveBeenCalledTimes(1);
  },
};

export const Declining: Story = {
  args: { offer: fakeOffer({ accept: fn(), reject: fn() }) },
  play: async ({ canvas, args }) => {
    // Keyboard only: Tab to Decline, Enter.
    await userEvent.tab();
    await userEvent.tab();
    await expect(canvas.getByRole('button', { name: 'Decline quarterly-report.pdf' })).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    await expect(args.offer.reject).toHaveBeenCalledTimes(1);
    await expect(args.onReject).toHaveBeenCalledTimes(1);
    await expect(args.offer.accept).not.toHaveBeenCalled();
  },
};

export const UnknownSenderNarrow: Story = {
  args: {
    offer: fakeOffer({ name: 'a-very-long-file-name-that-has-to-wrap-on-a-phone-screen-of-390-pixels.tar.gz', accept: fn(), reject: fn() }),
    senderName: undefined,
    style: { width: 358 },
  },
  play: async ({ canvas, canvasElement }) => {
    await expect(canvas.getByRole('group')).toHaveTextContent('User 7 wants to send you');
    await expectNoAxeViolations(canvasElement);
  },
};

export const Translated: Story = {
  args: { labels: { from: (s: string) => `${s} veut vous envoyer`, accept: 'Accepter', reject: 'Refuser', acceptFile: (n: string) => `Accepter ${n}`, rejectFile: (n: string) => `Refuser ${n}` } },
  play: async ({ canvas, canvasElement }) => {
    await expect(canvas.getByRole('group')).toHaveTextContent('Alice veut vous envoyer');
    await expect(canvas.getByRole('button', { name: 'Accepter quarterly-report.pdf' })).toHaveTextContent('Accepter');
    await expectNoAxeViolations(canvasElement);
  },
};

export const AcceptsWithoutCallbacks: Story = {
  args: { offer: fakeOffer({ accept: fn(), reject: fn() }), onAccept: undefined, onReject: undefined },
  play: async ({ canvas, args }) => {
    await userEvent.click(canvas.getByRole('button', { name: 'Accept quarterly-report.pdf' }));
    await expect(args.offer.accept).toHaveBeenCalledTimes(1);
  },
};
