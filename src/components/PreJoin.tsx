import { useId, useState, type CSSProperties } from 'react';
import type { MediaPermission } from '../core/calls/types.js';
import { useAudioLevel } from '../hooks/internal/useAudioLevel.js';
import { usePreviewMedia } from '../hooks/internal/usePreviewMedia.js';
import { DeviceSelect } from './DeviceSelect.js';
import { VideoTile } from './VideoTile.js';
import { CallIcon } from './callUi/icons.js';
import { useCallLabels, type CallLabels, type CallLabelsOverrides } from './callUi/labels.js';
import { callTokens, themeRoot, type CallTheme } from './callUi/theme.js';

/**
 * What {@link PreJoinProps.onJoin} receives: constraints for the chosen devices (pass them as
 * the call's `media`) and the chosen speaker.
 * @example
 * onJoin={({ media }) => client.calls.call({ userId: 2, media })}
 */
export interface PreJoinChoice {
  readonly media: MediaStreamConstraints;
  readonly audioDeviceId: string | undefined;
  readonly videoDeviceId: string | undefined;
  readonly audioOutputDeviceId: string | undefined;
}

/**
 * Props of {@link PreJoin}.
 * @example
 * <PreJoin title="Call Bob" onJoin={({ media }) => startCall(media)} />
 */
export interface PreJoinProps {
  /** Called when the user presses the join button (named "Call" by default). The preview stops when PreJoin unmounts. */
  onJoin: (choice: PreJoinChoice) => void;
  /** Heading, e.g. "Call Bob". Default: none. */
  title?: string;
  /** Preview and offer the camera. Default `true` (`false` for a voice call). */
  video?: boolean;
  /** Text of the join button; default `labels.call` ("Call"). */
  joinLabel?: string;
  /** Disable the join button (e.g. the other person is offline). */
  joinDisabled?: boolean;
  /** Replaces `navigator.mediaDevices.getUserMedia` (tests, custom capture). */
  getUserMedia?: (constraints: MediaStreamConstraints) => Promise<MediaStream>;
  /** Browser whose unblock instructions come first. Default: detected from the user agent. */
  browser?: 'chrome' | 'firefox' | 'safari' | 'other';
  labels?: CallLabelsOverrides;
  theme?: CallTheme;
  className?: string;
  style?: CSSProperties;
}

