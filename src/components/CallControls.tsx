import type { CSSProperties, HTMLAttributes } from 'react';
import { useCall } from '../hooks/useCall.js';

/**
 * Button texts; override any of them (e.g. to translate).
 * @example
 * <CallControls labels={{ microphone: 'Micro', camera: 'Caméra', hangUp: 'Raccrocher' }} />
 */
export interface CallControlsLabels {
  microphone: string;
  camera: string;
  hangUp: string;
}

const DEFAULT_LABELS: CallControlsLabels = { microphone: 'Microphone', camera: 'Camera', hangUp: 'Hang up' };

/**
 * Props of {@link CallControls}: labels plus any `<div>` attribute (`className`, `style`, ...).
 * @example
 * <CallControls className="my-controls" />
 */
export interface CallControlsProps extends Omit<HTMLAttributes<HTMLDivElement>, 'children'> {
  labels?: Partial<CallControlsLabels>;
}

const barStyle: CSSProperties = { display: 'flex', gap: 'var(--askless-call-gap, 0.5em)', justifyContent: 'center' };
const buttonStyle: CSSProperties = {
  font: 'inherit',
  padding: '0.5em 1em',
  border: 'none',
  borderRadius: '999px',
  cursor: 'pointer',
  color: 'var(--askless-call-button-fg, #f9fafb)',
};

interface ToggleButtonProps {
  on: boolean;
  disabled: boolean;
  onClick: () => void;
  children: string;
}

/** A pressed/unpressed media toggle: `aria-pressed` for screen readers, `data-state` for CSS. */
function ToggleButton({ on, disabled, onClick, children }: ToggleButtonProps) {
  const background = on ? 'var(--askless-call-button-bg, #374151)' : 'var(--askless-call-button-off-bg, #9ca3af)';
  return (
    <button type="button" aria-pressed={on} data-state={on ? 'on' : 'off'} disabled={disabled} onClick={onClick} style={{ ...buttonStyle, background }}>
      {children}
    </button>
  );
}

/**
 * Microphone and camera toggles (`aria-pressed`, `data-state` on/off) and a hang-up button for
 * the provider's call. The group's `data-state` is the call state.
 * @example
 * <CallControls labels={{ hangUp: 'Leave' }} />
 */
export function CallControls({ labels, style, ...rest }: CallControlsProps) {
  const call = useCall();
  const text = { ...DEFAULT_LABELS, ...labels };
  const active = call.state !== 'idle' && call.state !== 'ended';
  const hasAudio = (call.localStream?.getAudioTracks().length ?? 0) > 0;
  const hasVideo = (call.localStream?.getVideoTracks().length ?? 0) > 0;
  return (
    <div role="group" aria-label="Call controls" data-state={call.state} style={{ ...barStyle, ...style }} {...rest}>
      <ToggleButton on={call.isMicrophoneOn} disabled={!active || !hasAudio} onClick={call.toggleMicrophone}>
        {text.microphone}
      </ToggleButton>
      <ToggleButton on={call.isCameraOn} disabled={!active || !hasVideo} onClick={call.toggleCamera}>
        {text.camera}
      </ToggleButton>
      <button
        type="button"
        data-action="hang-up"
        disabled={!active}
        onClick={call.hangUp}
        style={{ ...buttonStyle, background: 'var(--askless-call-danger, #dc2626)' }}
      >
        {text.hangUp}
      </button>
    </div>
  );
}
