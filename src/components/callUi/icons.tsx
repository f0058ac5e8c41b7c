/**
 * Inline SVG icons (stroke icons on a 24×24 grid, drawn in `currentColor`): no icon font, no
 * emoji font (headless and many Linux browsers have none and would draw empty boxes). Every
 * icon is decorative (`aria-hidden`); the button or element around it carries the name.
 */
import type { ReactNode } from 'react';

/** Icon names of the call UI. */
export type CallIconName =
  | 'mic'
  | 'micOff'
  | 'camera'
  | 'cameraOff'
  | 'screen'
  | 'devices'
  | 'hold'
  | 'hangUp'
  | 'phone'
  | 'missed';

const PATHS: Record<CallIconName, ReactNode> = {
  mic: (
    <>
      <rect x="9" y="3" width="6" height="11" rx="3" />
      <path d="M5 11a7 7 0 0 0 14 0M12 18v3" />
    </>
  ),
  micOff: (
    <>
      <rect x="9" y="3" width="6" height="11" rx="3" />
      <path d="M5 11a7 7 0 0 0 14 0M12 18v3M4 4l16 16" />
    </>
  ),
  camera: (
    <>
      <rect x="3" y="6" width="13" height="12" rx="2" />
      <path d="M16 10l5-3v10l-5-3z" />
    </>
  ),
  cameraOff: (
    <>
      <rect x="3" y="6" width="13" height="12" rx="2" />
      <path d="M16 10l5-3v10l-5-3zM3 3l18 18" />
    </>
  ),
  screen: (
    <>
      <rect x="3" y="4" width="18" height="12" rx="2" />
      <path d="M8 20h8M12 16v4M12 7v6M9.5 9.5L12 7l2.5 2.5" />
    </>
  ),
  devices: (
    <>
      <circle cx="12" cy="12" r="3" />
      <path d="M12 2v3M12 19v3M2 12h3M19 12h3M4.9 4.9l2.1 2.1M17 17l2.1 2.1M4.9 19.1L7 17M17 7l2.1-2.1" />
    </>
  ),
  hold: <path d="M9 5v14M15 5v14" />,
  hangUp: <path d="M3 14c5-5 13-5 18 0l-2.5 2.5-3.5-1.5v-2.5a10 10 0 0 0-6 0V15l-3.5 1.5z" />,
  phone: <path d="M5 3h4l2 5-2.5 1.5a11 11 0 0 0 6 6L16 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 5a2 2 0 0 1 2-2z" />,
  missed: (
    <>
      <path d="M5 3h4l2 5-2.5 1.5a11 11 0 0 0 6 6L16 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 5a2 2 0 0 1 2-2z" />
      <path d="M15 3l6 6M21 3l-6 6" />
    </>
  ),
};

/**
 * One icon, `size` in CSS units (default `1.25em`).
 * @example
 * <CallIcon name="micOff" />
 */
export function CallIcon({ name, size = '1.25em' }: { name: CallIconName; size?: string }) {
  return (
    <svg aria-hidden="true" focusable="false" width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" style={{ display: 'block', flex: 'none' }}>
      {PATHS[name]}
    </svg>
  );
}
