/**
 * The wire shapes of the `askless-internal/call/*` routes (askless-protocol.md §8.1), shared by
 * the client call service and our server's call routes so the two cannot drift. Field names are
 * exactly those of Askless 2.0.3 / Flutter 3.1.0; `endReason` is our only extension (an extra
 * field Flutter ignores).
 */
import type { CallAdditionalData, CallEndReason } from './types.js';

/** A user id as the server knows it (number or string). */
export type WireUserId = string | number;

/** `{type, sdp}`: the RTCSessionDescriptionInit shape. */
export interface WireSdp {
  type: 'offer' | 'answer';
  sdp: string;
}

/** One ICE candidate. `id` carries sdpMid and `label` sdpMLineIndex (easy to mix up). */
export interface WireIceCandidate {
  candidate: string;
  id: string | null;
  label: number | null;
}

/** CREATE `call/request` body. */
export interface CallRequestBody {
  remoteUserId: WireUserId;
  sdp: WireSdp;
  additionalData: CallAdditionalData;
}

/** CREATE `call/response` body: accept carries the answer, reject does not. */
export interface CallResponseBody {
  callAccepted: boolean;
  remoteUserId: WireUserId;
  sdp?: WireSdp;
  additionalData: CallAdditionalData;
}

/** CREATE `call/ice-candidate-list` body. */
export interface IceCandidateListBody {
  remoteUserId: WireUserId;
  iceCandidateList: WireIceCandidate[];
}

/** CREATE `call/close` body. `endReason` is our extension (e.g. `missed`), ignored by 2.0.3. */
export interface CallCloseBody {
  remoteUserId: WireUserId;
  callClosed: true;
  endReason?: CallEndReason;
}

/** What `call/receive` pushes. */
export type CallReceiveValue =
  | { hasCallRequest: false }
  | { hasCallRequest: true; remoteUserId: WireUserId; sdp: WireSdp; additionalData: CallAdditionalData };

/** One value of a `listen-for-a-call` stream, decoded. */
export type ListenForACallEvent =
  | { kind: 'remoteConnection'; connected: boolean }
  | { kind: 'accepted'; sdp: WireSdp; additionalData: CallAdditionalData }
  | { kind: 'offer'; sdp: WireSdp; additionalData: CallAdditionalData }
  | { kind: 'rejected'; additionalData: CallAdditionalData; endReason?: CallEndReason }
  | { kind: 'canceled'; endReason?: CallEndReason }
  | { kind: 'closed'; endReason?: CallEndReason }
  | { kind: 'none' };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * True for a `{type:'offer'|'answer', sdp:string}` object.
 * @example
 * isWireSdp({ type: 'offer', sdp: 'v=0...' }); // true
 */
export function isWireSdp(value: unknown): value is WireSdp {
  return isObject(value) && (value.type === 'offer' || value.type === 'answer') && typeof value.sdp === 'string';
}

/**
 * A user id is a non-empty string or a finite number.
 * @example
 * isWireUserId(2); // true
 */
export function isWireUserId(value: unknown): value is WireUserId {
  return (typeof value === 'string' && value !== '') || (typeof value === 'number' && Number.isFinite(value));
}

/**
 * Compare two user ids the way the server keys them (2 and "2" are the same user).
 * @example
 * sameUserId(2, '2'); // true
 */
export function sameUserId(a: unknown, b: unknown): boolean {
  return a !== undefined && a !== null && b !== undefined && b !== null && String(a) === String(b);
}

const additionalDataOf = (v: Record<string, unknown>): CallAdditionalData =>
  isObject(v.additionalData) ? (v.additionalData as CallAdditionalData) : {};

const END_REASONS: ReadonlySet<string> = new Set([
  'hangup',
  'remote_hangup',
  'rejected',
  'canceled',
  'missed',
  'busy',
  'connection_failed',
  'media_error',
  'answered_elsewhere',
  'unavailable',
]);
const endReasonOf = (v: Record<string, unknown>): CallEndReason | undefined =>
  typeof v.endReason === 'string' && END_REASONS.has(v.endReason) ? (v.endReason as CallEndReason) : undefined;

