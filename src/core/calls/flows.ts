/**
 * The two signaling flows of §8.3/§8.5 on top of a CallSession: the caller gathers before it
 * offers (`trickle:false`), posts `call/request`, applies the answer and then posts its candidate
 * list in the `{candidate, id, label}` shape; the callee listens to `ice-candidate-list`, answers
 * through `call/response` and copes with one candidate batch or none (a Flutter callee sends none).
 */
import { AsklessError, ClientErrorCode, ServerErrorCode } from '../errors.js';
import { InternalRoute } from '../protocol/wire.js';
import type SimplePeer from 'simple-peer';
import type { CallPeer } from './peer.js';
import type { CallSession } from './call-session.js';
import type { AcceptCallOptions, CallAdditionalData } from './types.js';
import { candidatesFromSdp, decodeIceCandidateList, type CallRequestBody, type CallResponseBody, type WireSdp } from './wire.js';
import { nextDescription } from './re-request.js';

/** getWebRTCParams + local media; undefined when the session ended meanwhile or media failed. */
interface Prepared {
  configuration?: RTCConfiguration;
  iceGatheringTimeoutMs?: number;
}

async function prepare(session: CallSession, given: MediaStream | undefined): Promise<Prepared | undefined> {
  const { transport, acquireLocalMedia } = session.config;
  let params: Awaited<ReturnType<NonNullable<typeof transport.getWebRTCParams>>> = {};
  try {
    params = (await transport.getWebRTCParams?.(session.remoteUserId)) ?? {};
  } catch (error) {
    session.log('getWebRTCParams failed; using the defaults');
    void error;
  }
  if (session.ended) return undefined;
  if (given) {
    session.localStream = given;
  } else if (acquireLocalMedia) {
    session.permission = 'prompting';
    session.touch();
    const media = await acquireLocalMedia(session.mediaConstraints ?? params.constraints);
    if (!media.stream && !media.error) {
      // No media devices here at all (Node without WebRTC media): the call goes on data only.
      session.permission = undefined;
      return { configuration: params.configuration, iceGatheringTimeoutMs: params.iceGatheringTimeoutMs };
    }
    if (media.error || !media.stream) {
      const error = media.error ?? new AsklessError('MEDIA_UNAVAILABLE', 'No local media');
      session.permission = media.permission ?? 'blocked';
      session.end('media_error', { error, notifyRemote: true, rejectData: { reason: 'media_error' } });
      return undefined;
    }
    session.permission = 'granted';
    session.localStream = media.stream;
    session.ownsLocalStream = true;
    // Acquired after a hang-up: still ours to stop.
    if (session.ended) {
      for (const track of media.stream.getTracks()) track.stop();
      return undefined;
    }
  }
  return { configuration: params.configuration, iceGatheringTimeoutMs: params.iceGatheringTimeoutMs };
}

async function newPeer(session: CallSession, initiator: boolean, prepared: Prepared): Promise<CallPeer | undefined> {
  const role = session.role;
  try {
    const peer = await session.config.createPeer({
      initiator,
      stream: session.localStream,
      config: prepared.configuration,
      iceGatheringTimeoutMs: prepared.iceGatheringTimeoutMs,
      wrtc: session.config.transport.wrtc,
    });
    // Ended, or switched role by glare while simple-peer loaded: this peer is not wanted.
    if (session.ended || session.role !== role) {
      peer.destroy();
      return undefined;
    }
    session.attachPeer(peer);
    return peer;
  } catch (error) {
    session.end('connection_failed', { error: new AsklessError('CONNECTION_FAILED', 'Could not create the WebRTC peer', { cause: error }), notifyRemote: true });
    return undefined;
  }
}

/**
 * Caller: listen for the answer, offer, request, then apply the answer when it comes.
 * @example
 * void runCaller(session, localStream);
 */
export async function runCaller(session: CallSession, localStream: MediaStream | undefined): Promise<void> {
  const { transport } = session.config;
  session.onAccepted = (sdp, data) => applyAnswer(session, sdp, data);
  const prepared = await prepare(session, localStream);
  if (!prepared || session.role !== 'caller') return;
  // Listen before requesting, as Flutter does, so the answer cannot be missed.
  session.listenForTheCall();
  const peer = await newPeer(session, true, prepared);
  if (!peer) return;
  let offer: WireSdp;
  try {
    offer = await nextDescription(peer);
  } catch (error) {
    if (session.peer === peer) session.end('connection_failed', { error: new AsklessError('CONNECTION_FAILED', 'Could not create the offer', { cause: error }) });
    return;
  }
  // A glare switch may have turned this session into the callee meanwhile.
  if (session.ended || session.role !== 'caller') return;
  session.offer = offer;
  session.requestSent = true;
  session.startRingTimer();
  const body: CallRequestBody = { remoteUserId: session.remoteUserId, sdp: offer, additionalData: session.additionalData };
  const result = await transport.create(InternalRoute.callRequest, body);
  if (session.ended || session.role !== 'caller') return;
  if (!result.ok) {
    session.end('connection_failed', { error: result.error });
    return;
  }
  if (session.state === 'requesting') session.setState('ringing');
}

