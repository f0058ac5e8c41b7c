/**
 * The lazily imported half of `client.files` (see lazy.ts): builds the FileService of a client
 * over its ordinary READ / CREATE / LISTEN, so the transfer engines and hash-wasm stay out of
 * the core bundle until the first file-related call.
 */
import { createLogger } from '../logger.js';
import type { AsklessResponse, AsklessStream, ModifyOptions, ReadStreamOptions, RequestOptions } from '../types.js';
import type { EngineContext } from './context.js';
import { peerConnectionOf } from './p2p.js';
import { FileService } from './service.js';
import type { FileTransferOptions } from './types.js';

/** The part of AsklessClient used here (structural, to avoid an import cycle). */
export interface FileCapableCore {
  create(options: ModifyOptions): Promise<AsklessResponse<unknown>>;
  read(options: RequestOptions): Promise<AsklessResponse<unknown>>;
  readStream(options: ReadStreamOptions): AsklessStream<unknown>;
  readonly userId: unknown;
  readonly options: { readonly wrtc: unknown; readonly debugLogs: boolean; readonly logger: ((line: string) => void) | undefined };
}

const positive = (v: unknown, fallback: number): number => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : fallback);

/**
 * The file service of `client`.
 * @example
 * const files = (await import('./create.js')).createFileService(client, { p2pTimeoutMs: 5000 });
 */
export function createFileService(client: FileCapableCore, options: FileTransferOptions = {}): FileService {
  const logger = createLogger(client.options.debugLogs, client.options.logger);
  const reply = (res: AsklessResponse<unknown>) => ({ ok: res.success, output: res.output, ...(res.error ? { error: res.error } : {}) });
  const ctx: EngineContext = {
    create: async (route, body) => reply(await client.create({ route, body, params: null })),
    read: async (route, params) => reply(await client.read({ route, params })),
    listen: (route, onValue) => client.readStream({ route, persevere: true }).subscribe(onValue, () => undefined),
    userId: () => {
      const id = client.userId;
      return typeof id === 'string' || typeof id === 'number' ? id : undefined;
    },
    Impl: options.p2p === false ? undefined : peerConnectionOf(client.options.wrtc),
    p2pTimeoutMs: positive(options.p2pTimeoutMs, 10_000),
    // Every relayed chunk costs about 1 ms of CPU beside its bytes (frames, confirms, replay
    // entries): 256 KiB carry 16 MB with ~10 % less CPU than 128 KiB. 512 KiB saves another ~10 %
    // but about doubles the server's RSS growth and what a dropped connection re-sends
    // (docs/files.md). As base64, 256 KiB is ~342 KiB: far inside the server's 1 MiB frame limit.
    chunkBytes: Math.min(positive(options.chunkBytes, 256 * 1024), 512 * 1024),
    window: Math.max(1, Math.floor(positive(options.window, 4))),
    rtcConfiguration: options.rtcConfiguration ?? {},
    log: (message) => logger.log('files', message),
  };
  return new FileService(ctx);
}
