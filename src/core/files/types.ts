/**
 * Public types of file transfer (`client.files`).
 */
import type { AsklessError } from '../errors.js';
import type { FileUserId, TransferPath, TransferState } from './wire.js';

export type { FileUserId, TransferPath, TransferState } from './wire.js';

/**
 * What a transfer looks like right now; the same object until something changed.
 * @example
 * const { state, bytesTransferred, size, etaMs } = transfer.getSnapshot();
 */
export interface TransferSnapshot {
  readonly id: string;
  /** `send` on the sender's side, `receive` on the receiver's. */
  readonly direction: 'send' | 'receive';
  /** The other user. */
  readonly peerUserId: FileUserId;
  readonly name: string;
  readonly size: number;
  readonly type: string;
  readonly metadata: Record<string, unknown>;
  readonly state: TransferState;
  /** Sender: bytes the receiver (p2p) or the server (relay, stored) acknowledged. Receiver: bytes written to the sink. */
  readonly bytesTransferred: number;
  /** Over the last few seconds; 0 when idle. */
  readonly bytesPerSecond: number;
  /** Estimated time left, or undefined when unknown. */
  readonly etaMs: number | undefined;
  readonly path: TransferPath;
  readonly error: AsklessError | undefined;
  /** Receiver with the default sink: the file, once `completed`. */
  readonly blob?: Blob;
}

/**
 * One transfer, on either side.
 * @example
 * const transfer = client.files.send({ toUserId: 2, file });
 * transfer.subscribe(() => render(transfer.getSnapshot()));
 * const final = await transfer.done(); // state 'completed' once the receiver acknowledged the SHA-256
 */
export interface Transfer {
  readonly id: string;
  getSnapshot(): TransferSnapshot;
  /** Called after every snapshot change; returns unsubscribe. */
  subscribe(listener: () => void): () => void;
  /** Stop the transfer on both sides (no effect once it ended). */
  cancel(): void;
  /** Resolves with the final snapshot (`completed`, `rejected`, `canceled` or `failed`); never rejects. */
  done(): Promise<TransferSnapshot>;
}

/** In Node, bytes come as a Buffer or any async iterable of chunks (a Readable); both are also fine in browsers. */
export type FileSource = Blob | Uint8Array | AsyncIterable<Uint8Array>;

/**
 * Options of `client.files.send(...)`.
 * @example
 * client.files.send({ toUserId: 2, file: input.files[0], metadata: { chatId: 'c1' } });
 */
export interface SendFileOptions<UserId = FileUserId> {
  toUserId: UserId;
  /** A `Blob`/`File`; in Node also a `Buffer` or a readable stream (collected before sending: prefer `fs.openAsBlob(path)`). */
  file: FileSource;
  /** Defaults to the `File`'s name, else `"file"`. Shown to the receiver; never used as a path. */
  name?: string;
  /** MIME type; defaults to the Blob's. */
  type?: string;
  /** Small JSON data for the receiver (at most the server's `maxMetadataBytes`). */
  metadata?: Record<string, unknown>;
}

/**
 * Where received bytes go: a file path (Node), a Node `Writable`, a WHATWG `WritableStream`, or
 * any object with `write` (and optional `close` / `abort`). Bytes arrive in order, once each.
 */
export type FileSink =
  | string
  | { write(chunk: Uint8Array, callback?: (error?: Error | null) => void): unknown; end(callback?: () => void): unknown; once(event: string, listener: (...args: any[]) => void): unknown }
  | WritableStream<Uint8Array>
  | { write(chunk: Uint8Array): void | Promise<void>; close?(): void | Promise<void>; abort?(reason?: unknown): void | Promise<void> };

/**
 * Options of `offer.accept(...)`.
 * @example
 * offer.accept({ sink: path.join(os.tmpdir(), 'download.bin') });
 */
export interface AcceptFileOptions {
  /** Default: a `Blob`, handed over as `snapshot.blob` once completed. */
  sink?: FileSink;
}

/**
 * A file someone wants to send you.
 * @example
 * client.files.onOffer((offer) => (offer.size < 10e6 ? offer.accept() : offer.reject('too big')));
 */
export interface IncomingFileOffer<UserId = FileUserId> {
  readonly id: string;
  readonly fromUserId: UserId;
  readonly name: string;
  readonly size: number;
  readonly type: string;
  readonly metadata: Record<string, unknown>;
  /** Start receiving; returns the receiving transfer. */
  accept(options?: AcceptFileOptions): Transfer;
  reject(reason?: string): void;
}

/**
 * Client options of file transfer (`new AsklessClient({ files: {...} })`).
 * @example
 * new AsklessClient({ serverUrl, wrtc, files: { p2pTimeoutMs: 5000 } });
 */
export interface FileTransferOptions {
  /** Try peer to peer when both sides have WebRTC. Default `true`. */
  p2p?: boolean;
  /** Give up on peer to peer and relay through the server after this long. Default 10 000 ms. */
  p2pTimeoutMs?: number;
  /** Bytes per relayed chunk (base64 on the wire, so keep it well under the server's frame limit; capped by the server's `maxChunkBytes`). Default 256 KiB. */
  chunkBytes?: number;
  /** Relayed chunks in flight at once, each way. Default 4. */
  window?: number;
  /** ICE configuration of the peer connection. Default: no ICE servers (host candidates). */
  rtcConfiguration?: RTCConfiguration;
}

/** What observes the error type without importing the class (types only). */
export type TransferError = AsklessError;