/** Caller: the callee accepted. Idempotent, since a restarted stream re-sends the answer (§8.3). */
function applyAnswer(session: CallSession, sdp: WireSdp, additionalData: CallAdditionalData): void {
  if (session.answerApplied || session.role !== 'caller' || session.ended || !session.peer || !session.offer) return;
  session.answerApplied = true;
  session.remoteAdditionalData = additionalData;
  session.clearRingTimer();
  session.setState('connecting');
  session.peer.signal(sdp as SimplePeer.SignalData);
  // Flutter's caller posts every candidate it gathered once the answer is in; a Flutter callee
  // needs nothing more than the offer, but posting keeps the flow identical (§8.4).
  void session.config.transport.create(InternalRoute.callIceCandidateList, {
    remoteUserId: session.remoteUserId,
    iceCandidateList: candidatesFromSdp(session.offer.sdp),
  });
}

/**
 * Callee: answer the stored offer. Never rejects; failures are in the result.
 * @example
 * const result = await runAccept(session, { localStream });
 */
export async function runAccept(session: CallSession, options: AcceptCallOptions): Promise<{ success: boolean; error?: AsklessError }> {
  const gone = () => ({ success: false, error: session.error ?? new AsklessError(ServerErrorCode.CALL_NOT_AVAILABLE_ANYMORE, `The call ended (${session.endReason ?? 'unknown'})`) });
  if (session.state !== 'incoming' || !session.offer) {
    if (session.ended) return gone();
    return { success: false, error: new AsklessError(ClientErrorCode.INVALID_ARGUMENT, `Cannot accept a call in state ${session.state}`) };
  }
  const { transport } = session.config;
  const offer = session.offer;
  session.clearRingTimer();
  session.additionalData = options.additionalData ?? {};
  session.setState('accepting');
  const prepared = await prepare(session, options.localStream);
  if (!prepared) return gone();
  listenForCandidates(session, offer);
  const peer = await newPeer(session, false, prepared);
  // Hung up while the peer was handed over: a destroyed simple-peer throws on signal().
  if (!peer || session.ended) return gone();
  const answerPromise = nextDescription(peer);
  peer.signal(offer as SimplePeer.SignalData);
  session.flushCandidates?.();
  let answer: WireSdp;
  try {
    answer = await answerPromise;
  } catch (error) {
    session.end('connection_failed', { error: new AsklessError('CONNECTION_FAILED', 'Could not create the answer', { cause: error }), notifyRemote: true });
    return gone();
  }
  if (session.ended) return gone();
  session.answerSent = true;
  const body: CallResponseBody = { callAccepted: true, remoteUserId: session.remoteUserId, sdp: answer, additionalData: session.additionalData };
  const result = await transport.create(InternalRoute.callResponse, body);
  if (session.ended) return gone();
  if (!result.ok) {
    const notAvailable = result.error?.code === ServerErrorCode.CALL_NOT_AVAILABLE_ANYMORE;
    session.end(notAvailable ? 'canceled' : 'connection_failed', { error: result.error });
    return { success: false, error: result.error };
  }
  session.setState('connecting');
  session.updateLiveState();
  return { success: true };
}

/** Callee: add the caller's posted candidates, skipping those its offer already carried. */
function listenForCandidates(session: CallSession, offer: WireSdp): void {
  const known = new Set(candidatesFromSdp(offer.sdp).map((c) => c.candidate));
  const pending: RTCIceCandidateInit[] = [];
  const add = (candidate: RTCIceCandidateInit) => {
    if (!session.peer || session.ended) return void pending.push(candidate);
    session.peer.signal({ type: 'candidate', candidate } as SimplePeer.SignalData);
  };
  session.flushCandidates = () => {
    for (const candidate of pending.splice(0)) add(candidate);
  };
  const stop = session.config.transport.listen(InternalRoute.callIceCandidateList, { remoteUserId: session.remoteUserId }, {
    onValue: (value) => {
      for (const candidate of decodeIceCandidateList(value)) {
        if (!candidate.candidate || known.has(candidate.candidate)) continue;
        known.add(candidate.candidate);
        add(candidate);
      }
    },
    onStop: () => undefined,
  });
  session.onEnd(stop);
}
