/**
 * The in-band messages of a group-call pair's data channel: this side's microphone, camera and
 * screen-share state. Versioned and validated like anything off the wire; an unknown or
 * malformed message is ignored.
 */

/** The state one member tells another. `screenStreamId` names the stream that is its screen. */
export interface PairStateMessage {
  t: 'state';
  audioMuted: boolean;
  videoMuted: boolean;
  screenStreamId: string | undefined;
}

/** Version of the pair messages; a peer with another major version is ignored. */
export const PAIR_MESSAGE_VERSION = 1;
const MAX_MESSAGE_BYTES = 4096;

/**
 * Text for the data channel.
 * @example
 * peer.send(encodePairMessage({ t: 'state', audioMuted: true, videoMuted: false, screenStreamId: undefined }));
 */
export function encodePairMessage(message: PairStateMessage): string {
  return JSON.stringify({ v: PAIR_MESSAGE_VERSION, ...message });
}

/**
 * A message read off the data channel, or undefined when it is not one we know.
 * @example
 * const message = decodePairMessage(data);
 */
export function decodePairMessage(data: unknown): PairStateMessage | undefined {
  let text: string;
  if (typeof data === 'string') text = data;
  else if (data instanceof Uint8Array) text = new TextDecoder().decode(data);
  else return undefined;
  if (text.length > MAX_MESSAGE_BYTES) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const m = value as Record<string, unknown>;
  if (m.v !== PAIR_MESSAGE_VERSION || m.t !== 'state') return undefined;
  if (typeof m.audioMuted !== 'boolean' || typeof m.videoMuted !== 'boolean') return undefined;
  const screenStreamId = typeof m.screenStreamId === 'string' && m.screenStreamId.length <= 256 ? m.screenStreamId : undefined;
  return { t: 'state', audioMuted: m.audioMuted, videoMuted: m.videoMuted, screenStreamId };
}
