/**
 * Fake camera/microphone streams made in the browser, so stories need no device and no prompt:
 * video from `canvas.captureStream()` (a moving, labelled pattern), audio from an oscillator
 * through `AudioContext.createMediaStreamDestination()`.
 */

/** What to put in a fake stream. */
export interface FakeStreamOptions {
  video?: boolean;
  audio?: boolean;
  /** Text drawn on the video. */
  label?: string;
  /** Background hue (0–360). */
  hue?: number;
  width?: number;
  height?: number;
}

/** A fake stream and the function that releases everything behind it. */
export interface FakeStream {
  stream: MediaStream;
  /** Stops every track, the drawing timer and the audio context; idempotent. */
  stop(): void;
}

/**
 * Create a fake MediaStream (moving canvas video and/or an oscillator tone).
 * @example
 * const fake = createFakeStream({ label: 'Alice', hue: 200 });
 * video.srcObject = fake.stream;
 * // later
 * fake.stop();
 */
export function createFakeStream({
  video = true,
  audio = true,
  label = 'Camera',
  hue = 210,
  width = 320,
  height = 240,
}: FakeStreamOptions = {}): FakeStream {
  const stream = new MediaStream();
  let timer: ReturnType<typeof setInterval> | undefined;
  let audioContext: AudioContext | undefined;

  if (video) {
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext('2d');
    let frame = 0;
    const draw = () => {
      if (!ctx) return;
      frame += 1;
      ctx.fillStyle = `hsl(${hue} 55% 35%)`;
      ctx.fillRect(0, 0, width, height);
      // A moving disc: captureStream only emits frames when the canvas changes.
      const x = (frame * 4) % (width + 40) - 20;
      ctx.fillStyle = `hsl(${(hue + 180) % 360} 80% 65%)`;
      ctx.beginPath();
      ctx.arc(x, height / 2, 20, 0, Math.PI * 2);
      ctx.fill();
      ctx.fillStyle = '#fff';
      ctx.font = `${Math.round(height / 10)}px sans-serif`;
      ctx.fillText(label, 12, height - 14);
    };
    draw();
    // A timer rather than requestAnimationFrame: rAF pauses in hidden/background pages.
    timer = setInterval(draw, 1000 / 30);
    for (const track of canvas.captureStream(30).getVideoTracks()) stream.addTrack(track);
  }

  if (audio) {
    audioContext = new AudioContext();
    const oscillator = audioContext.createOscillator();
    const gain = audioContext.createGain();
    gain.gain.value = 0.05;
    const destination = audioContext.createMediaStreamDestination();
    oscillator.frequency.value = 440;
    oscillator.connect(gain).connect(destination);
    oscillator.start();
    for (const track of destination.stream.getAudioTracks()) stream.addTrack(track);
  }

  let stopped = false;
  return {
    stream,
    stop() {
      if (stopped) return;
      stopped = true;
      if (timer !== undefined) clearInterval(timer);
      for (const track of stream.getTracks()) track.stop();
      void audioContext?.close();
    },
  };
}

/**
 * A short two-tone ring as a WAV object URL (no audio file in the repository, no network).
 * Revoke it with `URL.revokeObjectURL` when done.
 * @example
 * <IncomingCallDialog ringtoneSrc={ringtoneUrl()} />
 */
export function ringtoneUrl(seconds = 1, sampleRate = 8000): string {
  const samples = Math.round(seconds * sampleRate);
  const buffer = new ArrayBuffer(44 + samples * 2);
  const view = new DataView(buffer);
  const text = (offset: number, value: string) => {
    for (let i = 0; i < value.length; i++) view.setUint8(offset + i, value.charCodeAt(i));
  };
  // RIFF/WAVE header: PCM, mono, 16-bit.
  text(0, 'RIFF');
  view.setUint32(4, 36 + samples * 2, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  text(36, 'data');
  view.setUint32(40, samples * 2, true);
  for (let i = 0; i < samples; i++) {
    const t = i / sampleRate;
    const frequency = t % 0.5 < 0.25 ? 480 : 620;
    view.setInt16(44 + i * 2, Math.round(Math.sin(2 * Math.PI * frequency * t) * 0.2 * 0x7fff), true);
  }
  return URL.createObjectURL(new Blob([buffer], { type: 'audio/wav' }));
}
