import type { CSSProperties, HTMLAttributes } from 'react';
import type { GroupCallLocalParticipant, GroupCallParticipant } from '../core/group-calls/types.js';
import type { UseGroupCallResult } from '../hooks/useGroupCall.js';
import { ParticipantTile, type ParticipantTileLabels } from './ParticipantTile.js';

/**
 * Every visible string of {@link GroupCallView} (English defaults).
 * @example
 * <GroupCallView groupCall={gc} labels={{ leave: 'Quitter' }} />
 */
export interface GroupCallViewLabels {
  region: string;
  joining: string;
  joined: string;
  reconnecting: string;
  left: string;
  /** Shown with the error's code when a join was refused. */
  refused: Record<string, string>;
  microphone: string;
  camera: string;
  shareScreen: string;
  leave: string;
  controls: string;
  participants: string;
  tile: Partial<ParticipantTileLabels>;
}

/** The English labels. */
export const defaultGroupCallViewLabels: GroupCallViewLabels = {
  region: 'Group call',
  joining: 'Joining…',
  joined: 'In the call',
  reconnecting: 'Reconnecting…',
  left: 'You left the call',
  refused: { GROUP_FULL: 'This call is full', PERMISSION_DENIED: 'You are not allowed to join this call' },
  microphone: 'Microphone',
  camera: 'Camera',
  shareScreen: 'Share screen',
  leave: 'Leave',
  controls: 'Call controls',
  participants: 'Participants',
  tile: {},
};

/** `grid`: equal tiles. `focus`: the screen share (or the active speaker) large, the rest in a strip. `auto`: focus while someone shares a screen. */
export type GroupCallLayout = 'grid' | 'focus' | 'auto';

/**
 * Props of {@link GroupCallView}.
 * @example
 * <GroupCallView groupCall={useGroupCall('standup')} layout="auto" nameOf={(p) => names[p.userId]} />
 */
export interface GroupCallViewProps extends Omit<HTMLAttributes<HTMLElement>, 'children'> {
  /** What `useGroupCall` returns. */
  groupCall: UseGroupCallResult<any>;
  layout?: GroupCallLayout;
  /** A display name per participant (rendered as text); default the user id. */
  nameOf?: (participant: { userId: unknown; deviceId: string | undefined }) => string;
  labels?: Partial<GroupCallViewLabels>;
}

const gridStyle: CSSProperties = { display: 'grid', gap: '0.5rem', gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 200px), 1fr))' };
const stripStyle: CSSProperties = { display: 'grid', gap: '0.5rem', gridTemplateColumns: 'repeat(auto-fill, minmax(min(100%, 140px), 1fr))' };
const buttonStyle = (on: boolean): CSSProperties => ({
  font: 'inherit',
  minHeight: '44px',
  padding: '0.4rem 0.9rem',
  borderRadius: '999px',
  border: '1px solid var(--askless-call-button-border, #4b5563)',
  background: on ? 'var(--askless-call-button-bg, #1f2937)' : 'var(--askless-call-button-off-bg, #b91c1c)',
  color: 'var(--askless-call-button-fg, #ffffff)',
  cursor: 'pointer',
});

/**
 * A group call: every member's tile in a grid, or the screen share (or active speaker) in focus;
 * a live status line; microphone, camera, screen-share and leave controls. `data-state` is the
 * call's state and `data-layout` the layout in use.
 * @example
 * function Room() {
 *   const groupCall = useGroupCall('standup');
 *   return <GroupCallView groupCall={groupCall} />;
 * }
 */
export function GroupCallView({ groupCall, layout = 'auto', nameOf, labels, style, ...rest }: GroupCallViewProps) {
  const l = { ...defaultGroupCallViewLabels, ...labels, refused: { ...defaultGroupCallViewLabels.refused, ...labels?.refused } };
  const { state, participants, localParticipant: local, screenShareParticipantId: sharing, activeSpeakerId, error } = groupCall;
  const used = layout === 'auto' ? (sharing ? 'focus' : 'grid') : layout;
  const focusId = used === 'focus' ? (sharing ?? activeSpeakerId ?? participants[0]?.id ?? 'local') : undefined;
  const nameFor = (p: GroupCallParticipant | GroupCallLocalParticipant, isLocal: boolean) =>
    isLocal ? undefined : nameOf ? nameOf({ userId: p.userId, deviceId: p.deviceId }) : String(p.userId);
  const tile = (p: GroupCallParticipant | GroupCallLocalParticipant, id: string, isLocal: boolean, focused = false) => (
    <ParticipantTile
      key={`${id}${focused ? '-focus' : ''}`}
      participant={p}
      isLocal={isLocal}
      name={nameFor(p, isLocal)}
      showScreen={focused && sharing === id}
      isActiveSpeaker={activeSpeakerId === id && participants.length > 0}
      labels={l.tile}
      data-participant-id={id}
    />
  );
  const status =
    state === 'left' && error ? (l.refused[error.code] ?? error.description) : state === 'joining' ? l.joining : state === 'reconnecting' ? l.reconnecting : state === 'left' ? l.left : l.joined;
  const everyone: Array<[GroupCallParticipant | GroupCallLocalParticipant, string, boolean]> = [[local, 'local', true], ...participants.map((p) => [p, p.id, false] as [GroupCallParticipant, string, boolean])];
  const focused = focusId === undefined ? undefined : everyone.find(([, id]) => id === focusId);
  return (
    <section
      aria-label={l.region}
      data-state={state}
      data-layout={used}
      data-error={error?.code}
      style={{ display: 'flex', flexDirection: 'column', gap: '0.75rem', fontFamily: 'var(--askless-call-font, system-ui, sans-serif)', ...style }}
      {...rest}
    >
      <p role="status" style={{ margin: 0 }}>
        {status}
      </p>
      {state !== 'left' && (
        <>
          {focused && <div data-part="focus">{tile(focused[0], focused[1], focused[2], true)}</div>}
          <div role="list" aria-label={l.participants} data-part={focused ? 'strip' : 'grid'} style={focused ? stripStyle : gridStyle}>
            {everyone
              // The focused camera is not shown twice; a focused screen share keeps its sharer's camera in the strip.
              .filter(([, id]) => !(focused && focused[1] === id && sharing !== id))
              .map(([p, id, isLocal]) => (
                <div role="listitem" key={id}>
                  {tile(p, id, isLocal)}
                </div>
              ))}
          </div>
          <div role="toolbar" aria-label={l.controls} style={{ display: 'flex', gap: '0.5rem', flexWrap: 'wrap' }}>
            <button type="button" aria-pressed={!local.audioMuted} style={buttonStyle(!local.audioMuted)} onClick={() => groupCall.setMicrophoneEnabled(local.audioMuted)}>
              {l.microphone}
            </button>
            <button type="button" aria-pressed={!local.videoMuted} style={buttonStyle(!local.videoMuted)} onClick={() => groupCall.setCameraEnabled(local.videoMuted)}>
              {l.camera}
            </button>
            <button
              type="button"
              aria-pressed={local.streams.screen !== undefined}
              style={buttonStyle(true)}
              onClick={() => (local.streams.screen ? groupCall.stopScreenShare() : void groupCall.startScreenShare())}
            >
              {l.shareScreen}
            </button>
            <button type="button" style={buttonStyle(false)} onClick={() => void groupCall.leave()}>
              {l.leave}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
