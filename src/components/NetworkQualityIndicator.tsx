import type { CSSProperties } from 'react';
import type { CallQuality } from '../core/calls/manager-types.js';
import { useCallLabels, type CallLabelsOverrides } from './callUi/labels.js';
import { callTokens } from './callUi/theme.js';

/**
 * Props of {@link NetworkQualityIndicator}.
 * @example
 * <NetworkQualityIndicator quality={call.quality} />
 */
export interface NetworkQualityIndicatorProps {
  /** The call's quality (`call.quality`); `undefined` while it is being measured. */
  quality: CallQuality | undefined;
  /** Also show the label as text next to the bars. Default `false` (it is the accessible name and tooltip). */
  showLabel?: boolean;
  labels?: CallLabelsOverrides;
  className?: string;
  style?: CSSProperties;
}

const BARS: Record<CallQuality, number> = { good: 3, fair: 2, poor: 1, lost: 0 };
const COLOR: Record<CallQuality, string> = { good: callTokens.good, fair: callTokens.warning, poor: callTokens.danger, lost: callTokens.danger };

/**
 * Signal bars for a call's network quality (good 3, fair 2, poor 1, lost 0), named for screen
 * readers ("Good connection") with the same text as tooltip. `data-quality` is the quality or
 * `unknown`.
 * @example
 * const { call } = useCall();
 * <NetworkQualityIndicator quality={call?.quality} />
 */
export function NetworkQualityIndicator({ quality, showLabel = false, labels, className, style }: NetworkQualityIndicatorProps) {
  const text = useCallLabels(labels);
  const label = quality ? text.quality[quality] : text.qualityUnknown;
  const lit = quality ? BARS[quality] : 0;
  const color = quality ? COLOR[quality] : callTokens.muted;
  return (
    <span role="img" aria-label={label} title={label} data-quality={quality ?? 'unknown'} className={className} style={{ display: 'inline-flex', alignItems: 'center', gap: '0.35em', ...style }}>
      <svg aria-hidden="true" width="1.1em" height="1em" viewBox="0 0 22 20" style={{ display: 'block' }}>
        {[0, 1, 2].map((i) => (
          <rect key={i} x={i * 8} y={14 - i * 6} width="6" height={6 + i * 6} rx="1.5" fill={i < lit ? color : 'none'} stroke={color} strokeWidth="1.5" />
        ))}
      </svg>
      {showLabel && <span aria-hidden="true">{label}</span>}
    </span>
  );
}
