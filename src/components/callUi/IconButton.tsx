/**
 * A round icon button with a constant accessible name and a tooltip (shown on hover and on
 * keyboard focus, hidden by Escape, as WCAG 1.4.13 asks) that says what a click does.
 */
import { useId, useState, type CSSProperties } from 'react';
import { CallIcon, type CallIconName } from './icons.js';
import { callTokens } from './theme.js';

/** Props of {@link IconButton}. */
export interface IconButtonProps {
  /** Accessible name; stays the same whatever the state (the state is `aria-pressed`). */
  name: string;
  /** What a click does now ("Mute microphone"); shown as the tooltip. Default: `name`. */
  tooltip?: string;
  icon: CallIconName;
  /** A toggle: `true`/`false` become `aria-pressed`; `undefined` is a plain button. */
  pressed?: boolean;
  /** Colours: `neutral`, `off` (a muted toggle), `active` (sharing, on hold), `danger`, `accept`. */
  tone?: 'neutral' | 'off' | 'active' | 'danger' | 'accept';
  disabled?: boolean;
  onClick?: () => void;
  /** Marks the button for styling and tests (`data-action`). */
  action?: string;
  /** `aria-expanded` for a button that opens a panel. */
  expanded?: boolean;
  controls?: string;
}

const TONES: Record<NonNullable<IconButtonProps['tone']>, CSSProperties> = {
  neutral: { background: callTokens.buttonBg, color: callTokens.buttonFg },
  off: { background: callTokens.offBg, color: callTokens.offFg },
  active: { background: callTokens.activeBg, color: callTokens.activeFg },
  danger: { background: callTokens.danger, color: callTokens.onSolid },
  accept: { background: callTokens.accept, color: callTokens.onSolid },
};

const buttonStyle: CSSProperties = {
  display: 'inline-grid',
  placeItems: 'center',
  width: '2.75em',
  height: '2.75em',
  padding: 0,
  border: 'none',
  borderRadius: '999px',
  cursor: 'pointer',
  font: 'inherit',
};
const tooltipStyle: CSSProperties = {
  position: 'absolute',
  bottom: 'calc(100% + 0.4em)',
  left: '50%',
  transform: 'translateX(-50%)',
  whiteSpace: 'nowrap',
  padding: '0.25em 0.5em',
  borderRadius: '6px',
  fontSize: '0.8em',
  background: callTokens.fg,
  color: callTokens.bg,
  pointerEvents: 'none',
  zIndex: 1,
};

/**
 * @example
 * <IconButton name="Microphone" tooltip="Mute microphone" icon="mic" pressed onClick={toggle} />
 */
export function IconButton({ name, tooltip, icon, pressed, tone = 'neutral', disabled, onClick, action, expanded, controls }: IconButtonProps) {
  const tipId = useId();
  const [hover, setHover] = useState(false);
  const [focus, setFocus] = useState(false);
  const [dismissed, setDismissed] = useState(false);
  const open = (hover || focus) && !dismissed;
  return (
    <span style={{ position: 'relative', display: 'inline-block' }} onMouseEnter={() => setHover(true)} onMouseLeave={() => { setHover(false); setDismissed(false); }}>
      <button
        type="button"
        aria-label={name}
        aria-pressed={pressed}
        aria-describedby={tipId}
        aria-expanded={expanded}
        aria-controls={controls}
        data-action={action}
        data-state={pressed === undefined ? undefined : pressed ? 'on' : 'off'}
        disabled={disabled}
        onClick={onClick}
        onFocus={() => setFocus(true)}
        onBlur={() => { setFocus(false); setDismissed(false); }}
        onKeyDown={(event) => {
          // Escape hides the tooltip only; it must not also close a dialog around us.
          if (event.key === 'Escape' && open) {
            event.stopPropagation();
            setDismissed(true);
          }
        }}
        style={{ ...buttonStyle, ...TONES[tone], ...(disabled ? { opacity: 0.55, cursor: 'default' } : {}) }}
      >
        <CallIcon name={icon} />
      </button>
      {/* Always in the DOM (it describes the button); only visible while hovered or focused. */}
      <span role="tooltip" id={tipId} style={{ ...tooltipStyle, visibility: open ? 'visible' : 'hidden' }}>
        {tooltip ?? name}
      </span>
    </span>
  );
}
