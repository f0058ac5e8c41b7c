import { useEffect, useState, type CSSProperties } from 'react';
import { useCallLabels, type CallLabelsOverrides } from './callUi/labels.js';

/**
 * Props of {@link CallTimer}.
 * @example
 * <CallTimer since={call.connectedAt} />
 */
export interface CallTimerProps {
  /** When the call connected (ms since the epoch, `call.connectedAt`); nothing shows while undefined. */
  since: number | undefined;
  /** Stop counting (e.g. once ended) at this time. */
  until?: number;
  labels?: CallLabelsOverrides;
  className?: string;
  style?: CSSProperties;
}

/**
 * `m:ss` (or `h:mm:ss`).
 * @example
 * formatDuration(75_000); // '1:15'
 */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/**
 * The call's duration as a `<time>` that ticks every second, in a `role="timer"` (which is not
 * announced on every tick: a timer that spoke every second would drown everything else).
 * @example
 * <CallTimer since={call.connectedAt} />
 */
export function CallTimer({ since, until, labels, className, style }: CallTimerProps) {
  const text = useCallLabels(labels);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (since === undefined || until !== undefined) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [since, until]);
  if (since === undefined) return null;
  const elapsed = (until ?? now) - since;
  const shown = formatDuration(elapsed);
  return (
    <span role="timer" aria-label={text.duration(shown)} data-part="timer" className={className} style={{ fontVariantNumeric: 'tabular-nums', ...style }}>
      <time dateTime={`PT${Math.max(0, Math.floor(elapsed / 1000))}S`}>{shown}</time>
    </span>
  );
}
