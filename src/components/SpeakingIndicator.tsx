import type { CSSProperties } from 'react';
import { useCallLabels, type CallLabelsOverrides } from './callUi/labels.js';
import { callTokens } from './callUi/theme.js';

/**
 * Props of {@link SpeakingIndicator}.
 * @example
 * <SpeakingIndicator speaking={call.isRemoteSpeaking} level={call.remoteAudioLevel} />
 */
export interface SpeakingIndicatorProps {
  /** Whether the person is speaking now (`call.isSpeaking` / `call.isRemoteSpeaking`). */
  speaking: boolean;
  /** 0..1 audio level (`call.audioLevel` / `call.remoteAudioLevel`); scales the bars. */
  level?: number;
  labels?: CallLabelsOverrides;
  className?: string;
  style?: CSSProperties;
}

/**
 * Three bars that rise with the voice while someone speaks, flat otherwise. Named "Speaking"
 * only while speaking (hidden from screen readers when silent, so nothing is announced for
 * silence). `data-speaking` is `true` or `false`.
 * @example
 * <SpeakingIndicator speaking={call.isSpeaking} level={call.audioLevel} />
 */
export function SpeakingIndicator({ speaking, level = 0, labels, className, style }: SpeakingIndicatorProps) {
  const text = useCallLabels(labels);
  const loud = Math.max(0, Math.min(1, Number.isFinite(level) ? level : 0));
  const heights = speaking ? [0.45 + loud * 0.3, 0.6 + loud * 0.4, 0.45 + loud * 0.3] : [0.2, 0.2, 0.2];
  return (
    <span
      role={speaking ? 'img' : undefined}
      aria-label={speaking ? text.speaking : undefined}
      aria-hidden={speaking ? undefined : true}
      title={speaking ? text.speaking : undefined}
      data-speaking={speaking}
      className={className}
      style={{ display: 'inline-flex', alignItems: 'center', gap: '0.12em', height: '1em', color: speaking ? callTokens.good : callTokens.muted, ...style }}
    >
      {heights.map((h, i) => (
        <span key={i} style={{ width: '0.2em', height: `${Math.round(h * 100)}%`, borderRadius: '0.1em', background: 'currentColor', transition: 'height 90ms linear' }} />
      ))}
    </span>
  );
}
