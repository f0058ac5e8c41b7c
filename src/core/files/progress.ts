/**
 * Progress of a transfer: the byte count, the rate over the last seconds and the ETA. Lives in
 * the lazily loaded chunk; the eager {@link TransferHandle} only stores the samples.
 */
import type { TransferHandle } from './transfer.js';

/** Rate samples older than this are dropped. */
const RATE_WINDOW_MS = 2000;

/**
 * Record a new byte count on `handle`.
 * @example
 * progress(handle, 65536);
 */
export function progress(handle: TransferHandle, bytesTransferred: number, now = Date.now()): void {
  const samples = handle.samples;
  samples.push([now, bytesTransferred]);
  while (samples.length > 2 && now - samples[0]![0] > RATE_WINDOW_MS) samples.shift();
  const [t0, b0] = samples[0]!;
  const dt = now - t0;
  const previous = handle.getSnapshot();
  const bytesPerSecond = dt > 0 ? Math.max(0, Math.round(((bytesTransferred - b0) * 1000) / dt)) : previous.bytesPerSecond;
  const left = previous.size - bytesTransferred;
  const etaMs = left <= 0 ? 0 : bytesPerSecond > 0 ? Math.round((left * 1000) / bytesPerSecond) : undefined;
  handle.update({ bytesTransferred, bytesPerSecond, etaMs });
}
