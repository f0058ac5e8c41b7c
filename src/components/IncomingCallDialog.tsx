import { useEffect, useId, useRef, useState, type CSSProperties, type KeyboardEvent } from 'react';
import { useIncomingCall } from '../hooks/useIncomingCall.js';
import type { AcceptIncomingCallOptions, CallAttemptResult, IncomingCallInfo } from '../hooks/internal/callsTypes.js';

/**
 * Texts of the dialog; override any of them (e.g. to translate).
 * @example
 * <IncomingCallDialog labels={{ title: 'Appel entrant', isCalling: (name) => `${name} vous appelle` }} />
 */
export interface IncomingCallDialogLabels {
  title: string;
  accept: string;
  reject: string;
  /** Sentence under the title; receives the caller's display name. */
  isCalling: (callerName: string) => string;
}

const DEFAULT_LABELS: IncomingCallDialogLabels = {
  title: 'Incoming call',
  accept: 'Accept',
  reject: 'Reject',
  isCalling: (name) => `${name} is calling`,
};

/**
 * Props of {@link IncomingCallDialog}.
 * @example
 * <IncomingCallDialog callerName={(call) => names[call.remoteUserId] ?? 'Someone'} />
 */
export interface IncomingCallDialogProps {
  /** Media to answer with. Default `{ audio: true, video: true }`. */
  acceptOptions?: AcceptIncomingCallOptions;
  /** Display name of the caller (rendered as text). Default: `additionalData.callerName` when it is a string, else the user id. */
  callerName?: (call: IncomingCallInfo) => string;
  /** Ringtone URL, looped while the dialog is open. Browsers may refuse to play it before the user interacted with the page; the dialog works either way. */
  ringtoneSrc?: string;
  labels?: Partial<IncomingCallDialogLabels>;
  /** Called with the outcome of Accept. */
  onAccepted?: (result: CallAttemptResult) => void;
  className?: string;
  style?: CSSProperties;
}

const dialogStyle: CSSProperties = {
  position: 'fixed',
  top: 'var(--askless-call-dialog-top, 1em)',
  right: 'var(--askless-call-dialog-right, 1em)',
  zIndex: 1000,
  minWidth: '16em',
  padding: '1em',
  background: 'var(--askless-call-bg, #111827)',
  color: 'var(--askless-call-fg, #f9fafb)',
  borderRadius: 'var(--askless-call-radius, 12px)',
  fontFamily: 'var(--askless-call-font, system-ui, sans-serif)',
  boxShadow: '0 4px 16px rgba(0, 0, 0, 0.4)',
};
const buttonStyle: CSSProperties = { font: 'inherit', padding: '0.5em 1em', border: 'none', borderRadius: '999px', cursor: 'pointer', color: '#fff' };

/**
 * Rings when someone calls: who calls, Accept (focused on open) and Reject, Escape rejects,
 * focus returns where it was on close. Renders nothing while no call rings.
 * @example
 * <IncomingCallDialog ringtoneSrc="/ring.mp3" acceptOptions={{ media: { audio: true, video: false } }} />
 */
export function IncomingCallDialog(props: IncomingCallDialogProps) {
  const { incomingCall, accept, reject } = useIncomingCall();
  if (!incomingCall) return null;
  return <IncomingCallDialogContent {...props} call={incomingCall} accept={accept} reject={reject} />;
}

interface ContentProps extends IncomingCallDialogProps {
  call: IncomingCallInfo;
  accept: (options?: AcceptIncomingCallOptions) => Promise<CallAttemptResult>;
  reject: () => void;
}

function defaultCallerName(call: IncomingCallInfo): string {
  const name = call.additionalData.callerName;
  return typeof name === 'string' && name.trim() ? name : String(call.remoteUserId);
}

function IncomingCallDialogContent({ call, accept, reject, acceptOptions, callerName, ringtoneSrc, labels, onAccepted, className, style }: ContentProps) {
  const text = { ...DEFAULT_LABELS, ...labels };
  const titleId = useId();
  const descriptionId = useId();
  const acceptRef = useRef<HTMLButtonElement>(null);
  const rejectRef = useRef<HTMLButtonElement>(null);
  const audioRef = useRef<HTMLAudioElement>(null);
  const [ringtone, setRingtone] = useState<'off' | 'playing' | 'blocked'>('off');
  const latestReject = useRef(reject);
  latestReject.current = reject;

  // Focus Accept on open; give focus back to whatever had it when the dialog closes.
  useEffect(() => {
    const previous = document.activeElement;
    acceptRef.current?.focus();
    return () => {
      if (previous instanceof HTMLElement && previous.isConnected) previous.focus();
    };
  }, []);

  // Escape anywhere rejects, as Radix dialogs dismiss on Escape.
  useEffect(() => {
    const onKeyDown = (event: globalThis.KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented) {
        event.preventDefault();
        latestReject.current();
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);

  // Autoplay rules may refuse sound before a user gesture: play() then rejects, which we catch
  // and expose as data-ringtone="blocked" instead of an unhandled rejection.
  useEffect(() => {
    const audio = audioRef.current;
    if (!audio || !ringtoneSrc) return;
    let cancelled = false;
    try {
      const played = audio.play() as Promise<void> | undefined;
      if (played && typeof played.then === 'function') {
        played.then(
          () => !cancelled && setRingtone('playing'),
          () => !cancelled && setRingtone('blocked'),
        );
      }
    } catch {
      setRingtone('blocked');
    }
    return () => {
      cancelled = true;
      try {
        audio.pause();
      } catch {
        // jsdom and some embedded webviews do not implement pause(); nothing to stop then.
      }
    };
  }, [ringtoneSrc]);

  // A minimal focus trap between the two buttons: an alertdialog keeps focus inside.
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'Tab') return;
    const first = acceptRef.current;
    const last = rejectRef.current;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last?.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first?.focus();
    }
  };

  const name = (callerName ?? defaultCallerName)(call);
  return (
    <div
      role="alertdialog"
      aria-modal="true"
      aria-labelledby={titleId}
      aria-describedby={descriptionId}
      data-state="open"
      data-ringtone={ringtone}
      className={className}
      style={{ ...dialogStyle, ...style }}
      onKeyDown={onKeyDown}
    >
      <h2 id={titleId} style={{ margin: '0 0 0.25em', fontSize: '1.1em' }}>
        {text.title}
      </h2>
      <p id={descriptionId} style={{ margin: '0 0 0.75em' }}>
        {text.isCalling(name)}
      </p>
      <div style={{ display: 'flex', gap: '0.5em' }}>
        <button
          ref={acceptRef}
          type="button"
          data-action="accept"
          style={{ ...buttonStyle, background: 'var(--askless-call-accept, #16a34a)' }}
          onClick={() => void accept(acceptOptions ?? { media: { audio: true, video: true } }).then((result) => onAccepted?.(result))}
        >
          {text.accept}
        </button>
        <button
          ref={rejectRef}
          type="button"
          data-action="reject"
          style={{ ...buttonStyle, background: 'var(--askless-call-danger, #dc2626)' }}
          onClick={reject}
        >
          {text.reject}
        </button>
      </div>
      {ringtoneSrc && <audio ref={audioRef} src={ringtoneSrc} loop preload="auto" data-part="ringtone" />}
    </div>
  );
}
