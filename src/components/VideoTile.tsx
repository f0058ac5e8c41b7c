import { useEffect, useRef, useState, type CSSProperties, type HTMLAttributes, type ReactNode } from 'react';
import { useTrackPresence } from '../hooks/internal/callsTracks.js';

/**
 * Props of {@link VideoTile}: the stream and how to show it, plus any `<div>` attribute.
 * @example
 * <VideoTile stream={remoteStream} label="Ada" className="tile" />
 */
export interface VideoTileProps extends Omit<HTMLAttributes<HTMLDivElement>, 'children'> {
  /** The stream to show; a placeholder replaces the picture while it has no flowing video. */
  stream: MediaStream | undefined;
  /** Mute playback (always for your own stream, or you hear yourself). Default `false`. */
  muted?: boolean;
  /** Flip horizontally, as people expect of their own camera. Default `false`. */
  mirrored?: boolean;
  /** Who this is; shown as a caption and used as the tile's accessible name. Rendered as text. */
  label?: string;
  /** Show the "microphone off" badge. Default: when the stream has no live, enabled audio. */
  audioOff?: boolean;
  /** Force the placeholder (e.g. the camera is off). Default: when no video is flowing. */
  videoOff?: boolean;
  /** Replaces the default placeholder (the label's initial). */
  placeholder?: ReactNode;
  /** Text of the button shown when the browser refuses to start playback with sound. Default "Play". */
  playLabel?: string;
  /** Accessible name of the microphone-off badge. Default "Microphone off". */
  microphoneOffLabel?: string;
  /** With `videoOff`: text shown (and read) under the placeholder, e.g. "Camera off". */
  cameraOffLabel?: string;
}

const tileStyle: CSSProperties = {
  position: 'relative',
  overflow: 'hidden',
  background: 'var(--askless-call-tile-bg, #1f2937)',
  color: 'var(--askless-call-fg, #f9fafb)',
  borderRadius: 'var(--askless-call-radius, 12px)',
  fontFamily: 'var(--askless-call-font, system-ui, sans-serif)',
  aspectRatio: 'var(--askless-call-tile-aspect, 16 / 9)',
};
const videoStyle: CSSProperties = { width: '100%', height: '100%', objectFit: 'cover', display: 'block' };
const overlayStyle: CSSProperties = {
  position: 'absolute',
  inset: 0,
  display: 'flex',
  flexDirection: 'column',
  gap: '0.15em',
  alignItems: 'center',
  justifyContent: 'center',
  fontSize: '2.5em',
  background: 'var(--askless-call-placeholder-bg, #374151)',
};
const captionStyle: CSSProperties = {
  position: 'absolute',
  left: '0.5em',
  bottom: '0.5em',
  display: 'flex',
  gap: '0.4em',
  alignItems: 'center',
  padding: '0.15em 0.5em',
  borderRadius: '999px',
  background: 'var(--askless-call-caption-bg, rgba(0, 0, 0, 0.55))',
  fontSize: '0.85em',
};

/**
 * One participant's video with a caption, a placeholder while no video flows and a
 * microphone-off badge. `data-state` is `video` or `placeholder`; `data-audio` is `on` or `off`;
 * `data-playback="blocked"` (with a Play button) when autoplay rules refused to start playback.
 * @example
 * <VideoTile stream={call.localStream} muted mirrored label="You" />
 */
export function VideoTile({
  stream,
  muted = false,
  mirrored = false,
  label,
  audioOff,
  videoOff,
  placeholder,
  playLabel = 'Play',
  microphoneOffLabel = 'Microphone off',
  cameraOffLabel,
  style,
  ...rest
}: VideoTileProps) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const presence = useTrackPresence(stream);
  const showVideo = presence.hasVideo && !videoOff;
  const micOff = audioOff ?? !presence.hasAudio;
  const [blocked, setBlocked] = useState(false);

  useEffect(() => {
    const video = videoRef.current;
    if (!video) return;
    video.srcObject = stream ?? null;
    let current = true;
    // `autoPlay` alone fails silently when autoplay rules refuse sound before a user gesture;
    // asking explicitly tells us, so we can offer a button (a click is such a gesture).
    // A new stream starts unblocked: a Play button left from the previous one must go.
    setBlocked(false);
    if (stream) playVideo(video, (isBlocked) => current && setBlocked(isBlocked));
    return () => {
      current = false;
      // Detach so a stopped stream is not kept alive by a detached element.
      video.srcObject = null;
    };
  }, [stream]);

  return (
    <div
      role="group"
      aria-label={label}
      data-state={showVideo ? 'video' : 'placeholder'}
      data-audio={micOff ? 'off' : 'on'}
      data-mirrored={mirrored ? '' : undefined}
      data-playback={blocked ? 'blocked' : undefined}
      style={{ ...tileStyle, ...style }}
      {...rest}
    >
      {/* The element stays mounted so playback starts the moment frames arrive. */}
      <video
        ref={videoRef}
        autoPlay
        playsInline
        muted={muted}
        aria-hidden={showVideo ? undefined : true}
        style={{ ...videoStyle, transform: mirrored ? 'scaleX(-1)' : undefined, visibility: showVideo ? 'visible' : 'hidden' }}
      />
      {!showVideo && (
        <div data-part="placeholder" style={overlayStyle}>
          <span aria-hidden="true">{placeholder ?? (label ? label.trim().charAt(0).toUpperCase() : '')}</span>
          {videoOff && cameraOffLabel && (
            <span data-part="camera-off" style={{ fontSize: '0.35em' }}>
              {cameraOffLabel}
            </span>
          )}
        </div>
      )}
      {blocked && (
        <button
          type="button"
          data-part="play"
          style={{ position: 'absolute', top: '0.5em', right: '0.5em', font: 'inherit' }}
          onClick={() => videoRef.current && playVideo(videoRef.current, setBlocked, true)}
        >
          {playLabel}
        </button>
      )}
      {(label || micOff) && (
        <div data-part="caption" style={captionStyle}>
          {label && <span>{label}</span>}
          {micOff && (
            <span data-part="muted-indicator" role="img" aria-label={microphoneOffLabel}>
              {/* An inline slashed-mic icon: no icon set, and no emoji font (headless and many
                  Linux browsers have none and would draw an empty box). */}
              <svg aria-hidden="true" width="1em" height="1em" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
                <rect x="9" y="3" width="6" height="11" rx="3" />
                <path d="M5 11a7 7 0 0 0 14 0M12 18v3M4 4l16 16" />
              </svg>
            </span>
          )}
        </div>
      )}
    </div>
  );
}

/** Starts playback; reports refusals (and, after a click, success) through `report(blocked)`. */
function playVideo(video: HTMLVideoElement, report: (blocked: boolean) => void, reportSuccess = false): void {
  let attempt: Promise<void> | undefined;
  try {
    attempt = video.play() as Promise<void> | undefined;
  } catch {
    return report(true);
  }
  // Old engines return undefined: nothing to learn, autoPlay does its job.
  if (!attempt || typeof attempt.then !== 'function') return;
  attempt.then(
    () => reportSuccess && report(false),
    (error: unknown) => {
      // AbortError only means a newer srcObject replaced this one: not a refusal.
      if ((error as { name?: unknown } | null)?.name !== 'AbortError') report(true);
    },
  );
}