/**
 * Decode one `listen-for-a-call` value (initial value or push) into what it means.
 * @example
 * decodeListenForACall({ callClosed: true, callAccepted: false }); // { kind: 'canceled' }
 */
export function decodeListenForACall(value: unknown): ListenForACallEvent {
  if (!isObject(value)) return { kind: 'none' };
  if (typeof value.remoteUserIsConnected === 'boolean') return { kind: 'remoteConnection', connected: value.remoteUserIsConnected };
  const endReason = endReasonOf(value);
  if (value.callClosed === true) {
    if (value.callAccepted === false) {
      // A rejection carries the callee's additionalData and remoteUserId; a cancel carries neither.
      if ('additionalData' in value || 'remoteUserId' in value) return { kind: 'rejected', additionalData: additionalDataOf(value), endReason };
      return { kind: 'canceled', endReason };
    }
    return { kind: 'closed', endReason };
  }
  if (value.callAccepted === true && isWireSdp(value.sdp) && value.sdp.type === 'answer') {
    return { kind: 'accepted', sdp: value.sdp, additionalData: additionalDataOf(value) };
  }
  if (isWireSdp(value.sdp) && value.sdp.type === 'offer') return { kind: 'offer', sdp: value.sdp, additionalData: additionalDataOf(value) };
  return { kind: 'none' };
}

/**
 * Decode a `call/receive` value; anything malformed counts as "no call".
 * @example
 * decodeCallReceive({ hasCallRequest: false }); // { hasCallRequest: false }
 */
export function decodeCallReceive(value: unknown): CallReceiveValue {
  if (!isObject(value) || value.hasCallRequest !== true || !isWireUserId(value.remoteUserId) || !isWireSdp(value.sdp)) {
    return { hasCallRequest: false };
  }
  return { hasCallRequest: true, remoteUserId: value.remoteUserId, sdp: value.sdp, additionalData: additionalDataOf(value) };
}

/**
 * Decode an `ice-candidate-list` value into WebRTC candidate inits, skipping empty entries.
 * @example
 * decodeIceCandidateList({ iceCandidateList: [{ candidate: 'candidate:1 ...', id: '0', label: 0 }] });
 * // [{ candidate: 'candidate:1 ...', sdpMid: '0', sdpMLineIndex: 0 }]
 */
export function decodeIceCandidateList(value: unknown): RTCIceCandidateInit[] {
  if (!isObject(value) || !Array.isArray(value.iceCandidateList)) return [];
  const out: RTCIceCandidateInit[] = [];
  for (const entry of value.iceCandidateList) {
    if (!isObject(entry) || typeof entry.candidate !== 'string' || entry.candidate === '') continue;
    out.push({
      candidate: entry.candidate,
      sdpMid: typeof entry.id === 'string' ? entry.id : null,
      sdpMLineIndex: typeof entry.label === 'number' ? entry.label : null,
    });
  }
  return out;
}

/**
 * Extract the `a=candidate:` lines of a non-trickle SDP in the `{candidate, id, label}` shape
 * (Flutter's caller posts its gathered candidates after the answer; §8.5).
 * @example
 * candidatesFromSdp('m=audio 9 ...\r\na=mid:0\r\na=candidate:1 1 udp 2122260223 192.0.2.10 54400 typ host\r\n');
 * // [{ candidate: 'candidate:1 1 udp ...', id: '0', label: 0 }]
 */
export function candidatesFromSdp(sdp: string): WireIceCandidate[] {
  const out: WireIceCandidate[] = [];
  // Chrome writes a=candidate lines before a=mid inside a media section: collect per section.
  const sections = sdp.split(/\r?\n(?=m=)/).slice(1);
  sections.forEach((section, mLineIndex) => {
    const lines = section.split(/\r?\n/).map((l) => l.trim());
    const midLine = lines.find((l) => l.startsWith('a=mid:'));
    const mid = midLine ? midLine.slice('a=mid:'.length) : String(mLineIndex);
    for (const line of lines) {
      if (line.startsWith('a=candidate:')) out.push({ candidate: line.slice(2), id: mid, label: mLineIndex });
    }
  });
  return out;
}
