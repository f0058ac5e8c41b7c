import { act, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CallView } from '../../src/components/CallView.js';
import { useCall } from '../../src/hooks/useCall.js';
import { useIncomingCall } from '../../src/hooks/useIncomingCall.js';
import { FakeCallClient, type FakeIncoming, type FakeOutgoing } from './support/fakeCallClient.js';
import { FakeMediaStream, fakeAudioVideoStream } from './support/fakeMedia.js';
import { failOnConsoleNoise, renderWithCalls, stubMediaPlayback } from './support/render.js';

// Hooks run last-registered-first: the media stubs are restored only after the guard unmounted.
stubMediaPlayback();
failOnConsoleNoise();

let acquired: FakeMediaStream[];
beforeEach(() => {
  acquired = [];
  // jsdom has no media devices: hand out fake streams and remember them.
  Object.defineProperty(navigator, 'mediaDevices', {
    configurable: true,
    value: {
      getUserMedia: async () => {
        const stream = fakeAudioVideoStream();
        acquired.push(stream);
        return stream;
      },
    },
  });
});
afterEach(() => {
  Reflect.deleteProperty(navigator, 'mediaDevices');
  vi.useRealTimers();
});

function Caller() {
  const call = useCall();
  return (
    <div>
      <output data-testid="state">{call.state}</output>
      <output data-testid="reason">{call.endReason ?? ''}</output>
      <output data-testid="direction">{call.direction ?? ''}</output>
      <button type="button" onClick={() => void call.requestCall({ userId: 2, media: { audio: true, video: true } })}>
        call
      </button>
      <button type="button" onClick={call.hangUp}>
        hang up
      </button>
    </div>
  );
}

function Ringer() {
  const { incomingCall, accept, reject } = useIncomingCall();
  if (!incomingCall) return <p>quiet</p>;
  return (
    <div>
      <p>ringing from {String(incomingCall.remoteUserId)}</p>
      <button type="button" onClick={() => void accept({ media: { audio: true, video: true } })}>
        answer
      </button>
      <button type="button" onClick={reject}>
        decline
      </button>
    </div>
  );
}

describe('useCall / useIncomingCall', () => {
  it('places a call with acquired media and stops every acquired track when the component unmounts', async () => {
    const { client, unmount } = renderWithCalls(<Caller />);
    // The click starts an async chain (permission prompt, then the request): let act() flush it.
    await act(async () => {
      fireEvent.click(screen.getByText('call'));
      await vi.waitFor(() => expect(client.requests).toHaveLength(1));
    });
    expect(screen.getByTestId('state').textContent).toBe('ringing');
    let live!: FakeOutgoing;
    await act(async () => void (live = client.requests[0]!.accept()));
    expect(screen.getByTestId('state').textContent).toBe('connecting');
    unmount();
    await vi.waitFor(() => expect(acquired[0]!.getTracks().every((t) => t.readyState === 'ended')).toBe(true));
    expect(live.closeCount).toBe(1);
  });

  it('survives StrictMode’s mount → unmount → mount without ending the call or dropping the incoming listener', () => {
    vi.useFakeTimers();
    const client = new FakeCallClient();
    renderWithCalls(
      <>
        <Caller />
        <Ringer />
      </>,
      client,
    );
    act(() => void client.ring(9));
    act(() => vi.advanceTimersByTime(1_000));
    expect(client.isReceiving).toBe(true);
    expect(screen.getByTestId('state').textContent).toBe('incoming');
    expect(screen.getByText('ringing from 9')).toBeTruthy();
  });

  it('shows a call accepted through useIncomingCall in useCall elsewhere in the tree, and hangs it up from there', async () => {
    const { client } = renderWithCalls(
      <>
        <Caller />
        <section>
          <Ringer />
        </section>
      </>,
    );
    let ringing!: FakeIncoming;
    act(() => void (ringing = client.ring(4, { callerName: 'Bo' })));
    await act(async () => void fireEvent.click(screen.getByText('answer')));
    expect(screen.getByTestId('state').textContent).toBe('connecting');
    expect(screen.getByTestId('direction').textContent).toBe('incoming');
    expect(screen.getByText('quiet')).toBeTruthy();
    fireEvent.click(screen.getByText('hang up'));
    expect(screen.getByTestId('state').textContent).toBe('ended');
    expect(screen.getByTestId('reason').textContent).toBe('hangup');
    expect(ringing.closeCount).toBe(1);
    expect(acquired[0]!.getTracks().every((t) => t.readyState === 'ended')).toBe(true);
  });

  it('rejecting from the hook tells the caller and clears the ringing call everywhere', () => {
    const { client } = renderWithCalls(
      <>
        <Caller />
        <Ringer />
      </>,
    );
    let ringing!: FakeIncoming;
    act(() => void (ringing = client.ring(4)));
    fireEvent.click(screen.getByText('decline'));
    expect(ringing.rejections).toHaveLength(1);
    expect(screen.getByText('quiet')).toBeTruthy();
    expect(screen.getByTestId('reason').textContent).toBe('rejected');
  });

  it('maps a denied camera to permission "blocked" and ends with media_error, shown by CallView', async () => {
    Object.defineProperty(navigator, 'mediaDevices', {
      configurable: true,
      value: { getUserMedia: () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError')) },
    });
    function Permission() {
      const call = useCall();
      return <output data-testid="permission">{`${call.permission ?? ''} ${call.error?.code ?? ''}`}</output>;
    }
    const { client } = renderWithCalls(
      <>
        <Caller />
        <Permission />
        <CallView />
      </>,
    );
    await act(async () => void fireEvent.click(screen.getByText('call')));
    expect(client.requests).toHaveLength(0);
    expect(screen.getByTestId('permission').textContent).toBe('blocked PERMISSION_BLOCKED');
    expect(screen.getByRole('region').dataset.endReason).toBe('media_error');
    expect(within(screen.getByRole('region')).getByRole('status').textContent).toBe('Camera or microphone unavailable');
  });

  it('throws a NO_PROVIDER error naming the hook outside <AsklessProvider>', async () => {
    const { render } = await import('@testing-library/react');
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(() => render(<Caller />)).toThrow(/useCall\(\) must be called inside <AsklessProvider>/);
    spy.mockRestore();
  });
});
