import { useEffect, useId, useRef, useState, type CSSProperties } from 'react';
import type { AsklessError } from '../core/errors.js';
import type { Call } from '../core/calls/manager-types.js';
import { useCall } from '../hooks/useCall.js';
import { useIncomingCall } from '../hooks/useIncomingCall.js';
import type { AcceptIncomingCallOptions, IncomingCallInfo } from '../hooks/internal/callsTypes.js';
import { useCallLabels, type CallLabels, type CallLabelsOverrides } from './callUi/labels.js';
import { isLive, modelFromCall, modelFromHook, type CallModel } from './callUi/model.js';
import { callTokens, themeRoot, type CallTheme } from './callUi/theme.js';
import { useModal } from './callUi/useModal.js';
import { useRingtone } from './callUi/useRingtone.js';

/**
 * The strings the dialog shows; the whole object is {@link CallLabels}.
 * @example
 * <IncomingCallDialog labels={{ incomingCall: 'Appel entrant', accept: 'Répondre', decline: 'Refuser' } satisfies Partial<IncomingCallDialogLabels>} />
 */
export type IncomingCallDialogLabels = CallLabels;

/**
 * Props of {@link IncomingCallDialog}.
 * @example
 * <IncomingCallDialog callerName={(call) => names[call.remoteUserId] ?? 'Someone'} />
 */
export interface IncomingCallDialogProps {
  /** Media to answer with. Default `{ media: { audio: true, video: true } }`. */
  acceptOptions?: AcceptIncomingCallOptions;
  /** Display name of the caller (rendered as text). Default: `additionalData.callerName` when it is a string, else the user id. */
  callerName?: (call: IncomingCallInfo) => string;
  /** Ringtone URL, looped while the dialog is open. Browsers may refuse to play it before the user interacted with the page; the dialog works either way. */
  ringtoneSrc?: string;
  labels?: CallLabelsOverrides;
  theme?: CallTheme;
  /** Called with the outcome of an accept. */
  onAccepted?: (result: { readonly ok: boolean; readonly error?: AsklessError }) => void;
  /** The ringing call to show. Default: the first of `useIncomingCall().incomingCalls` (or the ringing call of a first-API client). */
  call?: Call;
  /** The call in progress, which makes this the call-waiting variant. Default: the provider's current call while it is live. */
  activeCall?: Call;
  /** Class of the dialog box (the backdrop covers the page around it). */
  className?: string;
  style?: CSSProperties;
}

const backdropStyle: CSSProperties = {
  position: 'fixed',
  inset: 0,
  zIndex: 1000,
  display: 'grid',
  placeItems: 'center',
  padding: '1em',
  background: 'var(--askless-call-backdrop, rgba(15, 23, 42, 0.6))',
};
const dialogStyle: CSSProperties = {
  width: 'min(24em, 100%)',
  padding: '1.25em',
  background: callTokens.bg,
  borderRadius: callTokens.radius,
  boxShadow: '0 8px 32px rgba(0, 0, 0, 0.35)',
};
const buttonStyle: CSSProperties = { font: 'inherit', padding: '0.6em 1em', border: 'none', borderRadius: '999px', cursor: 'pointer', color: callTokens.onSolid, flex: '1 1 auto' };

function defaultCallerName(call: IncomingCallInfo): string {
  const name = call.additionalData.callerName;
  return typeof name === 'string' && name.trim() ? name : String(call.remoteUserId);
}

/**
 * Rings when someone calls, as a real modal: `role="alertdialog"`, focus moved to Accept and
 * trapped, the page behind inert, Escape declines, focus returned on close. While another call
 * is live it is the call-waiting variant: "Hold and accept", "End and accept", "Decline".
 * Renders nothing while no call rings.
 * @example
 * <IncomingCallDialog ringtoneSrc="/ring.mp3" acceptOptions={{ media: { audio: true, video: false } }} />
 */
export function IncomingCallDialog(props: IncomingCallDialogProps) {
  // A given call is answered directly; only without one do the provider's call hooks run.
  return props.call ? <DialogForCall {...props} call={props.call} /> : <DialogOfProvider {...props} />;
}

function DialogForCall(props: IncomingCallDialogProps & { call: Call }) {
  const { call, activeCall } = props;
  const active = activeCall ? modelFromCall(activeCall) : undefined;
  return <Dialog {...props} ringing={call} info={call} active={active} accept={(options) => call.accept(options)} decline={() => call.reject()} />;
}

