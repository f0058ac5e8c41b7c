/**
 * MediaStream and MediaStreamTrack stand-ins for jsdom (which has neither): enough surface for
 * the call hooks and tiles, and a record of which tracks were stopped.
 */
let nextId = 0;

export class FakeTrack extends EventTarget {
  readonly id = `track-${++nextId}`;
  enabled = true;
  muted = false;
  readyState: 'live' | 'ended' = 'live';
  stopCount = 0;
  constructor(readonly kind: 'audio' | 'video') {
    super();
  }
  stop(): void {
    this.stopCount++;
    this.readyState = 'ended';
  }
  /** Simulate the remote side: frames stop (mute) or resume (unmute). */
  setMuted(muted: boolean): void {
    this.muted = muted;
    this.dispatchEvent(new Event(muted ? 'mute' : 'unmute'));
  }
  /** Simulate the track ending by itself (device unplugged, peer closed). */
  end(): void {
    this.readyState = 'ended';
    this.dispatchEvent(new Event('ended'));
  }
}

export class FakeMediaStream extends EventTarget {
  readonly id = `stream-${++nextId}`;
  private readonly tracks: FakeTrack[];
  constructor(tracks: FakeTrack[] = []) {
    super();
    this.tracks = [...tracks];
  }
  getTracks(): FakeTrack[] {
    return [...this.tracks];
  }
  getAudioTracks(): FakeTrack[] {
    return this.tracks.filter((t) => t.kind === 'audio');
  }
  getVideoTracks(): FakeTrack[] {
    return this.tracks.filter((t) => t.kind === 'video');
  }
  addTrack(track: FakeTrack): void {
    this.tracks.push(track);
    const event = new Event('addtrack') as Event & { track?: FakeTrack };
    event.track = track;
    this.dispatchEvent(event);
  }
  /** As a MediaStream, for APIs typed with the DOM's interface. */
  get asStream(): MediaStream {
    return this as unknown as MediaStream;
  }
}

/** A stream with one audio and one video track. */
export function fakeAudioVideoStream(): FakeMediaStream {
  return new FakeMediaStream([new FakeTrack('audio'), new FakeTrack('video')]);
}
