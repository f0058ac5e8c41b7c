/**
 * The extension route that relays ICE-restart offers and answers between the two parties of a
 * live call (issue 15), when the in-band data channel is down with the connection it runs over.
 * Under `askless-react/`, so Askless 2.0.3 and Flutter never see it. Shared by client and server.
 */
import { isWireSdp, isWireUserId, type WireSdp, type WireUserId } from './wire.js';

/** LISTEN (params `{}`) to receive, CREATE `{ remoteUserId, sdp }` to send. */
export const ICE_RESTART_ROUTE = 'askless-react/call/ice-restart';

/** Bigger SDPs are refused (server) and ignored (client). */
export const ICE_RESTART_MAX_SDP_CHARS = 64 * 1024;

/**
 * One relayed description: `remoteUserId` is the receiver on a CREATE and the sender on a push.
 * @example
 * const body: IceRestartMessage = { remoteUserId: 2, sdp: { type: 'offer', sdp } };
 */
export interface IceRestartMessage {
  remoteUserId: WireUserId;
  sdp: WireSdp;
}

/**
 * Decode a relayed description; undefined when malformed or oversized.
 * @example
 * decodeIceRestart({ remoteUserId: 2, sdp: { type: 'answer', sdp: 'v=0' } });
 */
export function decodeIceRestart(value: unknown): IceRestartMessage | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { remoteUserId, sdp } = value as Record<string, unknown>;
  if (!isWireUserId(remoteUserId) || !isWireSdp(sdp) || sdp.sdp.length > ICE_RESTART_MAX_SDP_CHARS) return undefined;
  return { remoteUserId, sdp: { type: sdp.type, sdp: sdp.sdp } };
}
