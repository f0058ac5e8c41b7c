import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { CallView } from '../../src/components/CallView.js';
import { CallControls } from '../../src/components/CallControls.js';
import { useCall } from '../../src/hooks/useCall.js';
import { FakeCallClient } from './support/fakeCallClient.js';
import type { CallWriteResult } from '../../src/core/calls/transport.js';
import { fakeAudioVideoStream, type FakeMediaStream } from './support/fakeMedia.js';
import { failOnConsoleNoise, renderWithCalls, stubMediaPlayback } from './support/render.js';

// Hooks run last-registered-first: the media stubs are restored only after the guard unmounted.
stubMediaPlayback();
failOnConsoleNoise();

let local: FakeMediaStream;
function Dialer() {
  const call = useCall();
  return (
    <button type="button" onClick={() => void call.requestCall({ userId: 'ada', localStream: local.asStream })}>
      dial
    </button>
  );
}

async function startCall(client = new FakeCallClient()) {
  local = fakeAudioVideoStream();
  const rendered = renderWithCalls(
    <>
      <Dialer />
      <CallView remoteName="Ada" className="call" />
    </>,
    client,
  );
  await act(async () => {
    screen.getByText('dial').click();
    // The request leaves after media, the peer and its offer: wait for it to reach the "server".
    await vi.waitFor(() => expect(client.transport.createdOn('call/request')).toHaveLength(1));
  });
  return rendered;
}

describe('CallView and CallControls', () => {
  it('renders nothing while idle', () => {
    const { container } = renderWithCalls(<CallView />);
    expect(container.innerHTML).toBe('');
  });

  it('shows the state as data-state and a polite status line through ringing, connecting, reconnecting and ended', async () => {
    // The server holds the request until the test lets it through: the caller shows `requesting`.
    const fake = new FakeCallClient();
    let letThrough!: () => void;
    const held = new Promise<CallWriteResult>((resolve) => (letThrough = () => resolve({ ok: true, output: {} })));
    fake.transport.reply = (route) => (route.endsWith('call/request') ? (held as unknown as CallWriteResult) : { ok: true, output: {} });
    const { client } = await startCall(fake);
    const view = screen.getByRole('region', { name: 'Call with Ada' });
    expect(view.dataset.state).toBe('requesting');
    expect(view.className).toBe('call');
    const status = within(view).getByRole('status');
    expect(status.textContent).toBe('Calling…');
    await act(async () => letThrough());
    expect(status.textContent).toBe('Ringing…');
    let live!: ReturnType<FakeCallClient['requests'][number]['accept']>;
    await act(async () => void (live = client.requests[0]!.accept()));
    expect(view.dataset.state).toBe('connecting');
    expect(status.textContent).toBe('Connecting…');
    act(() => live.connect());
    expect(within(view).getByRole('group', { name: 'Ada' }).dataset.state).toBe('video');
    expect(within(view).getByRole('group', { name: 'You' })).toBeTruthy();
    act(() => live.setRemoteConnected(false));
    expect(view.dataset.state).toBe('reconnecting');
    expect(status.textContent).toBe('Reconnecting…');
    act(() => live.remoteHangUp());
    expect(view.dataset.state).toBe('ended');
    expect(view.dataset.endReason).toBe('remote_hangup');
    expect(status.textContent).toBe('The other person hung up');
    expect(within(view).queryByRole('group', { name: 'Call controls' })).toBeNull();
  });

  it('toggles the microphone and camera with aria-pressed buttons and hangs up', async () => {
    const user = userEvent.setup();
    const { client } = await startCall();
    let live!: ReturnType<FakeCallClient['requests'][number]['accept']>;
    await act(async () => void (live = client.requests[0]!.accept()));
    const controls = screen.getByRole('group', { name: 'Call controls' });
    const mic = within(controls).getByRole('button', { name: 'Microphone' });
    const cam = within(controls).getByRole('button', { name: 'Camera' });
    expect(mic.getAttribute('aria-pressed')).toBe('true');
    await user.click(mic);
    expect(mic.getAttribute('aria-pressed')).toBe('false');
    expect(mic.dataset.state).toBe('off');
    expect(local.getAudioTracks()[0]!.enabled).toBe(false);
    // The local picture-in-picture shows the muted badge.
    expect(within(screen.getByRole('group', { name: 'You' })).getByRole('img', { name: 'Microphone off' })).toBeTruthy();
    await user.click(cam);
    expect(cam.getAttribute('aria-pressed')).toBe('false');
    expect(local.getVideoTracks()[0]!.enabled).toBe(false);
    expect(screen.getByRole('group', { name: 'You' }).dataset.state).toBe('placeholder');
    await user.click(within(controls).getByRole('button', { name: 'Hang up' }));
    expect(live.closeCount).toBe(1);
    expect(screen.getByRole('region').dataset.endReason).toBe('hangup');
    // A stream the app passed in stays the app's: not stopped by the hang-up.
    expect(local.getTracks().every((t) => t.readyState === 'live')).toBe(true);
  });

  it('disables the controls when there is no active call', () => {
    renderWithCalls(<CallControls labels={{ hangUp: 'Leave' }} />);
    const controls = screen.getByRole('group', { name: 'Call controls' });
    expect(controls.dataset.state).toBe('idle');
    for (const button of within(controls).getAllByRole('button')) expect((button as HTMLButtonElement).disabled).toBe(true);
    expect(within(controls).getByRole('button', { name: 'Leave' })).toBeTruthy();
  });

  it('renders a hostile remote name as text', async () => {
    local = fakeAudioVideoStream();
    const payload = '<img src=x onerror="window.__pwned=1">';
    function HostileDialer() {
      const call = useCall();
      return <button type="button" onClick={() => void call.requestCall({ userId: payload, localStream: local.asStream })}>dial</button>;
    }
    const { container } = renderWithCalls(
      <>
        <HostileDialer />
        <CallView />
      </>,
    );
    await act(async () => void screen.getByText('dial').click());
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByRole('region', { name: `Call with ${payload}` })).toBeTruthy();
  });
});