function DialogOfProvider(props: IncomingCallDialogProps) {
  const incoming = useIncomingCall();
  const current = useCall();
  const ringing: Call | undefined = incoming.incomingCalls[0] ?? incoming.call;
  const info: IncomingCallInfo | null = ringing ?? incoming.incomingCall;
  if (!info) return null;
  const active = props.activeCall ? modelFromCall(props.activeCall) : modelFromHook(current);
  return (
    <Dialog
      {...props}
      ringing={ringing}
      info={info}
      active={active}
      accept={(options) => (ringing ? ringing.accept(options) : incoming.accept(options))}
      decline={() => (ringing ? ringing.reject() : incoming.reject())}
    />
  );
}

interface DialogProps extends IncomingCallDialogProps {
  ringing: Call | undefined;
  info: IncomingCallInfo;
  active: CallModel | undefined;
  accept: (options: AcceptIncomingCallOptions) => Promise<{ readonly ok: boolean; readonly error?: AsklessError }>;
  decline: () => void;
}

function Dialog({ ringing, info, active, accept: answer, decline, ...props }: DialogProps) {
  const waiting = !!active && isLive(active.state) && active.state !== 'incoming' && active.state !== 'accepting' && (ringing === undefined || active.id !== ringing.id);
  const acceptOptions = props.acceptOptions ?? { media: { audio: true, video: true } };
  const accept = async () => {
    const result = await answer(acceptOptions);
    props.onAccepted?.(result);
  };
  const endAndAccept = () => {
    active?.hangUp();
    void accept();
  };
  // Keyed by the ringing call: a new caller gets a fresh dialog (focus, ringtone).
  return <DialogBox key={ringing?.id ?? String(info.remoteUserId)} {...props} info={info} waiting={waiting} accept={accept} decline={decline} endAndAccept={endAndAccept} />;
}

interface BoxProps extends IncomingCallDialogProps {
  info: IncomingCallInfo;
  waiting: boolean;
  accept: () => Promise<void>;
  decline: () => void;
  endAndAccept: () => void;
}

function DialogBox({ info, waiting, accept, decline, endAndAccept, callerName, ringtoneSrc, labels, theme, className, style }: BoxProps) {
  const text = useCallLabels(labels);
  const titleId = useId();
  const descriptionId = useId();
  const boxRef = useRef<HTMLDivElement>(null);
  const acceptRef = useRef<HTMLButtonElement>(null);
  const [busy, setBusy] = useState(false);
  const ringtone = useRingtone(ringtoneSrc);
  useModal(boxRef, true, acceptRef);

  // Escape declines, as Radix dialogs dismiss on Escape.
  const latestDecline = useRef(decline);
  latestDecline.current = decline;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented) {
        event.preventDefault();
        latestDecline.current();
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);

  // One answer per ring: a double click must not accept twice.
  const once = (action: () => unknown) => () => {
    if (busy) return;
    setBusy(true);
    void action();
  };
  const name = (callerName ?? defaultCallerName)(info);
  return (
    <div data-part="backdrop" style={{ ...themeRoot(theme), ...backdropStyle }}>
      <div
        ref={boxRef}
        role="alertdialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={descriptionId}
        data-state="open"
        data-variant={waiting ? 'waiting' : 'ringing'}
        data-ringtone={ringtone.state}
        className={className}
        style={{ ...dialogStyle, ...style }}
      >
        <div style={{ display: 'flex', gap: '0.75em', alignItems: 'center', marginBottom: '1em' }}>
          <span aria-hidden="true" style={{ display: 'inline-grid', placeItems: 'center', width: '2.5em', height: '2.5em', borderRadius: '50%', background: callTokens.surface, flex: 'none' }}>
            {name.trim().charAt(0).toUpperCase()}
          </span>
          <div style={{ minWidth: 0 }}>
            <h2 id={titleId} style={{ margin: 0, fontSize: '1.1em' }}>
              {waiting ? text.waitingCall : text.incomingCall}
            </h2>
            <p id={descriptionId} style={{ margin: 0, overflowWrap: 'anywhere' }}>
              {waiting ? text.waitingIsCalling(name) : text.isCalling(name)}
            </p>
          </div>
        </div>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: '0.5em' }}>
          <button ref={acceptRef} type="button" data-action={waiting ? 'hold-and-accept' : 'accept'} disabled={busy} onClick={once(accept)} style={{ ...buttonStyle, background: callTokens.accept }}>
            {waiting ? text.holdAndAccept : text.accept}
          </button>
          {waiting && (
            <button type="button" data-action="end-and-accept" disabled={busy} onClick={once(endAndAccept)} style={{ ...buttonStyle, background: callTokens.accent, color: callTokens.bg }}>
              {text.endAndAccept}
            </button>
          )}
          <button type="button" data-action="decline" disabled={busy} onClick={once(decline)} style={{ ...buttonStyle, background: callTokens.danger }}>
            {text.decline}
          </button>
        </div>
        {ringtone.element}
      </div>
    </div>
  );
}

