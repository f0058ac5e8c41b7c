/**
 * Options and limits of {@link registerFileRoutes}; docs/server.md ("File transfer limits")
 * lists every one with its default.
 */
import type { BaseContext } from '../types.js';
import type { FileStore } from './store.js';

/**
 * Options of `registerFileRoutes(server, options)`.
 * @example
 * registerFileRoutes(server, { store: '/var/lib/app/files', canSend: (ctx, to) => areFriends(ctx.userId, to), ttlMs: 86_400_000 });
 */
export interface FileRoutesOptions<UserId = string | number> {
  /** A directory for the embedded filesystem store, or your own {@link FileStore}. Default `<os.tmpdir()>/askless-react-files`. */
  store?: string | FileStore;
  /** May the logged-in user of `ctx` send files to `toUserId`? Default: any user to any other user. */
  canSend?: (ctx: BaseContext<UserId>, toUserId: UserId) => boolean | Promise<boolean>;
  /** Largest file accepted, in bytes (FILE_TOO_LARGE). Default 2 GiB. */
  maxFileBytes?: number;
  /** Bytes of a sender's open transfers the server may have to hold (FILE_QUOTA_EXCEEDED). Default 4 GiB. */
  maxStoredBytesPerUser?: number;
  /** A transfer (and its stored copy) is forgotten this long after its offer. Default 24 h. */
  ttlMs?: number;
  /** Open or remembered transfers per user, as sender or receiver (TOO_MANY_TRANSFERS). Default 100. */
  maxTransfersPerUser?: number;
  /** Transfers on the whole server (TOO_MANY_TRANSFERS). Default 10 000. */
  maxTransfers?: number;
  /** Largest chunk of one upload or download, in bytes (base64 makes it 4/3 larger on the wire). Default 512 KiB. */
  maxChunkBytes?: number;
  /**
   * Base64 characters of uploaded chunks kept in memory per relayed transfer until the online
   * receiver downloads them (chunks that do not fit are read back from the store). 0 turns it
   * off. Default 8 MiB.
   */
  relayMemoryBytes?: number;
  /** The same, for all transfers of the server together. 0 turns it off. Default 64 MiB. */
  maxRelayMemoryBytes?: number;
  /** How long a download waits for bytes not uploaded yet before answering empty. Default 3000 ms. */
  downloadWaitMs?: number;
  /** Longest file name, in characters (BAD_REQUEST). Default 255. */
  maxNameLength?: number;
  /** Largest `metadata`, as JSON characters (BAD_REQUEST). Default 4096. */
  maxMetadataBytes?: number;
  /** WebRTC signals per transfer (more answer BAD_REQUEST). Default 200. */
  maxSignalsPerTransfer?: number;
  /** Largest signal, as JSON characters (BAD_REQUEST). Default 16 384. */
  maxSignalBytes?: number;
  /** How often expired transfers are swept. Default 60 000 ms. */
  sweepIntervalMs?: number;
}

/**
 * The defaults of {@link FileRoutesOptions}.
 * @example
 * FILE_ROUTE_DEFAULTS.maxChunkBytes; // 524288
 */
export const FILE_ROUTE_DEFAULTS = {
  maxFileBytes: 2 * 1024 ** 3,
  maxStoredBytesPerUser: 4 * 1024 ** 3,
  ttlMs: 24 * 3600 * 1000,
  maxTransfersPerUser: 100,
  maxTransfers: 10_000,
  maxChunkBytes: 512 * 1024,
  downloadWaitMs: 3000,
  relayMemoryBytes: 8 * 1024 * 1024,
  maxRelayMemoryBytes: 64 * 1024 * 1024,
  maxNameLength: 255,
  maxMetadataBytes: 4096,
  maxSignalsPerTransfer: 200,
  maxSignalBytes: 16_384,
  sweepIntervalMs: 60_000,
} as const;

/** Options with defaults applied (the store resolved by the caller). */
export type ResolvedFileOptions<UserId> = { -readonly [K in keyof typeof FILE_ROUTE_DEFAULTS]: number } & {
  canSend: NonNullable<FileRoutesOptions<UserId>['canSend']>;
};

/**
 * Apply defaults; throws a TypeError naming a bad limit.
 * @example
 * const o = resolveFileOptions({ ttlMs: 60_000 });
 */
export function resolveFileOptions<UserId>(options: FileRoutesOptions<UserId>): ResolvedFileOptions<UserId> {
  const out = { ...FILE_ROUTE_DEFAULTS, canSend: options.canSend ?? (() => true) } as ResolvedFileOptions<UserId>;
  for (const key of Object.keys(FILE_ROUTE_DEFAULTS) as (keyof typeof FILE_ROUTE_DEFAULTS)[]) {
    const value = options[key];
    if (value === undefined) continue;
    const min = key === 'relayMemoryBytes' || key === 'maxRelayMemoryBytes' ? 0 : Number.MIN_VALUE;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
      throw new TypeError(`registerFileRoutes: ${key} must be a ${min === 0 ? 'non-negative' : 'positive'} number, got ${String(value)}`);
    }
    out[key] = value;
  }
  if (options.canSend !== undefined && typeof options.canSend !== 'function') throw new TypeError('registerFileRoutes: canSend must be a function');
  return out;
}
