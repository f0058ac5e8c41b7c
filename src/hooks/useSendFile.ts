import { useCallback } from 'react';
import type { SendFileOptions, Transfer } from '../core/files/types.js';
import { useFiles } from './internal/files.js';

/**
 * What {@link useSendFile} returns: send a file, get its transfer (never throws).
 * @example
 * const send: UseSendFileResult = useSendFile();
 */
export type UseSendFileResult = <UserId extends string | number>(options: SendFileOptions<UserId>) => Transfer;

/**
 * Send files through the provider's client (`client.files.send`); the transfer also appears in
 * {@link useTransfers}.
 * @example
 * const send = useSendFile();
 * <input type="file" onChange={(e) => send({ toUserId: 2, file: e.target.files![0]! })} />
 */
export function useSendFile(): UseSendFileResult {
  const files = useFiles('useSendFile');
  return useCallback((options) => files.send(options), [files]);
}
