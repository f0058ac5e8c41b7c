import type { CSSProperties, HTMLAttributes } from 'react';
import type { CallEndReason, CallState } from '../core/calls/types.js';
import { useCall } from '../hooks/useCall.js';
import { CallControls, type CallControlsLabels } from './CallControls.js';
import { VideoTile } from './VideoTile.js';

/**
 * Status texts per call state and end reason; override any of them (e.g. to translate).
 * @example
 * <CallView labels={{ states: { ringing: 'Ça sonne…' }, endReasons: { busy: 'Occupé' } }} />
 */
export interface CallViewLabels {
  states: Record<CallState, string>;
  endReasons: Record<CallEndReason, string>;
  you: string;
}

const DEFAULT_LABELS: CallViewLabels = {
  states: {
    idle: '',
    requesting: 'Calling…',
    ringing: 'Ringing…',
    incoming: 'Incoming call…',
    accepting: 'Answering…',
    connecting: 'Connecting…',
    connected: 'Connected',
    reconnecting: 'Reconnecting…',
    ended: 'Call ended',
  },
  endReasons: {
    hangup: 'Call ended',
    remote_hangup: 'The other person hung up',
    rejected: 'Call declined',
    canceled: 'Call canceled',
    missed: 'No answer',
    busy: 'Busy',
    connection_failed: 'Connection failed',
    media_error: 'Camera or microphone unavailable',
    answered_elsewhere: 'Answered on another device',
    unavailable: 'Unavailable',
  },
  you: 'You',
};

/**
 * Props of {@link CallView}: names and labels plus any `<section>` attribute.
 * @example
 * <CallView remoteName="Ada" className="call" />
 */
export interface CallViewProps extends Omit<HTMLAttributes<HTMLElement>, 'children'> {
  /** Name shown on the remote tile (text only). Default: the remote user id. */
  remoteName?: string;
  labels?: { states?: Partial<Record<CallState, string>>; endReasons?: Partial<Record<CallEndReason, string>>; you?: string };
  controlsLabels?: Partial<CallControlsLabels>;
}

const viewStyle: CSSProperties = {
  position: 'relative',
  display: 'grid',
  gap: 'var(--askless-call-gap, 0.5em)',
  padding: 'var(--askless-call-padding, 0.75em)',
  background: 'var(--askless-call-bg, #111827)',
  color: 'var(--askless-call-fg, #f9fafb)',
  borderRadius: 'var(--askless-call-radius, 12px)',
  fontFamily: 'var(--askless-call-font, system-ui, sans-serif)',
};
const stageStyle: CSSProperties = { position: 'relative' };
const pipStyle: CSSProperties = {
  position: 'absolute',
  right: '0.75em',
  bottom: '0.75em',
  width: 'var(--askless-call-pip-width, 28%)',
  boxShadow: '0 2px 8px rgba(0, 0, 0, 0.5)',
};
const statusStyle: CSSProperties = { margin: 0, textAlign: 'center', minHeight: '1.2em' };

/**
 * The provider's call: remote video, your own picture-in-picture, a status line for
 * connecting/reconnecting/ended and the controls. Renders nothing while idle;
 * `data-state` is the call state (and `data-end-reason` once ended).
 * @example
 * <CallView remoteName="Ada" />
 */
export function CallView({ remoteName, labels, controlsLabels, style, ...rest }: CallViewProps) {
  const call = useCall();
  if (call.state === 'idle') return null;
  const states = { ...DEFAULT_LABELS.states, ...labels?.states };
  const endReasons = { ...DEFAULT_LABELS.endReasons, ...labels?.endReasons };
  const name = remoteName ?? (call.remoteUserId === undefined ? '' : String(call.remoteUserId));
  const status =
    call.state === 'ended' && call.endReason ? endReasons[call.endReason] : states[call.state];
  const live = call.state !== 'ended';
  return (
    <section
      aria-label={name ? `Call with ${name}` : 'Call'}
      data-state={call.state}
      data-end-reason={call.endReason}
      style={{ ...viewStyle, ...style }}
      {...rest}
    >
      {live && (
        <div data-part="stage" style={stageStyle}>
          <VideoTile stream={call.remoteStream} label={name} data-part="remote" />
          {call.localStream && (
            <VideoTile
              stream={call.localStream}
              muted
              mirrored
              label={labels?.you ?? DEFAULT_LABELS.you}
              audioOff={!call.isMicrophoneOn}
              videoOff={!call.isCameraOn}
              data-part="local"
              style={pipStyle}
            />
          )}
        </div>
      )}
      {/* A polite live region: screen readers hear "Reconnecting…", "Call ended"... */}
      <p role="status" aria-live="polite" data-part="status" style={statusStyle}>
        {status}
      </p>
      {live && <CallControls labels={controlsLabels} />}
    </section>
  );
}