function detectBrowser(): 'chrome' | 'firefox' | 'safari' | 'other' {
  const ua = globalThis.navigator?.userAgent ?? '';
  if (/Firefox\//.test(ua)) return 'firefox';
  if (/Chrome\/|Chromium\/|Edg\//.test(ua)) return 'chrome';
  if (/Safari\//.test(ua)) return 'safari';
  return 'other';
}

const meterStyle: CSSProperties = { height: '0.5em', borderRadius: '999px', background: callTokens.surface, overflow: 'hidden', border: `1px solid ${callTokens.border}` };
const joinStyle: CSSProperties = { font: 'inherit', display: 'inline-flex', alignItems: 'center', justifyContent: 'center', gap: '0.5em', padding: '0.65em 1.4em', border: 'none', borderRadius: '999px', cursor: 'pointer', background: callTokens.accept, color: callTokens.onSolid, fontWeight: 600 };

function PermissionNotice({ permission, text, browser, onRetry }: { permission: MediaPermission; text: CallLabels; browser: keyof CallLabels['unblockHelp']; onRetry: () => void }) {
  if (permission === 'granted') return null;
  const problem = permission !== 'prompting';
  const others = (Object.keys(text.unblockHelp) as Array<keyof CallLabels['unblockHelp']>).filter((b) => b !== browser);
  return (
    <div role={problem ? 'alert' : 'status'} data-part="permission" data-permission={permission} style={{ padding: '0.6em 0.8em', borderRadius: '8px', background: callTokens.surface, display: 'grid', gap: '0.4em' }}>
      <p style={{ margin: 0, fontWeight: problem ? 600 : 400 }}>{text.permission[permission]}</p>
      {permission === 'blocked' && (
        <>
          <p style={{ margin: 0 }}>{text.unblockHelp[browser]}</p>
          <details>
            <summary style={{ cursor: 'pointer' }}>{text.otherBrowsers}</summary>
            <ul style={{ margin: '0.3em 0 0', paddingLeft: '1.2em' }}>
              {others.map((b) => (
                <li key={b}>{text.unblockHelp[b]}</li>
              ))}
            </ul>
          </details>
        </>
      )}
      {problem && (
        <button type="button" onClick={onRetry} style={{ font: 'inherit', justifySelf: 'start', padding: '0.3em 0.9em', borderRadius: '999px', border: `1px solid ${callTokens.border}`, background: callTokens.bg, color: callTokens.fg, cursor: 'pointer' }}>
          {text.retry}
        </button>
      )}
    </div>
  );
}

/**
 * The screen before a call: a camera preview, a microphone level meter, pickers for camera,
 * microphone and speaker, the permission state (asking, ready, blocked with instructions for the
 * user's browser, no device, device in use, each with "Try again"), and the join button
 * ("Call"). `data-permission` is the permission state.
 * @example
 * <PreJoin title="Call Bob" onJoin={({ media }) => void call.requestCall({ userId: 'bob', media })} />
 */
export function PreJoin({ onJoin, title, video = true, joinLabel, joinDisabled, getUserMedia, browser, labels, theme, className, style }: PreJoinProps) {
  const text = useCallLabels(labels);
  const [audioDeviceId, setAudioDeviceId] = useState<string | undefined>();
  const [videoDeviceId, setVideoDeviceId] = useState<string | undefined>();
  const [audioOutputDeviceId, setAudioOutputDeviceId] = useState<string | undefined>();
  const preview = usePreviewMedia({ audioDeviceId, videoDeviceId, video, getUserMedia });
  const level = useAudioLevel(preview.stream);
  const percent = Math.round(level * 100);
  const levelId = useId();
  const join = () =>
    onJoin({
      media: {
        audio: audioDeviceId ? { deviceId: { exact: audioDeviceId } } : true,
        video: video ? (videoDeviceId ? { deviceId: { exact: videoDeviceId } } : true) : false,
      },
      audioDeviceId,
      videoDeviceId,
      audioOutputDeviceId,
    });
  return (
    <section aria-label={title ?? text.preview} data-permission={preview.permission} className={className} style={{ ...themeRoot(theme), display: 'grid', gap: '0.75em', padding: '1em', background: callTokens.bg, borderRadius: callTokens.radius, minWidth: 0, ...style }}>
      {title && <h2 style={{ margin: 0, fontSize: '1.15em', overflowWrap: 'anywhere' }}>{title}</h2>}
      {video && <VideoTile stream={preview.stream} muted mirrored label={text.preview} audioOff={false} data-part="preview" />}
      <div style={{ display: 'grid', gap: '0.25em' }}>
        <span id={levelId} style={{ fontSize: '0.85em', color: callTokens.muted }}>
          {text.microphoneLevel}
        </span>
        <div role="meter" aria-labelledby={levelId} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} data-part="level" style={meterStyle}>
          <div style={{ width: `${percent}%`, height: '100%', background: callTokens.good, transition: 'width 90ms linear' }} />
        </div>
      </div>
      <PermissionNotice permission={preview.permission} text={text} browser={browser ?? detectBrowser()} onRetry={preview.retry} />
      <div style={{ display: 'grid', gap: '0.5em', gridTemplateColumns: 'repeat(auto-fit, minmax(min(11em, 100%), 1fr))' }}>
        {video && <DeviceSelect kind="videoinput" devices={preview.devices.videoinput} value={videoDeviceId} onChange={setVideoDeviceId} labels={labels} />}
        <DeviceSelect kind="audioinput" devices={preview.devices.audioinput} value={audioDeviceId} onChange={setAudioDeviceId} labels={labels} />
        <DeviceSelect kind="audiooutput" devices={preview.devices.audiooutput} value={audioOutputDeviceId} onChange={setAudioOutputDeviceId} labels={labels} />
      </div>
      <button type="button" data-action="join" disabled={joinDisabled || preview.permission !== 'granted'} onClick={join} style={{ ...joinStyle, ...(joinDisabled || preview.permission !== 'granted' ? { opacity: 0.6, cursor: 'default' } : {}) }}>
        <CallIcon name="phone" size="1.1em" />
        {joinLabel ?? text.call}
      </button>
    </section>
  );
}
