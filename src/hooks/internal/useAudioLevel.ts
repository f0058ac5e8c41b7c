/**
 * The loudness (0..1) of a stream's audio, sampled about ten times a second with a Web Audio
 * analyser; 0 without audio or without Web Audio (jsdom, old engines). Released on change and
 * unmount.
 */
import { useEffect, useState } from 'react';

/**
 * @example
 * const level = useAudioLevel(previewStream);
 */
export function useAudioLevel(stream: MediaStream | undefined): number {
  const [level, setLevel] = useState(0);
  useEffect(() => {
    const Context = (globalThis as { AudioContext?: typeof AudioContext }).AudioContext;
    if (!stream || !Context || stream.getAudioTracks().length === 0) {
      setLevel(0);
      return;
    }
    const context = new Context();
    void context.resume().catch(() => {});
    const source = context.createMediaStreamSource(stream);
    const analyser = context.createAnalyser();
    analyser.fftSize = 512;
    source.connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    const timer = setInterval(() => {
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const s of samples) sum += s * s;
      // RMS scaled so normal speech lands mid-scale.
      setLevel(Math.min(1, Math.sqrt(sum / samples.length) * 4));
    }, 100);
    return () => {
      clearInterval(timer);
      source.disconnect();
      void context.close().catch(() => {});
    };
  }, [stream]);
  return level;
}
