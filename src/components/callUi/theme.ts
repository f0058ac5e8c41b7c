/**
 * The call UI's colours as CSS variables with light and dark defaults. An app themes the UI by
 * setting the variables (any CSS), and picks light or dark through the standard `color-scheme`
 * (each component's `theme` prop sets it; otherwise the page's scheme applies). Plain inline
 * `var()` references: no stylesheet to load, no CSS-in-JS runtime. Every default pair meets
 * WCAG AA (4.5:1) for the text drawn on it.
 */
import type { CSSProperties } from 'react';

/** `light`, `dark`, or `system` (the page's or the user's preference). */
export type CallTheme = 'light' | 'dark' | 'system';

const v = (name: string, light: string, dark: string) => `var(--askless-call-${name}, light-dark(${light}, ${dark}))`;

/**
 * The tokens, as `var(--askless-call-*, light-dark(…))` strings for inline styles.
 * @example
 * <div style={{ background: callTokens.bg, color: callTokens.fg }} />
 */
export const callTokens = {
  bg: v('bg', '#ffffff', '#111827'),
  fg: v('fg', '#111827', '#f9fafb'),
  surface: v('surface', '#f3f4f6', '#1f2937'),
  muted: v('muted', '#4b5563', '#d1d5db'),
  border: v('border', '#d1d5db', '#4b5563'),
  buttonBg: v('button-bg', '#e5e7eb', '#374151'),
  buttonFg: v('button-fg', '#111827', '#f9fafb'),
  /** A toggle that is off (microphone muted, camera off). */
  offBg: v('off-bg', '#fee2e2', '#fecaca'),
  offFg: v('off-fg', '#7f1d1d', '#7f1d1d'),
  /** A toggle that is on where "on" is the unusual state (sharing, on hold). */
  activeBg: v('active-bg', '#1d4ed8', '#bfdbfe'),
  activeFg: v('active-fg', '#ffffff', '#1e3a8a'),
  danger: v('danger', '#b91c1c', '#b91c1c'),
  accept: v('accept', '#15803d', '#15803d'),
  onSolid: v('on-solid', '#ffffff', '#ffffff'),
  accent: v('accent', '#1d4ed8', '#93c5fd'),
  warning: v('warning', '#92400e', '#fcd34d'),
  good: v('good', '#15803d', '#4ade80'),
  /** Video tiles stay dark in both schemes (video is watched on dark). */
  tileBg: 'var(--askless-call-tile-bg, #1f2937)',
  tileFg: 'var(--askless-call-tile-fg, #f9fafb)',
  captionBg: 'var(--askless-call-caption-bg, rgba(0, 0, 0, 0.7))',
  font: 'var(--askless-call-font, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif)',
  radius: 'var(--askless-call-radius, 12px)',
} as const;

/**
 * The root style of a themed component: its colour scheme, font and base colours.
 * @example
 * <section style={{ ...themeRoot('dark'), padding: 8 }} />
 */
export function themeRoot(theme: CallTheme | undefined): CSSProperties {
  return {
    ...(theme && theme !== 'system' ? { colorScheme: theme } : theme === 'system' ? { colorScheme: 'light dark' } : {}),
    fontFamily: callTokens.font,
    color: callTokens.fg,
  };
}
