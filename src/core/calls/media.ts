/**
 * Local media for calls: `getUserMedia` with its failures mapped to typed permission states and
 * AsklessError codes, and a helper that stops every track of a stream. No React, no simple-peer.
 */
import { AsklessError } from '../errors.js';
import type { MediaPermission } from './types.js';

/**
 * Error codes of media failures (AsklessError.code).
 * @example
 * if (media.error?.code === MediaErrorCode.PERMISSION_BLOCKED) showSettingsHint();
 */
export const MediaErrorCode = {
  /** The user or the browser policy denied camera/microphone access. */
  PERMISSION_BLOCKED: 'PERMISSION_BLOCKED',
  /** No camera/microphone matches. */
  DEVICE_NOT_FOUND: 'DEVICE_NOT_FOUND',
  /** The device exists but another application holds it. */
  DEVICE_IN_USE: 'DEVICE_IN_USE',
  /** The constraints cannot be satisfied by any device. */
  CONSTRAINTS_INVALID: 'CONSTRAINTS_INVALID',
  /** getUserMedia is unavailable (insecure context, Node without a WebRTC implementation). */
  MEDIA_UNAVAILABLE: 'MEDIA_UNAVAILABLE',
} as const;

/**
 * What `getLocalMedia` resolves to: never rejected, failures are typed.
 * @example
 * const media: LocalMediaResult = await getLocalMedia({ audio: true });
 */
export type LocalMediaResult =
  | { readonly stream: MediaStream; readonly permission: 'granted'; readonly error?: undefined }
  | { readonly stream?: undefined; readonly permission: Exclude<MediaPermission, 'granted' | 'prompting'>; readonly error: AsklessError };

const BY_NAME: Record<string, { permission: Exclude<MediaPermission, 'granted' | 'prompting'>; code: string }> = {
  NotAllowedError: { permission: 'blocked', code: MediaErrorCode.PERMISSION_BLOCKED },
  SecurityError: { permission: 'blocked', code: MediaErrorCode.PERMISSION_BLOCKED },
  PermissionDeniedError: { permission: 'blocked', code: MediaErrorCode.PERMISSION_BLOCKED },
  NotFoundError: { permission: 'not_found', code: MediaErrorCode.DEVICE_NOT_FOUND },
  DevicesNotFoundError: { permission: 'not_found', code: MediaErrorCode.DEVICE_NOT_FOUND },
  NotReadableError: { permission: 'in_use', code: MediaErrorCode.DEVICE_IN_USE },
  TrackStartError: { permission: 'in_use', code: MediaErrorCode.DEVICE_IN_USE },
  AbortError: { permission: 'in_use', code: MediaErrorCode.DEVICE_IN_USE },
  OverconstrainedError: { permission: 'constraints_invalid', code: MediaErrorCode.CONSTRAINTS_INVALID },
  ConstraintNotSatisfiedError: { permission: 'constraints_invalid', code: MediaErrorCode.CONSTRAINTS_INVALID },
  TypeError: { permission: 'constraints_invalid', code: MediaErrorCode.CONSTRAINTS_INVALID },
};

/**
 * Map a getUserMedia failure to a permission state and an AsklessError.
 * @example
 * mediaFailure(new DOMException('denied', 'NotAllowedError')); // { permission: 'blocked', error: PERMISSION_BLOCKED }
 */
export function mediaFailure(error: unknown): Extract<LocalMediaResult, { error: AsklessError }> {
  const name = typeof error === 'object' && error !== null && typeof (error as { name?: unknown }).name === 'string' ? (error as { name: string }).name : '';
  const mapped = BY_NAME[name] ?? { permission: 'blocked' as const, code: MediaErrorCode.PERMISSION_BLOCKED };
  const message = error instanceof Error ? error.message : String(error);
  return { permission: mapped.permission, error: new AsklessError(mapped.code, `getUserMedia failed (${name || 'unknown'}): ${message}`, { cause: error }) };
}

/** The page's getUserMedia, if any (absent in Node and insecure contexts). */
function platformGetUserMedia(): ((c: MediaStreamConstraints) => Promise<MediaStream>) | undefined {
  const devices = (globalThis as { navigator?: { mediaDevices?: MediaDevices } }).navigator?.mediaDevices;
  return devices && typeof devices.getUserMedia === 'function' ? (c) => devices.getUserMedia(c) : undefined;
}

/**
 * True when this environment can capture local media.
 * @example
 * if (!canGetLocalMedia()) showNoCameraHint();
 */
export function canGetLocalMedia(): boolean {
  return platformGetUserMedia() !== undefined;
}

/**
 * Ask for camera/microphone; never rejects. The caller owns the tracks (see {@link stopStream}).
 * @example
 * const media = await getLocalMedia({ audio: true, video: true });
 * if (media.error) showPermissionHint(media.permission); else preview(media.stream);
 */
export async function getLocalMedia(
  constraints: MediaStreamConstraints = { audio: true, video: true },
  getUserMedia = platformGetUserMedia(),
): Promise<LocalMediaResult> {
  if (!getUserMedia) {
    return {
      permission: 'not_found',
      error: new AsklessError(MediaErrorCode.MEDIA_UNAVAILABLE, 'getUserMedia is not available here (insecure context or no WebRTC)'),
    };
  }
  try {
    return { stream: await getUserMedia(constraints), permission: 'granted' };
  } catch (error) {
    return mediaFailure(error);
  }
}

/**
 * Stop every track of a stream (camera light off); safe with `undefined` and repeated calls.
 * @example
 * stopStream(localStream);
 */
export function stopStream(stream: MediaStream | undefined | null): void {
  if (!stream) return;
  for (const track of stream.getTracks()) {
    try {
      track.stop();
    } catch {
      // A track that is already gone cannot be stopped twice; nothing to do.
    }
  }
}
