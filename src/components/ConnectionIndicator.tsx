import type { CSSProperties, ReactNode } from 'react';
import type { ConnectionStatus, DisconnectionReason } from '../core/types.js';
import { useConnection } from '../hooks/useConnection.js';

/**
 * Text shown for each connection status; override any of them (e.g. to translate).
 * @example
 * <ConnectionIndicator labels={{ disconnected: 'Hors ligne' } satisfies Partial<ConnectionIndicatorLabels>} />
 */
export type ConnectionIndicatorLabels = Record<ConnectionStatus, string>;

const DEFAULT_LABELS: ConnectionIndicatorLabels = {
  connected: 'Connected',
  inProgress: 'Connecting…',
  disconnected: 'Offline',
};

// Colours are CSS variables so apps theme the dot without overriding our markup.
const DOT_COLOR: Record<ConnectionStatus, string> = {
  connected: 'var(--askless-connection-connected, #16a34a)',
  inProgress: 'var(--askless-connection-in-progress, #d97706)',
  disconnected: 'var(--askless-connection-disconnected, #dc2626)',
};

/**
 * Props of {@link ConnectionIndicatorView}: the status to show, no provider needed.
 * @example
 * <ConnectionIndicatorView status="disconnected" disconnectionReason="pongTimeout" className="badge" />
 */
export interface ConnectionIndicatorViewProps {
  status: ConnectionStatus;
  /** Shown (as `title` and for screen readers) while disconnected. */
  disconnectionReason?: DisconnectionReason | undefined;
  labels?: Partial<ConnectionIndicatorLabels>;
  className?: string;
  style?: CSSProperties;
  /** Replaces the label text (the dot stays). */
  children?: ReactNode;
}

/**
 * Props of {@link ConnectionIndicator}.
 * @example
 * <ConnectionIndicator className="badge" labels={{ inProgress: 'Reconnecting…' }} />
 */
export type ConnectionIndicatorProps = Omit<ConnectionIndicatorViewProps, 'status' | 'disconnectionReason'>;

/**
 * Presentational connection badge: a coloured dot and a label, `data-state` = the status.
 * @example
 * <ConnectionIndicatorView status="inProgress" />
 */
export function ConnectionIndicatorView({
  status,
  disconnectionReason,
  labels,
  className,
  style,
  children,
}: ConnectionIndicatorViewProps) {
  const label = labels?.[status] ?? DEFAULT_LABELS[status];
  // The reason is developer vocabulary (socketClosed, pongTimeout...): a tooltip, not the label.
  const title = status === 'disconnected' && disconnectionReason ? `${label} (${disconnectionReason})` : label;
  return (
    <span
      role="status"
      aria-live="polite"
      data-state={status}
      data-reason={status === 'disconnected' ? disconnectionReason : undefined}
      title={title}
      className={className}
      style={{
        display: 'inline-flex',
        alignItems: 'center',
        gap: '0.4em',
        font: 'var(--askless-font, inherit)',
        color: 'var(--askless-connection-text, inherit)',
        ...style,
      }}
    >
      <span
        aria-hidden="true"
        style={{
          width: '0.6em',
          height: '0.6em',
          borderRadius: '50%',
          background: DOT_COLOR[status],
          flex: 'none',
        }}
      />
      <span>{children ?? label}</span>
    </span>
  );
}

/**
 * The live connection status of the nearest `AsklessProvider`'s client, announced politely to
 * screen readers. Theme with `--askless-connection-connected|in-progress|disconnected`.
 * @example
 * <AsklessProvider serverUrl="ws://127.0.0.1:3000">
 *   <ConnectionIndicator labels={{ disconnected: 'No connection' }} />
 * </AsklessProvider>
 */
export function ConnectionIndicator(props: ConnectionIndicatorProps) {
  const { status, disconnectionReason } = useConnection();
  return <ConnectionIndicatorView {...props} status={status} disconnectionReason={disconnectionReason} />;
}
