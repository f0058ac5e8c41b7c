import { useId, useState, type CSSProperties, type HTMLAttributes } from 'react';
import type { Call } from '../core/calls/manager-types.js';
import { useCall } from '../hooks/useCall.js';
import { DevicesPanel } from './callUi/DevicesPanel.js';
import { IconButton } from './callUi/IconButton.js';
import { useCallLabels, type CallLabels, type CallLabelsOverrides } from './callUi/labels.js';
import { isLive, modelFromCall, modelFromHook, type CallModel } from './callUi/model.js';
import { themeRoot, type CallTheme } from './callUi/theme.js';

/**
 * The strings CallControls shows (names and tooltips); the whole object is {@link CallLabels}.
 * @example
 * <CallControls labels={{ hangUp: 'Leave' } satisfies Partial<CallControlsLabels>} />
 */
export type CallControlsLabels = CallLabels;

/**
 * Props of {@link CallControls}: which call, labels, theme, plus any `<div>` attribute.
 * @example
 * <CallControls className="my-controls" theme="dark" />
 */
export interface CallControlsProps extends Omit<HTMLAttributes<HTMLDivElement>, 'children'> {
  /** The call to control. Default: the provider's current call (`useCall()`). */
  call?: Call;
  labels?: CallLabelsOverrides;
  theme?: CallTheme;
  /** Offer the Devices button (camera, microphone and speaker pickers). Default `true`; it shows when the call can switch devices. */
  showDevices?: boolean;
}

const barStyle: CSSProperties = { display: 'flex', flexWrap: 'wrap', gap: 'var(--askless-call-gap, 0.5em)', justifyContent: 'center', alignItems: 'center' };

/**
 * Icon buttons for a call, each with an accessible name, a tooltip and, for toggles,
 * `aria-pressed`: microphone, camera, screen share, devices, hold, hang up. Buttons for what
 * the call cannot do (hold, screen share and devices need calls v2) are left out. The group's
 * `data-state` is the call state.
 * @example
 * <CallControls labels={{ hangUp: 'Leave' }} />
 */
export function CallControls({ call, ...rest }: CallControlsProps) {
  // A given call is read directly; only without one do the provider's call hooks run.
  return call ? <Controls {...rest} model={modelFromCall(call)} /> : <ControlsOfCurrentCall {...rest} />;
}

function ControlsOfCurrentCall(props: Omit<CallControlsProps, 'call'>) {
  return <Controls {...props} model={modelFromHook(useCall())} />;
}

function Controls({ model, labels, theme, showDevices = true, style, ...rest }: Omit<CallControlsProps, 'call'> & { model: CallModel }) {
  const text = useCallLabels(labels);
  const panelId = useId();
  const [devicesOpen, setDevicesOpen] = useState(false);
  const live = isLive(model.state);
  const hasAudio = (model.localStream?.getAudioTracks().length ?? 0) > 0;
  const hasVideo = (model.localStream?.getVideoTracks().length ?? 0) > 0;
  const connected = model.state === 'connected' || model.state === 'reconnecting';
  const sharing = model.localScreen !== undefined;
  const canDevices = showDevices && model.setInputDevice !== undefined;
  return (
    <div role="group" aria-label={text.controls} data-state={model.state} style={{ ...themeRoot(theme), display: 'grid', gap: '0.5em', ...style }} {...rest}>
      <div style={barStyle}>
        <IconButton
          name={text.microphone}
          tooltip={model.microphoneOn ? text.muteMicrophone : text.unmuteMicrophone}
          icon={model.microphoneOn ? 'mic' : 'micOff'}
          pressed={model.microphoneOn}
          tone={model.microphoneOn ? 'neutral' : 'off'}
          disabled={!live || !hasAudio}
          onClick={model.toggleMicrophone}
          action="microphone"
        />
        <IconButton
          name={text.camera}
          tooltip={model.cameraOn ? text.turnCameraOff : text.turnCameraOn}
          icon={model.cameraOn ? 'camera' : 'cameraOff'}
          pressed={model.cameraOn}
          tone={model.cameraOn ? 'neutral' : 'off'}
          disabled={!live || !hasVideo}
          onClick={model.toggleCamera}
          action="camera"
        />
        {model.startScreenShare && (
          <IconButton
            name={text.shareScreen}
            tooltip={sharing ? text.stopSharing : text.shareScreen}
            icon="screen"
            pressed={sharing}
            tone={sharing ? 'active' : 'neutral'}
            disabled={!connected || model.localOnHold}
            onClick={sharing ? model.stopScreenShare : model.startScreenShare}
            action="screen-share"
          />
        )}
        {canDevices && (
          <IconButton
            name={text.devices}
            icon="devices"
            expanded={devicesOpen}
            controls={devicesOpen ? panelId : undefined}
            disabled={!live}
            onClick={() => setDevicesOpen((open) => !open)}
            action="devices"
          />
        )}
        {model.hold && (
          <IconButton
            name={text.hold}
            tooltip={model.localOnHold ? text.resume : text.hold}
            icon="hold"
            pressed={model.localOnHold}
            tone={model.localOnHold ? 'active' : 'neutral'}
            disabled={!connected}
            onClick={model.localOnHold ? model.resume : model.hold}
            action="hold"
          />
        )}
        <IconButton name={text.hangUp} icon="hangUp" tone="danger" disabled={!live} onClick={model.hangUp} action="hang-up" />
      </div>
      {canDevices && devicesOpen && live && <DevicesPanel id={panelId} model={model} text={text} />}
    </div>
  );
}
