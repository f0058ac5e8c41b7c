import { StrictMode } from 'react';
import { act, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { VideoTile } from '../../src/components/VideoTile.js';
import { FakeMediaStream, FakeTrack, fakeAudioVideoStream } from './support/fakeMedia.js';
import { failOnConsoleNoise, stubMediaPlayback } from './support/render.js';

// Hooks run last-registered-first: the media stubs are restored only after the guard unmounted.
stubMediaPlayback();
failOnConsoleNoise();

function tile(label = 'Ada') {
  return screen.getByRole('group', { name: label });
}

describe('VideoTile', () => {
  it('attaches the stream to a muted, mirrored video and shows the picture while video flows', () => {
    const stream = fakeAudioVideoStream();
    const { container } = render(
      <StrictMode>
        <VideoTile stream={stream.asStream} muted mirrored label="Ada" className="mine" />
      </StrictMode>,
    );
    const video = container.querySelector('video')!;
    expect((video as HTMLVideoElement & { srcObject: unknown }).srcObject).toBe(stream);
    expect(video.muted).toBe(true);
    expect(video.style.transform).toBe('scaleX(-1)');
    expect(tile().dataset.state).toBe('video');
    expect(tile().dataset.audio).toBe('on');
    expect(tile().className).toBe('mine');
    expect(screen.queryByRole('img', { name: 'Microphone off' })).toBeNull();
  });

  it('shows the placeholder (label initial) without a video track and switches when one arrives and unmutes', () => {
    const stream = new FakeMediaStream([new FakeTrack('audio')]);
    const { container } = render(<VideoTile stream={stream.asStream} label="bob" />);
    expect(tile('bob').dataset.state).toBe('placeholder');
    expect(container.querySelector('[data-part="placeholder"]')!.textContent).toBe('B');
    // A remote track arrives muted (no frames yet), then frames start.
    const video = new FakeTrack('video');
    video.muted = true;
    act(() => stream.addTrack(video));
    expect(tile('bob').dataset.state).toBe('placeholder');
    act(() => video.setMuted(false));
    expect(tile('bob').dataset.state).toBe('video');
    act(() => video.end());
    expect(tile('bob').dataset.state).toBe('placeholder');
  });

  it('shows the microphone-off indicator when the stream has no live audio, or when told', () => {
    const { rerender } = render(<VideoTile stream={new FakeMediaStream([new FakeTrack('video')]).asStream} label="Ada" />);
    expect(screen.getByRole('img', { name: 'Microphone off' })).toBeTruthy();
    expect(tile().dataset.audio).toBe('off');
    rerender(<VideoTile stream={fakeAudioVideoStream().asStream} label="Ada" audioOff videoOff placeholder="camera off" />);
    expect(screen.getByRole('img', { name: 'Microphone off' })).toBeTruthy();
    expect(tile().dataset.state).toBe('placeholder');
    expect(screen.getByText('camera off')).toBeTruthy();
  });

  it('renders a hostile label as text, never as markup', () => {
    const payload = '<img src=x onerror="window.__pwned=1">';
    const { container } = render(<VideoTile stream={undefined} label={payload} />);
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByText(payload)).toBeTruthy();
    expect(tile(payload).dataset.state).toBe('placeholder');
  });

  it('offers a Play button when autoplay rules refuse playback, and hides it once a click starts it', async () => {
    const play = vi.spyOn(HTMLMediaElement.prototype, 'play').mockRejectedValue(new DOMException('gesture needed', 'NotAllowedError'));
    await act(async () => void render(<VideoTile stream={fakeAudioVideoStream().asStream} label="Ada" />));
    expect(tile().dataset.playback).toBe('blocked');
    play.mockResolvedValue(undefined);
    await act(async () => screen.getByRole('button', { name: 'Play' }).click());
    expect(tile().dataset.playback).toBeUndefined();
    expect(screen.queryByRole('button', { name: 'Play' })).toBeNull();
  });

  it('drops a stale Play button when a new stream starts playing, or when the stream goes away', async () => {
    const play = vi.spyOn(HTMLMediaElement.prototype, 'play').mockRejectedValue(new DOMException('gesture needed', 'NotAllowedError'));
    let rerender!: (ui: React.ReactNode) => void;
    await act(async () => void ({ rerender } = render(<VideoTile stream={fakeAudioVideoStream().asStream} label="Ada" />)));
    expect(tile().dataset.playback).toBe('blocked');
    play.mockResolvedValue(undefined);
    await act(async () => rerender(<VideoTile stream={fakeAudioVideoStream().asStream} label="Ada" />));
    expect(tile().dataset.playback).toBeUndefined();
    play.mockRejectedValue(new DOMException('gesture needed', 'NotAllowedError'));
    await act(async () => rerender(<VideoTile stream={fakeAudioVideoStream().asStream} label="Ada" />));
    expect(tile().dataset.playback).toBe('blocked');
    await act(async () => rerender(<VideoTile stream={undefined} label="Ada" />));
    expect(screen.queryByRole('button', { name: 'Play' })).toBeNull();
  });

  it('does not treat an aborted play() (a newer stream replaced it) as blocked', async () => {
    vi.spyOn(HTMLMediaElement.prototype, 'play').mockRejectedValue(new DOMException('replaced', 'AbortError'));
    await act(async () => void render(<VideoTile stream={fakeAudioVideoStream().asStream} label="Ada" />));
    expect(tile().dataset.playback).toBeUndefined();
  });

  it('detaches the stream from the video element on unmount', () => {
    const stream = fakeAudioVideoStream();
    const { container, unmount } = render(<VideoTile stream={stream.asStream} label="Ada" />);
    const video = container.querySelector('video') as HTMLVideoElement & { srcObject: unknown };
    unmount();
    expect(video.srcObject).toBeNull();
  });
});
