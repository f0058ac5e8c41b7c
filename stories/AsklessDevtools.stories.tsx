import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { AsklessDevtoolsPanel } from '../src/devtools/DevtoolsPanel.js';
import { FakeInspectableClient, fakeStream } from './support/fakeInspectable.js';

const meta = {
  title: 'Devtools/AsklessDevtoolsPanel',
  component: AsklessDevtoolsPanel,
  args: { client: new FakeInspectableClient(), initialIsOpen: false },
} satisfies Meta<typeof AsklessDevtoolsPanel>;
export default meta;

type Story = StoryObj<typeof meta>;

/** Closed: only the toggle. Keyboard opens it; Escape closes it and returns the focus. */
export const Closed: Story = {
  args: { client: new FakeInspectableClient({ streams: [fakeStream('products')] }) },
  play: async ({ canvas, args }) => {
    const toggle = canvas.getByRole('button', { name: 'Open Askless devtools' });
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    // Closed devtools do not tap the client at all.
    await expect((args.client as FakeInspectableClient).tapCount).toBe(0);
    toggle.focus();
    await userEvent.keyboard('{Enter}');
    const panel = await canvas.findByRole('region', { name: 'Askless devtools' });
    await expect((args.client as FakeInspectableClient).tapCount).toBe(1);
    within(panel).getByRole('button', { name: 'Close Askless devtools' }).focus();
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(canvas.queryByRole('region', { name: 'Askless devtools' })).toBeNull());
    await expect(canvas.getByRole('button', { name: 'Open Askless devtools' })).toHaveFocus();
    await expect((args.client as FakeInspectableClient).tapCount).toBe(0);
  },
};

/** Open with streams and pending requests; a push frame updates the push count. */
export const StreamsAndRequests: Story = {
  args: {
    initialIsOpen: true,
    client: new FakeInspectableClient({
      streams: [fakeStream('products', { params: { nameContains: 'lamp' }, subscribers: 2 }), fakeStream('messages', { status: 'reconnecting', stale: true })],
      requests: [{ id: 'REQ-_a', label: 'CREATE product', kind: 'modify', state: 'confirmed', attempts: 2, sentAt: Date.now() - 1500, deadline: Date.now() + 5500 }],
    }),
  },
  play: async ({ canvas, args }) => {
    const streams = await canvas.findByRole('table', { name: /Streams \(2\)/ });
    const products = within(streams).getByRole('row', { name: /products/ });
    await expect(products).toHaveTextContent('{"nameContains":"lamp"}');
    await expect(products).toHaveTextContent('products|null'); // the stream key
    await expect(within(streams).getByRole('row', { name: /messages/ })).toHaveTextContent('reconnecting (stale)');
    await expect(canvas.getByRole('table', { name: /Pending requests \(1\)/ })).toHaveTextContent('CREATE product');
    (args.client as FakeInspectableClient).frame('in', { _class_type_newDataForListener: '_', listenId: 'LIS-products', serverId: 'NEW-1', output: [] });
    await waitFor(() => expect(within(products).getByTestId('askless-devtools-pushes')).toHaveTextContent('1'));
  },
};

/** Frames are redacted when recorded: a login's credential never reaches the screen. */
export const RedactedFrames: Story = {
  args: { initialIsOpen: true, client: new FakeInspectableClient() },
  play: async ({ canvas, canvasElement, args }) => {
    const client = args.client as FakeInspectableClient;
    await canvas.findByText('No frames since the devtools opened');
    client.frame('out', { requestType: 'AUTHENTICATE', _class_type_authenticaterequest: '_', credential: { accessToken: 'secret-token-42' } });
    const summary = await canvas.findByText(/sent AUTHENTICATE/);
    await userEvent.click(summary);
    await expect(canvas.getByText(/"credential":"\[redacted\]"/)).toBeVisible();
    await expect(canvasElement.innerHTML).not.toContain('secret-token-42');
  },
};

/** Nothing yet: empty states say so. */
export const Empty: Story = {
  args: { initialIsOpen: true, client: new FakeInspectableClient({ authentication: { status: 'unauthenticated', claims: [] } }) },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('No streams')).toBeVisible();
    await expect(canvas.getByText('No pending requests')).toBeVisible();
    await expect(canvas.getByTestId('askless-devtools-status')).toHaveTextContent('not logged in');
  },
};

/** Calls and transfers appear when a source is registered (`client.addInspectionSource`). */
export const WithCalls: Story = {
  args: {
    initialIsOpen: true,
    client: new FakeInspectableClient({ extras: { calls: [{ id: 'call-1', state: 'connected', quality: 'good', stats: { rttMs: 42 } }] } }),
  },
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole('heading', { name: 'Calls and more' })).toBeVisible();
    await expect(canvas.getByText(/"quality":"good"/)).toBeVisible();
  },
};

/** Every visible string can be replaced. */
export const CustomLabels: Story = {
  args: {
    initialIsOpen: true,
    position: 'bottom-left',
    client: new FakeInspectableClient(),
    labels: { title: 'Temps réel', closeButton: 'Fermer', noStreams: 'Aucun flux' },
  },
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole('region', { name: 'Temps réel' })).toBeVisible();
    await expect(canvas.getByText('Aucun flux')).toBeVisible();
    await expect(canvas.getByRole('button', { name: 'Fermer' })).toBeVisible();
    // The toggle's name keeps its visible text (WCAG 2.5.3).
    await expect(canvas.getByRole('button', { name: 'Askless: Fermer' })).toHaveAttribute('aria-expanded', 'true');
  },
};
