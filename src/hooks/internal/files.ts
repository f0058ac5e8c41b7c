/**
 * The file-transfer part of a provider's client, as the hooks use it (the real client's
 * `client.files`; a fake in stories and unit tests), and the lookup every file hook shares.
 */
import { AsklessError, ClientErrorCode } from '../../core/errors.js';
import type { IncomingFileOffer, SendFileOptions, Transfer } from '../../core/files/types.js';
import { useAsklessContext } from './context.js';
import { enableEarlyFiles } from '../../core/files/early.js';

// Every file hook goes through this module: see callManager.ts.
enableEarlyFiles();

/**
 * What the file hooks call on `client.files`.
 * @example
 * const files: FilesLike = client.files;
 */
export interface FilesLike {
  send(options: SendFileOptions<any>): Transfer;
  getTransfers(): readonly Transfer[];
  subscribeTransfers(listener: () => void): () => void;
  getOffers(): readonly IncomingFileOffer<any>[];
  subscribeOffers(listener: () => void): () => void;
}

/**
 * A client that can transfer files (the real `AsklessClient` is one).
 * @example
 * const client: FileCapableClient = new AsklessClient({ serverUrl });
 */
export interface FileCapableClient {
  readonly files: FilesLike;
}

/**
 * `client.files` of the provider, or a clear error naming the hook.
 * @example
 * const files = useFiles('useTransfers');
 */
export function useFiles(hookName: string): FilesLike {
  const { client } = useAsklessContext(hookName);
  const files = (client as Partial<FileCapableClient>).files;
  if (!files) throw new AsklessError(ClientErrorCode.INVALID_ARGUMENT, `${hookName}() needs a client with file transfer (client.files): pass an AsklessClient to <AsklessProvider>.`);
  return files;
}
