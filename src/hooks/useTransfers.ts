import { useSyncExternalStore } from 'react';
import type { Transfer, TransferSnapshot } from '../core/files/types.js';
import { useFiles } from './internal/files.js';

/**
 * Every transfer of the provider's client, both directions, oldest first (the same array until
 * one is added). Read each one's progress with {@link useTransfer}.
 * @example
 * const transfers = useTransfers();
 * return transfers.map((t) => <TransferProgress key={t.id} transfer={t} />);
 */
export function useTransfers(): readonly Transfer[] {
  const files = useFiles('useTransfers');
  return useSyncExternalStore(
    (listener) => files.subscribeTransfers(listener),
    () => files.getTransfers(),
    () => files.getTransfers(),
  );
}

/**
 * One transfer's snapshot, re-rendering on each change (state, bytes, rate, ETA).
 * @example
 * const { state, bytesTransferred, size } = useTransfer(transfer);
 */
export function useTransfer(transfer: Transfer): TransferSnapshot {
  return useSyncExternalStore(transfer.subscribe, transfer.getSnapshot, transfer.getSnapshot);
}
