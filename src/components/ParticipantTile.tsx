import type { CSSProperties, HTMLAttributes } from 'react';
import type { GroupCallLocalParticipant, GroupCallParticipant, GroupCallQuality } from '../core/group-calls/types.js';
import { VideoTile } from './VideoTile.js';

/**
 * Every visible string of {@link ParticipantTile} (English defaults).
 * @example
 * <ParticipantTile participant={p} labels={{ you: 'Vous', cameraOff: 'Caméra coupée' }} />
 */
export interface ParticipantTileLabels {
  /** Caption of your own tile when no `name` is given. */
  you: string;
  cameraOff: string;
  connecting: string;
  reconnecting: string;
  /** Prefix of the network-quality text, e.g. "Network: poor". */
  network: string;
  quality: Record<GroupCallQuality, string>;
}

/** The English labels. */
export const defaultParticipantTileLabels: ParticipantTileLabels = {
  you: 'You',
  cameraOff: 'Camera off',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  network: 'Network',
  quality: { good: 'good', fair: 'fair', poor: 'poor', lost: 'lost' },
};

/**
 * Props of {@link ParticipantTile}.
 * @example
 * <ParticipantTile participant={participant} name="Ada" isActiveSpeaker />
 */
export interface ParticipantTileProps extends Omit<HTMLAttributes<HTMLDivElement>, 'children'> {
  /** A remote participant or your own side (`localParticipant`, then set `isLocal`). */
  participant: GroupCallParticipant | GroupCallLocalParticipant;
  /** Your own tile: muted playback and a mirrored camera. */
  isLocal?: boolean;
  /** Caption and accessible name; rendered as text. */
  name?: string;
  /** Show the participant's screen share instead of the camera. */
  showScreen?: boolean;
  /** Draw the speaker ring (the group's active speaker). */
  isActiveSpeaker?: boolean;
  labels?: Partial<ParticipantTileLabels>;
}

const statusStyle: CSSProperties = {
  position: 'absolute',
  top: '0.5em',
  left: '0.5em',
  padding: '0.1em 0.5em',
  borderRadius: '999px',
  fontSize: '0.8em',
  background: 'var(--askless-call-caption-bg, rgba(0, 0, 0, 0.7))',
  color: 'var(--askless-call-fg, #f9fafb)',
};

/**
 * One member of a group call: its video (or an initial while the camera is off), a
 * "Microphone off" badge, a speaking ring, and its connection and network quality.
 * `data-speaking`, `data-quality` and `data-connection` expose the state for styling and tests.
 * @example
 * {participants.map((p) => <ParticipantTile key={p.id} participant={p} name={names[p.userId]} />)}
 */
export function ParticipantTile({ participant, isLocal = false, name, showScreen = false, isActiveSpeaker = false, labels, style, ...rest }: ParticipantTileProps) {
  const l = { ...defaultParticipantTileLabels, ...labels, quality: { ...defaultParticipantTileLabels.quality, ...labels?.quality } };
  const remote = 'connectionState' in participant ? participant : undefined;
  const caption = name ?? (isLocal ? l.you : String(participant.userId ?? ''));
  const screen = showScreen ? participant.streams.screen : undefined;
  const status =
    remote?.connectionState === 'connecting' || remote?.connectionState === 'new'
      ? l.connecting
      : remote?.connectionState === 'reconnecting' || remote?.connectionState === 'failed'
        ? l.reconnecting
        : remote?.quality && remote.quality !== 'good'
          ? `${l.network}: ${l.quality[remote.quality]}`
          : undefined;
  return (
    <div
      data-speaking={participant.isSpeaking ? 'true' : 'false'}
      data-active-speaker={isActiveSpeaker ? '' : undefined}
      data-quality={remote?.quality}
      data-connection={remote?.connectionState ?? 'local'}
      data-video={participant.videoMuted && !screen ? 'off' : 'on'}
      style={{
        position: 'relative',
        borderRadius: 'var(--askless-call-radius, 12px)',
        outline: isActiveSpeaker || participant.isSpeaking ? '3px solid var(--askless-call-speaking, #22c55e)' : 'none',
        outlineOffset: '2px',
        minWidth: 0,
        ...style,
      }}
      {...rest}
    >
      <VideoTile
        stream={screen ?? participant.streams.userMedia}
        muted={isLocal}
        mirrored={isLocal && !screen}
        label={caption}
        audioOff={participant.audioMuted}
        videoOff={!screen && participant.videoMuted}
      />
      {!screen && participant.videoMuted && (
        <span data-part="camera-off" style={{ ...statusStyle, top: 'auto', bottom: '2.6em' }}>
          {l.cameraOff}
        </span>
      )}
      {status && (
        <span data-part="status" style={statusStyle}>
          {status}
        </span>
      )}
    </div>
  );
}
