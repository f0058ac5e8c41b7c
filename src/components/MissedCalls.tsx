import { useEffect, useId, useRef, useState, type CSSProperties } from 'react';
import type { MissedCall } from '../core/calls/manager-types.js';
import { useCallLabels, type CallLabelsOverrides } from './callUi/labels.js';
import { CallIcon } from './callUi/icons.js';
import { callTokens, themeRoot, type CallTheme } from './callUi/theme.js';

/**
 * Props of {@link MissedCalls}.
 * @example
 * const { missedCalls } = useCalls();
 * <MissedCalls missedCalls={missedCalls} onCallBack={(m) => client.calls.call({ userId: m.remoteUserId })} />
 */
export interface MissedCallsProps {
  /** The missed calls, oldest first (`useCalls().missedCalls`). */
  missedCalls: readonly MissedCall[];
  /** `badge` (default): a button with the count that opens the list. `list`: the list itself. */
  variant?: 'badge' | 'list';
  /** Display name of a caller (rendered as text). Default: `additionalData.callerName` when a string, else the user id. */
  callerName?: (missed: MissedCall) => string;
  /** Offer "Call back" for each entry. */
  onCallBack?: (missed: MissedCall) => void;
  /** Offer "Clear" (e.g. `client.calls.clearMissedCalls()`). */
  onClear?: () => void;
  labels?: CallLabelsOverrides;
  theme?: CallTheme;
  className?: string;
  style?: CSSProperties;
}

function defaultName(missed: MissedCall): string {
  const name = missed.additionalData.callerName;
  return typeof name === 'string' && name.trim() ? name : String(missed.remoteUserId);
}

const linkButton: CSSProperties = { font: 'inherit', borderWidth: '1px', borderStyle: 'solid', borderColor: callTokens.border, background: callTokens.bg, color: callTokens.fg, borderRadius: '999px', padding: '0.2em 0.7em', cursor: 'pointer' };

/**
 * Missed calls as a quiet badge or list, never a blocking overlay: who called and when, with
 * "Call back" and "Clear". The badge is a disclosure button (`aria-expanded`) with the count in
 * its name; `data-count` is the number of missed calls.
 * @example
 * <MissedCalls missedCalls={useCalls().missedCalls} variant="badge" onClear={() => client.calls.clearMissedCalls()} />
 */
export function MissedCalls({ missedCalls, variant = 'badge', callerName = defaultName, onCallBack, onClear, labels, theme, className, style }: MissedCallsProps) {
  const text = useCallLabels(labels);
  const listId = useId();
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const count = missedCalls.length;
  // A disclosure popover: Escape and a click elsewhere close it, so it never covers the page.
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && setOpen(false);
    const onPointer = (event: PointerEvent) => !rootRef.current?.contains(event.target as Node) && setOpen(false);
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, [open]);
  const clear = onClear && (() => {
    onClear();
    setOpen(false);
  });
  const list = (
    <div id={listId} data-part="list" style={{ display: 'grid', gap: '0.4em', minWidth: 0 }}>
      {count === 0 ? (
        <p style={{ margin: 0, color: callTokens.muted }}>{text.noMissedCalls}</p>
      ) : (
        <ul aria-label={text.missedCalls} style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: '0.35em' }}>
          {[...missedCalls].reverse().map((missed) => {
            const name = callerName(missed);
            const time = new Date(missed.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
            return (
              <li key={missed.id} data-reason={missed.reason} style={{ display: 'flex', alignItems: 'center', gap: '0.5em', flexWrap: 'wrap', minWidth: 0 }}>
                <span style={{ color: callTokens.danger }}>
                  <CallIcon name="missed" size="1em" />
                </span>
                <span style={{ overflowWrap: 'anywhere', minWidth: 0, flex: '1 1 8em' }}>{text.missedCallFrom(name, time)}</span>
                {onCallBack && (
                  <button type="button" style={linkButton} aria-label={text.callBack(name)} onClick={() => onCallBack(missed)}>
                    <CallIcon name="phone" size="1em" />
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {clear && count > 0 && (
        <button type="button" style={{ ...linkButton, justifySelf: 'start' }} onClick={clear}>
          {text.clear}
        </button>
      )}
    </div>
  );
  if (variant === 'list') {
    return (
      <section aria-label={text.missedCalls} data-count={count} className={className} style={{ ...themeRoot(theme), ...style }}>
        {list}
      </section>
    );
  }
  return (
    <div ref={rootRef} data-count={count} className={className} style={{ ...themeRoot(theme), position: 'relative', display: 'inline-block', ...style }}>
      <button
        type="button"
        aria-expanded={open}
        aria-controls={open ? listId : undefined}
        onClick={() => setOpen((o) => !o)}
        style={{ ...linkButton, display: 'inline-flex', alignItems: 'center', gap: '0.4em', ...(count > 0 ? { borderColor: callTokens.danger } : {}) }}
      >
        <span style={{ color: count > 0 ? callTokens.danger : callTokens.muted }}>
          <CallIcon name="missed" size="1em" />
        </span>
        {count > 0 ? text.missedCallsCount(count) : text.noMissedCalls}
      </button>
      {open && (
        <div style={{ position: 'absolute', top: 'calc(100% + 0.3em)', right: 0, zIndex: 20, width: 'min(18em, 90vw)', padding: '0.6em', borderRadius: '10px', background: callTokens.bg, border: `1px solid ${callTokens.border}`, boxShadow: '0 4px 16px rgba(0, 0, 0, 0.2)' }}>
          {list}
        </div>
      )}
    </div>
  );
}
