/**
 * The devices panel of CallControls: camera, microphone and speaker pickers that switch live.
 * Mounted only when opened, so a client without the call manager never reaches the hook.
 */
import { useMediaDevices } from '../../hooks/useMediaDevices.js';
import { DeviceSelect } from '../DeviceSelect.js';
import type { CallLabels } from './labels.js';
import type { CallModel } from './model.js';
import { callTokens } from './theme.js';

function deviceIdOf(stream: MediaStream | undefined, kind: 'audio' | 'video'): string | undefined {
  const track = kind === 'audio' ? stream?.getAudioTracks()[0] : stream?.getVideoTracks()[0];
  return track?.getSettings?.().deviceId;
}

/** @example <DevicesPanel id={id} model={model} text={labels} /> */
export function DevicesPanel({ id, model, text }: { id: string; model: CallModel; text: CallLabels }) {
  const { devices, audioOutputDeviceId, setAudioOutput } = useMediaDevices();
  const switchInput = model.setInputDevice;
  return (
    <div
      id={id}
      role="group"
      aria-label={text.devices}
      data-part="devices"
      style={{ display: 'grid', gap: '0.5em', gridTemplateColumns: 'repeat(auto-fit, minmax(10em, 1fr))', padding: '0.75em', borderRadius: '10px', background: callTokens.surface, color: callTokens.fg }}
    >
      <DeviceSelect kind="videoinput" devices={devices.videoinput} value={deviceIdOf(model.localStream, 'video')} onChange={(d) => switchInput?.('videoinput', d)} disabled={!switchInput} labels={text} />
      <DeviceSelect kind="audioinput" devices={devices.audioinput} value={deviceIdOf(model.localStream, 'audio')} onChange={(d) => switchInput?.('audioinput', d)} disabled={!switchInput} labels={text} />
      <DeviceSelect kind="audiooutput" devices={devices.audiooutput} value={audioOutputDeviceId} onChange={(d) => void setAudioOutput(d)} labels={text} />
    </div>
  );
}
