import { useEffect, useState, type CSSProperties } from 'react';
import type { Transfer, TransferState } from '../core/files/types.js';
import { useTransfer } from '../hooks/useTransfers.js';
import { formatBytes, formatDuration } from './fileFormat.js';

/**
 * Every visible string of {@link TransferProgress}; override any (e.g. to translate).
 * @example
 * <TransferProgress transfer={t} labels={{ cancel: 'Annuler', states: { completed: 'Terminé' } }} />
 */
export interface TransferProgressLabels {
  states: Record<TransferState, string>;
  cancel: string;
  /** The accessible name of the cancel button. */
  cancelFile: (name: string) => string;
  save: string;
  /** e.g. "1.5 MB of 10 MB". */
  amount: (done: string, total: string) => string;
  rate: (perSecond: string) => string;
  eta: (duration: string) => string;
}

const DEFAULT_LABELS: TransferProgressLabels = {
  states: {
    offered: 'Waiting for the receiver to accept',
    waiting: 'Stored until the receiver connects',
    accepted: 'Accepted',
    transferring: 'Transferring',
    verifying: 'Verifying',
    completed: 'Completed',
    rejected: 'Declined',
    canceled: 'Canceled',
    failed: 'Failed',
  },
  cancel: 'Cancel',
  cancelFile: (name) => `Cancel ${name}`,
  save: 'Save',
  amount: (done, total) => `${done} of ${total}`,
  rate: (perSecond) => `${perSecond}/s`,
  eta: (duration) => `${duration} left`,
};

/**
 * Props of {@link TransferProgress}.
 * @example
 * <TransferProgress transfer={transfer} className="upload" />
 */
export interface TransferProgressProps {
  transfer: Transfer;
  labels?: Partial<Omit<TransferProgressLabels, 'states'>> & { states?: Partial<Record<TransferState, string>> };
  className?: string;
  style?: CSSProperties;
}

const ENDED: readonly TransferState[] = ['completed', 'rejected', 'canceled', 'failed'];

/**
 * One transfer, either side: name, state, a progress bar, bytes, rate, ETA, a cancel button
 * while it runs, and (receiver, default sink) a Save link once completed. `data-state` is the
 * transfer's state, `data-path` its path.
 * @example
 * const transfers = useTransfers();
 * return transfers.map((t) => <TransferProgress key={t.id} transfer={t} />);
 */
export function TransferProgress({ transfer, labels, className, style }: TransferProgressProps) {
  const s = useTransfer(transfer);
  const l = { ...DEFAULT_LABELS, ...labels, states: { ...DEFAULT_LABELS.states, ...labels?.states } };
  const url = useObjectUrl(s.blob);
  const ended = ENDED.includes(s.state);
  const amount = l.amount(formatBytes(s.bytesTransferred), formatBytes(s.size));
  const details = [amount];
  if (!ended && s.bytesPerSecond > 0) details.push(l.rate(formatBytes(s.bytesPerSecond)));
  if (!ended && s.etaMs !== undefined && s.bytesPerSecond > 0) details.push(l.eta(formatDuration(s.etaMs)));
  return (
    <div
      role="group"
      aria-label={s.name}
      data-state={s.state}
      data-path={s.path}
      data-direction={s.direction}
      className={className}
      style={{ display: 'grid', gap: 4, padding: 8, borderRadius: 6, border: '1px solid var(--askless-file-border, #9ca3af)', font: 'var(--askless-font, inherit)', minWidth: 0, ...style }}
    >
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, alignItems: 'baseline', minWidth: 0 }}>
        <strong style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{s.name}</strong>
        <span>{l.states[s.state]}</span>
      </div>
      <div
        role="progressbar"
        aria-label={s.name}
        aria-valuemin={0}
        aria-valuemax={s.size}
        aria-valuenow={s.bytesTransferred}
        aria-valuetext={amount}
        style={{ height: 6, borderRadius: 3, background: 'var(--askless-file-track, #e5e7eb)', overflow: 'hidden' }}
      >
        <div style={{ height: '100%', width: `${s.size > 0 ? (100 * s.bytesTransferred) / s.size : ended ? 100 : 0}%`, background: 'var(--askless-file-bar, #1d4ed8)' }} />
      </div>
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, flexWrap: 'wrap', alignItems: 'center' }}>
        <span>{details.join(' · ')}</span>
        {!ended && (
          <button type="button" aria-label={l.cancelFile(s.name)} onClick={() => transfer.cancel()}>
            {l.cancel}
          </button>
        )}
        {url && (
          <a href={url} download={s.name}>
            {l.save}
          </a>
        )}
      </div>
      {s.error && s.state !== 'completed' && <span data-code={s.error.code}>{s.error.description}</span>}
    </div>
  );
}

/** An object URL for `blob`, revoked when it changes or on unmount. */
function useObjectUrl(blob: Blob | undefined): string | undefined {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    if (!blob) return setUrl(undefined);
    const next = URL.createObjectURL(blob);
    setUrl(next);
    return () => URL.revokeObjectURL(next);
  }, [blob]);
  return url;
}
