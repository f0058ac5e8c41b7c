import { useEffect, useRef, useState, type CSSProperties, type HTMLAttributes } from 'react';
import type { Call } from '../core/calls/manager-types.js';
import { useCall } from '../hooks/useCall.js';
import { CallControls } from './CallControls.js';
import { CallTimer } from './CallTimer.js';
import { NetworkQualityIndicator } from './NetworkQualityIndicator.js';
import { SpeakingIndicator } from './SpeakingIndicator.js';
import { VideoTile } from './VideoTile.js';
import { useCallLabels, type CallLabels, type CallLabelsOverrides } from './callUi/labels.js';
import { modelFromCall, modelFromHook, type CallModel } from './callUi/model.js';
import { callTokens, themeRoot, type CallTheme } from './callUi/theme.js';

/**
 * The strings CallView shows; the whole object is {@link CallLabels}.
 * @example
 * <CallView labels={{ states: { ringing: 'Ça sonne…' }, endReasons: { busy: 'Occupé' } } satisfies CallViewLabels} />
 */
export type CallViewLabels = CallLabelsOverrides;

/** How CallView arranges the videos. */
export type CallViewLayout = 'speaker' | 'side-by-side';

/**
 * Props of {@link CallView}: which call, how to lay it out, names and labels, plus any
 * `<section>` attribute.
 * @example
 * <CallView remoteName="Ada" layout="side-by-side" theme="dark" />
 */
export interface CallViewProps extends Omit<HTMLAttributes<HTMLElement>, 'children'> {
  /** The call to show. Default: the provider's current call (`useCall()`). */
  call?: Call;
  /** `speaker` (default): the remote screen share or camera large, cameras picture-in-picture. `side-by-side`: equal tiles. */
  layout?: CallViewLayout;
  /** Name shown for the other person (text only). Default: the remote user id. */
  remoteName?: string;
  labels?: CallLabelsOverrides;
  theme?: CallTheme;
  /** Show the controls under the videos. Default `true`. */
  showControls?: boolean;
}

const viewStyle: CSSProperties = {
  position: 'relative',
  display: 'grid',
  gap: 'var(--askless-call-gap, 0.5em)',
  padding: 'var(--askless-call-padding, 0.75em)',
  background: callTokens.bg,
  borderRadius: callTokens.radius,
  minWidth: 0,
};
const headerStyle: CSSProperties = { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: '0.6em', minWidth: 0 };
const pipStyle: CSSProperties = {
  width: 'var(--askless-call-pip-width, 28%)',
  minWidth: '6em',
  boxShadow: '0 2px 8px rgba(0, 0, 0, 0.5)',
};
const bannerStyle: CSSProperties = {
  position: 'absolute',
  left: '50%',
  top: '0.75em',
  transform: 'translateX(-50%)',
  padding: '0.3em 0.8em',
  borderRadius: '999px',
  background: callTokens.captionBg,
  color: callTokens.tileFg,
  whiteSpace: 'nowrap',
  maxWidth: '90%',
  overflow: 'hidden',
  textOverflow: 'ellipsis',
};

/** `connectedAt` from the call, or (first call API) the moment this view saw it connect. */
function useConnectedSince(model: CallModel): number | undefined {
  const seen = useRef<number | undefined>(undefined);
  const [, rerender] = useState(0);
  useEffect(() => {
    if (model.connectedAt !== undefined || model.state !== 'connected' || seen.current !== undefined) return;
    seen.current = Date.now();
    rerender((n) => n + 1);
  }, [model.connectedAt, model.state]);
  if (model.state === 'idle') seen.current = undefined;
  return model.connectedAt ?? seen.current;
}

function statusText(model: CallModel, text: CallLabels, name: string): string {
  if (model.state === 'ended') return model.endReason ? text.endReasons[model.endReason] : text.states.ended;
  if (model.localOnHold) return text.onHold;
  if (model.remoteOnHold) return text.remoteOnHold(name);
  return text.states[model.state];
}

/**
 * A call: the other person's video (their screen share first), yours picture-in-picture or side
 * by side, their camera-off (initials and "Camera off") and muted microphone ("Microphone off"),
 * a speaking indicator, the network quality, a timer, "On hold" and "Reconnecting…" states, a
 * polite status line and the controls. Renders nothing while idle. `data-state` is the call
 * state, `data-end-reason` the end reason, `data-layout` the layout.
 * @example
 * <CallView remoteName="Ada" layout="speaker" />
 */
export function CallView({ call, ...rest }: CallViewProps) {
  // A given call is read directly; only without one do the provider's call hooks run.
  return call ? <View {...rest} call={call} model={modelFromCall(call)} /> : <ViewOfCurrentCall {...rest} />;
}

function ViewOfCurrentCall(props: Omit<CallViewProps, 'call'>) {
  return <View {...props} model={modelFromHook(useCall())} />;
}

