import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { IncomingCallDialog } from '../../src/components/IncomingCallDialog.js';
import { FakeCallClient, type FakeIncoming } from './support/fakeCallClient.js';
import { fakeAudioVideoStream } from './support/fakeMedia.js';
import { failOnConsoleNoise, renderWithCalls, stubMediaPlayback } from './support/render.js';

// Hooks run last-registered-first: the media stubs are restored only after the guard unmounted.
stubMediaPlayback();
failOnConsoleNoise();

function ring(client: FakeCallClient, userId: string | number, data: Record<string, unknown> = {}): FakeIncoming {
  let call!: FakeIncoming;
  act(() => void (call = client.ring(userId, data)));
  return call;
}

function App() {
  return (
    <>
      <button type="button">elsewhere</button>
      <IncomingCallDialog acceptOptions={{ localStream: fakeAudioVideoStream().asStream }} />
    </>
  );
}

describe('IncomingCallDialog', () => {
  it('opens as a labelled alertdialog naming the caller, focuses Accept, and gives focus back on close', async () => {
    const user = userEvent.setup();
    const { client } = renderWithCalls(<App />);
    expect(screen.queryByRole('alertdialog')).toBeNull();
    screen.getByText('elsewhere').focus();
    const call = ring(client, 7, { callerName: 'Grace' });
    const dialog = screen.getByRole('alertdialog', { name: 'Incoming call' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(dialog.dataset.state).toBe('open');
    expect(screen.getByText('Grace is calling').id).toBe(dialog.getAttribute('aria-describedby'));
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Accept' }));
    await user.keyboard('{Enter}');
    await vi.waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(call.accepts).toHaveLength(1);
    expect(document.activeElement).toBe(screen.getByText('elsewhere'));
  });

  it('declines on Escape and on the Decline button', async () => {
    const user = userEvent.setup();
    const { client } = renderWithCalls(<App />);
    const first = ring(client, 7);
    await user.keyboard('{Escape}');
    expect(first.rejections).toHaveLength(1);
    expect(screen.queryByRole('alertdialog')).toBeNull();
    const second = ring(client, 8);
    await user.click(screen.getByRole('button', { name: 'Decline' }));
    expect(second.rejections).toHaveLength(1);
    expect(second.accepts).toHaveLength(0);
  });

  it('keeps Tab focus inside the dialog', async () => {
    const user = userEvent.setup();
    const { client } = renderWithCalls(<App />);
    ring(client, 7);
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Decline' }));
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Accept' }));
    await user.tab({ shift: true });
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Decline' }));
  });

  it('makes the page behind inert while it rings, and only while it rings', () => {
    const { client } = renderWithCalls(<App />);
    const elsewhere = screen.getByText('elsewhere');
    expect(elsewhere.closest('[inert]')).toBeNull();
    const call = ring(client, 7);
    expect(elsewhere.closest('[inert]')).not.toBeNull();
    expect(screen.getByRole('alertdialog').closest('[inert]')).toBeNull();
    act(() => call.cancel());
    expect(elsewhere.closest('[inert]')).toBeNull();
  });

  it('closes when the caller cancels', () => {
    const { client } = renderWithCalls(<App />);
    const call = ring(client, 7);
    expect(screen.getByRole('alertdialog')).toBeTruthy();
    act(() => call.cancel());
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });

  it('survives a ringtone that autoplay rules refuse, and stops it on close', async () => {
    const play = vi.spyOn(HTMLMediaElement.prototype, 'play').mockRejectedValue(new DOMException('gesture needed', 'NotAllowedError'));
    const pause = vi.spyOn(HTMLMediaElement.prototype, 'pause').mockImplementation(() => {});
    const { client } = renderWithCalls(<IncomingCallDialog ringtoneSrc="/ring.mp3" />);
    let call!: FakeIncoming;
    // play()'s rejection settles in a microtask: let act() flush it.
    await act(async () => void (call = client.ring(7)));
    expect(play).toHaveBeenCalled();
    expect(screen.getByRole('alertdialog').dataset.ringtone).toBe('blocked');
    expect(screen.getByRole('button', { name: 'Accept' })).toBeTruthy();
    act(() => call.cancel());
    expect(pause).toHaveBeenCalled();
  });

  it('reports a ringtone that plays', async () => {
    vi.spyOn(HTMLMediaElement.prototype, 'play').mockResolvedValue(undefined);
    vi.spyOn(HTMLMediaElement.prototype, 'pause').mockImplementation(() => {});
    const { client } = renderWithCalls(<IncomingCallDialog ringtoneSrc="/ring.mp3" />);
    await act(async () => void client.ring(7));
    expect(screen.getByRole('alertdialog').dataset.ringtone).toBe('playing');
  });

  it('renders a hostile user id and additionalData as text, never as HTML', () => {
    const payload = '<img src=x onerror="window.__pwned=1">';
    const { client, container } = renderWithCalls(<App />);
    ring(client, payload);
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByText(`${payload} is calling`)).toBeTruthy();
    act(() => screen.getByRole('button', { name: 'Decline' }).click());
    ring(client, 7, { callerName: payload });
    expect(document.querySelector('img')).toBeNull();
    expect(screen.getByText(`${payload} is calling`)).toBeTruthy();
    expect((window as { __pwned?: unknown }).__pwned).toBeUndefined();
  });

  it('uses custom labels and caller names', () => {
    const { client } = renderWithCalls(
      <IncomingCallDialog
        callerName={(c) => `user #${String(c.remoteUserId)}`}
        labels={{ incomingCall: 'Appel entrant', accept: 'Répondre', decline: 'Refuser', isCalling: (n) => `${n} vous appelle` }}
      />,
    );
    ring(client, 3);
    expect(screen.getByRole('alertdialog', { name: 'Appel entrant' })).toBeTruthy();
    expect(screen.getByText('user #3 vous appelle')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Répondre' })).toBeTruthy();
  });
});
