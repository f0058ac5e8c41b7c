import { useId, type CSSProperties } from 'react';
import type { CallDevice } from '../core/calls/manager-types.js';
import { useCallLabels, type CallLabelsOverrides } from './callUi/labels.js';
import { callTokens, themeRoot, type CallTheme } from './callUi/theme.js';

/** Which devices a {@link DeviceSelect} lists. */
export type DeviceSelectKind = 'videoinput' | 'audioinput' | 'audiooutput';

/**
 * Props of {@link DeviceSelect}.
 * @example
 * <DeviceSelect kind="videoinput" devices={devices.videoinput} value={cameraId} onChange={setCameraId} />
 */
export interface DeviceSelectProps {
  kind: DeviceSelectKind;
  /** The devices of that kind (e.g. `useMediaDevices().devices.videoinput`). */
  devices: readonly CallDevice[];
  /** The device in use; `undefined` shows the default (first) one. */
  value?: string | undefined;
  /** Called with the chosen device id. */
  onChange?: (deviceId: string) => void;
  disabled?: boolean;
  /** Label text; default per kind: Camera, Microphone, Speaker. */
  label?: string;
  labels?: CallLabelsOverrides;
  theme?: CallTheme;
  className?: string;
  style?: CSSProperties;
}

const selectStyle: CSSProperties = {
  font: 'inherit',
  minWidth: 0,
  width: '100%',
  padding: '0.35em 0.5em',
  borderRadius: '8px',
  border: `1px solid ${callTokens.border}`,
  background: callTokens.bg,
  color: callTokens.fg,
};

/**
 * A labelled picker for one kind of media device, usable before and during a call: switching
 * is the `onChange` handler's job (`call.setInputDevice`, `setAudioOutput`, a new preview).
 * Devices without a label (no permission yet) are numbered. `data-kind` is the kind.
 * @example
 * const { devices, setAudioOutput, audioOutputDeviceId } = useMediaDevices();
 * <DeviceSelect kind="audiooutput" devices={devices.audiooutput} value={audioOutputDeviceId} onChange={setAudioOutput} />
 */
export function DeviceSelect({ kind, devices, value, onChange, disabled, label, labels, theme, className, style }: DeviceSelectProps) {
  const text = useCallLabels(labels);
  const id = useId();
  const name = label ?? (kind === 'videoinput' ? text.camera : kind === 'audioinput' ? text.microphone : text.speaker);
  const empty = devices.length === 0;
  return (
    <div data-kind={kind} className={className} style={{ ...themeRoot(theme), display: 'grid', gap: '0.25em', minWidth: 0, ...style }}>
      <label htmlFor={id} style={{ fontSize: '0.85em', color: callTokens.muted }}>
        {name}
      </label>
      <select
        id={id}
        value={empty ? '' : (value ?? devices[0]?.deviceId ?? '')}
        disabled={disabled || empty}
        onChange={(event) => onChange?.(event.target.value)}
        style={selectStyle}
      >
        {empty ? (
          <option value="">{text.noDevices}</option>
        ) : (
          devices.map((device, index) => (
            <option key={device.deviceId || index} value={device.deviceId}>
              {device.label || `${name} ${index + 1}`}
            </option>
          ))
        )}
      </select>
    </div>
  );
}
