/**
 * Reconnection on a server without the ICE-restart relay (Askless 2.0.3), issue 15 §5: the
 * askless-react peers re-establish the call with a new `call/request` whose `additionalData`
 * carries a tag, and the other askless-react side answers it by itself, without ringing. Both
 * sides then swap the dead peer connection for the new one; the call stays the same `Call`
 * (`reconnecting`, then `connected`). Only ever sent to a peer that said hello on the in-band
 * channel: a Flutter peer would take the request for a second call.
 *
 * Why not tunnel an ICE restart through the call routes instead: they carry one offer and one
 * answer per request, and a request is the only message 2.0.3 relays that a peer may answer.
 */
import type SimplePeer from 'simple-peer';
import { InternalRoute } from '../protocol/wire.js';
import { randomAlphanumeric } from '../ids.js';
import type { CallSession } from './call-session.js';
import type { CallPeer } from './peer.js';
import { isWireSdp, type CallRequestBody, type CallResponseBody, type WireSdp } from './wire.js';

/** The `additionalData` key of a re-establishing request (an extra field: Flutter and 2.0.3 pass it through). */
export const REESTABLISH_KEY = 'asklessReactReconnect';

/** The tag: a version, and an id the answer repeats so an answer is matched to its request. */
interface ReestablishTag {
  v: 1;
  id: string;
}

/** The tag of a re-establishing request (or of its answer); undefined on anything else. */
function tagOf(additionalData: Record<string, unknown> | undefined): ReestablishTag | undefined {
  const tag = additionalData?.[REESTABLISH_KEY] as { v?: unknown; id?: unknown } | null | undefined;
  return typeof tag === 'object' && tag !== null && tag.v === 1 && typeof tag.id === 'string' && tag.id.length <= 64 ? { v: 1, id: tag.id } : undefined;
}

/** True when a `call/receive` request is an askless-react peer re-establishing a call. */
export function isReestablishRequest(additionalData: Record<string, unknown> | undefined): boolean {
  return tagOf(additionalData) !== undefined;
}

/** The first offer/answer a `trickle:false` peer emits (its candidates are inside). */
export function nextDescription(peer: CallPeer): Promise<WireSdp> {
  return new Promise((resolve, reject) => {
    peer.on('signal', (data) => {
      const candidate = data as { type?: unknown; sdp?: unknown };
      if (isWireSdp(candidate)) resolve({ type: candidate.type, sdp: candidate.sdp });
    });
    peer.on('error', (error) => reject(error));
    peer.on('close', () => reject(new Error('The peer closed before negotiating')));
  });
}

/** A peer like the call's first one (same local stream, fresh WebRTC params). */
async function peerLike(session: CallSession, initiator: boolean): Promise<CallPeer> {
  const { transport } = session.config;
  let params: Awaited<ReturnType<NonNullable<typeof transport.getWebRTCParams>>> = {};
  try {
    params = (await transport.getWebRTCParams?.(session.remoteUserId)) ?? {};
  } catch {
    // As for the first peer: the defaults.
  }
  return session.config.createPeer({
    initiator,
    stream: session.localStream,
    config: params.configuration,
    iceGatheringTimeoutMs: params.iceGatheringTimeoutMs,
    wrtc: transport.wrtc,
  });
}

const destroy = (peer: CallPeer): void => {
  try {
    peer.destroy();
  } catch {
    // Already destroyed.
  }
};

/**
 * The side that made the first offer: offer again through `call/request` and wait for the
 * answer (at most `answerTimeoutMs`). True once the new peer replaced the old one.
 * @example
 * if (relay.unsupported) await reestablishAsOfferer(session, 4_000);
 */
export async function reestablishAsOfferer(session: CallSession, answerTimeoutMs: number): Promise<boolean> {
  const stillWanted = () => !session.ended && session.state === 'reconnecting';
  let peer: CallPeer;
  try {
    peer = await peerLike(session, true);
  } catch (error) {
    session.log(`re-establishing failed: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
  try {
    const offer = await nextDescription(peer);
    // No candidate gathered (the TURN server is still gone): nothing the other side could reach.
    if (!stillWanted() || !/\na=candidate:/.test(offer.sdp)) return destroyed(peer);
    const tag: ReestablishTag = { v: 1, id: randomAlphanumeric(12) };
    let stopWaiting = (): void => undefined;
    const answer = new Promise<WireSdp | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(undefined), answerTimeoutMs);
      // Hung up (or timed out) meanwhile: stop waiting now, so the new peer is destroyed now.
      const offEnded = session.stateListeners.add((state) => {
        if (state === 'ended') resolve(undefined);
      });
      stopWaiting = () => {
        clearTimeout(timer);
        offEnded();
      };
      session.reestablishAnswer = (sdp, data) => {
        // The late answer to an earlier attempt would not fit this peer's offer.
        if (tagOf(data)?.id === tag.id) resolve(sdp);
      };
    });
    const body: CallRequestBody = {
      remoteUserId: session.remoteUserId,
      sdp: offer,
      additionalData: { ...session.additionalData, [REESTABLISH_KEY]: tag },
    };
    const sent = await session.config.transport.create(InternalRoute.callRequest, body);
    const sdp = sent.ok ? await answer : undefined;
    stopWaiting();
    session.reestablishAnswer = undefined;
    if (!sdp || !stillWanted()) return destroyed(peer);
    session.log('re-established with a new request (no ICE-restart relay)');
    session.reestablishedAt = Date.now();
    session.replacePeer(peer);
    peer.signal(sdp as SimplePeer.SignalData);
    return true;
  } catch (error) {
    session.log(`re-establishing failed: ${error instanceof Error ? error.message : String(error)}`);
    return destroyed(peer);
  }
}

function destroyed(peer: CallPeer): false {
  destroy(peer);
  return false;
}

/**
 * The other side: answer a tagged request for a call we are in, by ourselves (no ringing), and
 * swap in the new peer.
 * @example
 * void answerReestablish(session, request.sdp, request.additionalData);
 */
export async function answerReestablish(session: CallSession, offer: WireSdp, requestData: Record<string, unknown>): Promise<void> {
  const tag = tagOf(requestData);
  if (session.state !== 'reconnecting' || !tag) return;
  try {
    const peer = await peerLike(session, false);
    if (session.state !== 'reconnecting') return void destroy(peer);
    const answered = nextDescription(peer);
    session.replacePeer(peer);
    peer.signal(offer as SimplePeer.SignalData);
    const sdp = await answered;
    if (session.ended) return;
    // The tag goes back with the answer, so the offerer matches it to this request.
    const body: CallResponseBody = { callAccepted: true, remoteUserId: session.remoteUserId, sdp, additionalData: { ...session.additionalData, [REESTABLISH_KEY]: tag } };
    const result = await session.config.transport.create(InternalRoute.callResponse, body);
    session.log(result.ok ? 'answered a re-establishing request' : `answering a re-establishing request failed: ${result.error?.code ?? '?'}`);
  } catch (error) {
    session.log(`answering a re-establishing request failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
