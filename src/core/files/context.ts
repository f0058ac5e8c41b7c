/**
 * What the transfer engines need from the client, and small helpers they share: reading a
 * slice of the file, hashing it, classifying errors, waiting before a retry.
 */
import { createSHA256 } from 'hash-wasm';
import { AsklessError, ClientErrorCode } from '../errors.js';
import type { PeerConnectionConstructor } from './p2p.js';
import type { FileSource } from './types.js';
import { FileErrorCode } from './wire.js';

/** A request's outcome as the engines see it. */
export interface FileReply {
  ok: boolean;
  output?: unknown;
  error?: AsklessError;
}

/**
 * The client as the engines use it (create.ts builds it from an AsklessClient).
 * @example
 * const reply = await ctx.create(FileRoute.cancel, { id });
 */
export interface EngineContext {
  create(route: string, body: Record<string, unknown>): Promise<FileReply>;
  read(route: string, params: Record<string, unknown>): Promise<FileReply>;
  /** LISTEN `route`; values in order; returns stop. */
  listen(route: string, onValue: (value: unknown) => void): () => void;
  userId(): string | number | undefined;
  /** Undefined when peer to peer is off or no WebRTC implementation exists. */
  Impl: PeerConnectionConstructor | undefined;
  p2pTimeoutMs: number;
  chunkBytes: number;
  window: number;
  rtcConfiguration: RTCConfiguration;
  log(message: string): void;
}

/** Bytes per data-channel message: 64 KiB passes every browser's and wrtc's SCTP limit. */
export const P2P_CHUNK_BYTES = 64 * 1024;

/**
 * Errors after which retrying cannot help: the transfer ended, is not ours, or was refused.
 * @example
 * if (isFinal(reply.error)) return;
 */
export function isFinal(error: AsklessError | undefined): boolean {
  const code = error?.code;
  return code !== ClientErrorCode.NO_CONNECTION && code !== ClientErrorCode.TIMEOUT && code !== ClientErrorCode.OUTCOME_UNKNOWN && code !== 'PENDING_AUTHENTICATION';
}

/**
 * Wait before a retry (grows with `attempt`, at most 5 s).
 * @example
 * await backoff(attempt++);
 */
export const backoff = (attempt: number): Promise<void> => new Promise((r) => setTimeout(r, Math.min(5000, 250 * 2 ** Math.min(attempt, 5))));

/**
 * Bytes `[offset, offset + length)` of a Blob.
 * @example
 * const bytes = await sliceOf(file, 0, 65536);
 */
export async function sliceOf(blob: Blob, offset: number, length: number): Promise<Uint8Array> {
  return new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer());
}

/** An incremental SHA-256 (lowercase hex digest). */
export interface Sha256 {
  update(bytes: Uint8Array): void;
  digest(): string;
}

type NodeCrypto = { createHash(algorithm: 'sha256'): { update(bytes: Uint8Array): unknown; digest(encoding: 'hex'): string } };
let nodeCrypto: Promise<NodeCrypto | undefined> | undefined;

/**
 * A SHA-256 hasher: Node's own where there is one (about 5× faster than hash-wasm there, and
 * both ends of a transfer hash every byte), hash-wasm elsewhere.
 * @example
 * const h = await createSha256(); h.update(bytes); h.digest();
 */
export async function createSha256(): Promise<Sha256> {
  const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';
  // The specifier is built so browser bundlers leave it alone.
  nodeCrypto ??= isNode ? import(/* @vite-ignore */ ['node', 'crypto'].join(':')).then((m: NodeCrypto) => m, () => undefined) : Promise.resolve(undefined);
  const crypto = await nodeCrypto;
  if (crypto) {
    const hash = crypto.createHash('sha256');
    return { update: (bytes) => void hash.update(bytes), digest: () => hash.digest('hex') };
  }
  const hasher = await createSHA256();
  hasher.init();
  return { update: (bytes) => void hasher.update(bytes), digest: () => hasher.digest('hex') };
}

/**
 * The lowercase hex SHA-256 of a Blob, read 1 MiB at a time.
 * @example
 * const sha = await sha256OfBlob(file);
 */
export async function sha256OfBlob(blob: Blob): Promise<string> {
  const hasher = await createSha256();
  const step = 1024 * 1024;
  for (let offset = 0; offset < blob.size; offset += step) hasher.update(await sliceOf(blob, offset, step));
  return hasher.digest();
}

/**
 * Any accepted file source as a Blob (a stream is collected first: a Blob can be re-read to resume).
 * @example
 * const blob = await toBlob(fs.createReadStream(path));
 */
export async function toBlob(file: FileSource, type: string): Promise<Blob> {
  if (file instanceof Blob) return file;
  if (file instanceof Uint8Array) return new Blob([file as BlobPart], { type });
  const parts: BlobPart[] = [];
  for await (const chunk of file) parts.push(chunk as BlobPart);
  return new Blob(parts, { type });
}

/**
 * An AsklessError from a wire record's `error`, or a client-side code.
 * @example
 * handle.update({ state: 'failed', error: fileError(FileErrorCode.FILE_IO, 'disk full') });
 */
export const fileError = (code: string, description: string): AsklessError => new AsklessError(code, description);

export { FileErrorCode };
