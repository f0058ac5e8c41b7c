/**
 * Drives the server fuzz: many raw sockets, each optionally configured like a real client, then
 * firing generated frames until the shared budget is spent. A socket the server closes (after a
 * protocol violation, invalid UTF-8 or an oversize frame, or for any other reason) is replaced.
 */
import { createRng, type Rng } from './prng.js';
import { loadCorpus } from './fixture-corpus.js';
import { nextFuzzFrame, type FuzzCategory } from './fuzz-frames.js';
import { encodeFrame, Opcode, openRawWebSocket, type RawWebSocket } from './raw-socket.js';

/**
 * Options of {@link runFuzz}.
 * @example
 * await runFuzz({ port, seed: 1, frames: 1000, sockets: 4, maxPayloadBytes: 65536 });
 */
export interface FuzzOptions {
  port: number;
  seed: number;
  /** Total frames to send across all sockets. */
  frames: number;
  /** Sockets firing at the same time. */
  sockets: number;
  /** The server's `maxPayloadBytes`. */
  maxPayloadBytes: number;
  /** Called every `progressEvery` frames, e.g. to check the well-formed clients. */
  onProgress?: (sent: number) => Promise<void> | void;
  progressEvery?: number;
}

/**
 * What the fuzz run did.
 * @example
 * const { framesSent, byCategory } = await runFuzz(options);
 */
export interface FuzzReport {
  seed: number;
  framesSent: number;
  bytesSent: number;
  socketsOpened: number;
  socketsClosedByServer: number;
  /** Socket-killing frames after which the server kept waiting (we closed after 2 s). */
  closesNotObserved: number;
  byCategory: Partial<Record<FuzzCategory, number>>;
}

const configureFrame = (rng: Rng): Buffer =>
  encodeFrame({
    opcode: Opcode.text,
    payload: Buffer.from(JSON.stringify({
      clientRequestId: `REQ-_fzcfg${rng.int(1e9)}`,
      requestType: 'CONFIGURE_CONNECTION',
      _class_type_configureconnectionrequest: '_',
      // A few shared ids on purpose: two sockets on one client id is a known 2.0.3 failure (Q4).
      clientIdInternalApp: rng.chance(0.2) ? `shared${rng.int(3)}` : `fz${rng.int(1e12)}`,
      clientType: 'flutter',
    })),
  });

/**
 * Fire `frames` hostile frames at the server from `sockets` concurrent raw sockets.
 * @example
 * const report = await runFuzz({ port, seed: 1, frames: 50_000, sockets: 40, maxPayloadBytes: 262144 });
 */
export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const corpus = loadCorpus();
  const rng = createRng(options.seed);
  const report: FuzzReport = { seed: options.seed, framesSent: 0, bytesSent: 0, socketsOpened: 0, socketsClosedByServer: 0, closesNotObserved: 0, byCategory: {} };
  const progressEvery = options.progressEvery ?? 2_500;
  let nextProgress = progressEvery;
  let progress: Promise<void> = Promise.resolve();
  const open = new Set<RawWebSocket>();

  const worker = async (): Promise<void> => {
    let raw: RawWebSocket | undefined;
    while (report.framesSent < options.frames) {
      if (raw === undefined || !raw.isOpen()) {
        if (raw !== undefined) {
          report.socketsClosedByServer++;
          open.delete(raw);
        }
        raw = await openRawWebSocket(options.port);
        open.add(raw);
        report.socketsOpened++;
        if (rng.chance(0.7)) await raw.write(configureFrame(rng));
      }
      const frame = nextFuzzFrame(rng, { corpus, maxPayloadBytes: options.maxPayloadBytes });
      report.framesSent++;
      report.bytesSent += frame.bytes.length;
      report.byCategory[frame.category] = (report.byCategory[frame.category] ?? 0) + 1;
      const written = await raw.write(frame.bytes);
      if (frame.closes && written) {
        // The server should close now; do not wait forever if it chose to ignore the frame.
        await Promise.race([raw.closed, new Promise((r) => setTimeout(r, 2_000))]);
        if (raw.isOpen()) {
          // Incomplete garbage can leave the server waiting for the rest of a frame: fair.
          report.closesNotObserved++;
          raw.destroy();
          open.delete(raw);
          raw = undefined;
        }
      }
      if (report.framesSent >= nextProgress) {
        nextProgress += progressEvery;
        const sent = report.framesSent;
        progress = progress.then(() => options.onProgress?.(sent));
        await progress;
      }
    }
    if (raw !== undefined) open.delete(raw), raw.destroy();
  };

  try {
    await Promise.all(Array.from({ length: options.sockets }, () => worker()));
    await progress;
  } finally {
    for (const raw of open) raw.destroy();
  }
  return report;
}