function View({ call, model, layout = 'speaker', remoteName, labels, theme, showControls = true, style, ...rest }: CallViewProps & { model: CallModel }) {
  const text = useCallLabels(labels);
  const since = useConnectedSince(model);
  if (model.state === 'idle') return null;
  const name = remoteName ?? (model.remoteUserId === undefined ? '' : String(model.remoteUserId));
  const live = model.state !== 'ended';
  const onHold = model.localOnHold || model.remoteOnHold;
  const connectedish = model.state === 'connected' || model.state === 'reconnecting';

  const remoteCamera = (
    <VideoTile
      key="remote"
      stream={model.remoteStream}
      label={name}
      data-part="remote"
      audioOff={model.remoteAudioMuted ? true : undefined}
      videoOff={model.remoteVideoMuted || onHold}
      cameraOffLabel={model.remoteVideoMuted ? text.cameraOff : undefined}
      microphoneOffLabel={text.microphoneOff}
    />
  );
  const remoteScreen = model.remoteScreen && !onHold && (
    <VideoTile key="screen" stream={model.remoteScreen} label={text.screenShareOf(name)} audioOff={false} data-part="remote-screen" style={{ aspectRatio: 'auto', background: '#000' }} />
  );
  const local = model.localStream && (
    <VideoTile
      key="local"
      stream={model.localStream}
      muted
      mirrored
      label={text.you}
      audioOff={!model.microphoneOn}
      videoOff={!model.cameraOn || model.localOnHold}
      cameraOffLabel={!model.cameraOn ? text.cameraOff : undefined}
      microphoneOffLabel={text.microphoneOff}
      data-part="local"
      style={layout === 'speaker' ? pipStyle : undefined}
    />
  );

  let stage;
  if (layout === 'side-by-side') {
    stage = (
      <div data-part="stage" style={{ display: 'grid', gap: '0.5em', gridTemplateColumns: 'repeat(auto-fit, minmax(min(14em, 100%), 1fr))' }}>
        {remoteScreen}
        {remoteCamera}
        {local}
      </div>
    );
  } else {
    // Speaker: the screen share (if any) is the big picture; cameras float over its corner.
    const pips = [remoteScreen ? <VideoTile key="remote-pip" stream={model.remoteStream} label={name} data-part="remote" audioOff={model.remoteAudioMuted ? true : undefined} videoOff={model.remoteVideoMuted} cameraOffLabel={model.remoteVideoMuted ? text.cameraOff : undefined} microphoneOffLabel={text.microphoneOff} style={pipStyle} /> : null, local].filter(Boolean);
    stage = (
      <div data-part="stage" style={{ position: 'relative' }}>
        {remoteScreen || remoteCamera}
        <div style={{ position: 'absolute', right: '0.75em', bottom: '0.75em', display: 'flex', gap: '0.5em', justifyContent: 'flex-end', width: '100%', pointerEvents: 'none' }}>
          {pips.map((pip) => (
            <div key={(pip as { key: string }).key} style={{ display: 'contents', pointerEvents: 'auto' }}>
              {pip}
            </div>
          ))}
        </div>
      </div>
    );
  }

  return (
    <section
      aria-label={text.callWith(name)}
      data-state={model.state}
      data-end-reason={model.endReason}
      data-layout={layout}
      data-hold={model.localOnHold ? 'local' : model.remoteOnHold ? 'remote' : undefined}
      style={{ ...themeRoot(theme), ...viewStyle, ...style }}
      {...rest}
    >
      <div data-part="header" style={headerStyle}>
        <strong style={{ overflowWrap: 'anywhere', minWidth: 0 }}>{name}</strong>
        {live && connectedish && <SpeakingIndicator speaking={model.remoteSpeaking} level={model.remoteAudioLevel} labels={labels} />}
        {live && model.remoteAudioMuted && (
          <span data-part="remote-muted" style={{ fontSize: '0.85em', color: callTokens.muted }}>
            {text.microphoneOff}
          </span>
        )}
        <span style={{ marginLeft: 'auto', display: 'inline-flex', gap: '0.6em', alignItems: 'center' }}>
          {live && connectedish && model.quality !== undefined && <NetworkQualityIndicator quality={model.quality} labels={labels} />}
          {live && <CallTimer since={since} labels={labels} />}
        </span>
      </div>
      {live && (
        <div style={{ position: 'relative' }}>
          {stage}
          {(onHold || model.state === 'reconnecting') && (
            <div data-part="banner" aria-hidden="true" style={bannerStyle}>
              {statusText(model, text, name)}
            </div>
          )}
        </div>
      )}
      {/* A polite live region: screen readers hear "Reconnecting…", "On hold", "Call ended"... */}
      <p role="status" aria-live="polite" data-part="status" style={{ margin: 0, textAlign: 'center', minHeight: '1.2em' }}>
        {statusText(model, text, name)}
      </p>
      {live && showControls && <CallControls call={call} labels={labels} />}
    </section>
  );
}
