import type { CSSProperties } from 'react';
import type { AcceptFileOptions, IncomingFileOffer as FileOffer, Transfer } from '../core/files/types.js';
import { formatBytes } from './fileFormat.js';

/**
 * Every visible string of {@link IncomingFileOffer}.
 * @example
 * <IncomingFileOffer offer={offer} labels={{ accept: 'Accepter', reject: 'Refuser' }} />
 */
export interface IncomingFileOfferLabels {
  /** e.g. "User 2 wants to send you". */
  from: (sender: string) => string;
  accept: string;
  reject: string;
  /** The accessible name of the offer. */
  group: (name: string) => string;
  /** Accessible names of the buttons. */
  acceptFile: (name: string) => string;
  rejectFile: (name: string) => string;
}

const DEFAULT_LABELS: IncomingFileOfferLabels = {
  from: (sender) => `${sender} wants to send you`,
  group: (name) => `File offered: ${name}`,
  accept: 'Accept',
  reject: 'Decline',
  acceptFile: (name) => `Accept ${name}`,
  rejectFile: (name) => `Decline ${name}`,
};

/**
 * Props of {@link IncomingFileOffer}.
 * @example
 * <IncomingFileOffer offer={offer} senderName="Alice" onAccept={(t) => track(t)} />
 */
export interface IncomingFileOfferProps {
  offer: FileOffer<any>;
  /** Shown instead of `User <id>`. */
  senderName?: string;
  /** Passed to `offer.accept` (e.g. a sink). */
  acceptOptions?: AcceptFileOptions;
  onAccept?: (transfer: Transfer) => void;
  onReject?: () => void;
  labels?: Partial<IncomingFileOfferLabels>;
  className?: string;
  style?: CSSProperties;
}

/**
 * A file someone wants to send: who, what, how big, with Accept and Decline buttons.
 * @example
 * const offers = useIncomingFileOffers();
 * return offers.map((offer) => <IncomingFileOffer key={offer.id} offer={offer} />);
 */
export function IncomingFileOffer({ offer, senderName, acceptOptions, onAccept, onReject, labels, className, style }: IncomingFileOfferProps) {
  const l = { ...DEFAULT_LABELS, ...labels };
  return (
    <div
      role="group"
      aria-label={l.group(offer.name)}
      data-state="offered"
      className={className}
      style={{ display: 'grid', gap: 6, padding: 8, borderRadius: 6, border: '1px solid var(--askless-file-border, #9ca3af)', font: 'var(--askless-font, inherit)', minWidth: 0, ...style }}
    >
      <p style={{ margin: 0, overflowWrap: 'anywhere' }}>
        {l.from(senderName ?? `User ${String(offer.fromUserId)}`)} <strong>{offer.name}</strong> ({formatBytes(offer.size)})
      </p>
      <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
        <button
          type="button"
          aria-label={l.acceptFile(offer.name)}
          onClick={() => {
            // Accept first: `onAccept?.(offer.accept())` would skip the accept without an onAccept.
            const transfer = offer.accept(acceptOptions);
            onAccept?.(transfer);
          }}
        >
          {l.accept}
        </button>
        <button
          type="button"
          aria-label={l.rejectFile(offer.name)}
          onClick={() => {
            offer.reject();
            onReject?.();
          }}
        >
          {l.reject}
        </button>
      </div>
    </div>
  );
}
