/**
 * The seven `askless-internal/call/*` routes (askless-protocol.md §8), with every Flutter-visible
 * shape of 2.0.3 and its defects fixed (docs/calls.md, "Server"): bad bodies get BAD_REQUEST
 * instead of crashing (Q1); cancel, reject and close reach the other side once, followed by one
 * StopListening per stream of that pair only; accepting a cancelled call answers
 * CALL_NOT_AVAILABLE_ANYMORE; `call/receive` pushes each new caller once (Q22).
 */
import { ServerErrorCode } from '../../core/errors.js';
import { InternalRoute } from '../../core/protocol/wire.js';
import { isWireSdp, isWireUserId, sameUserId, type WireIceCandidate } from '../../core/calls/wire.js';
import { MAX_ID_LENGTH, type ServerLimits } from '../limits.js';
import type { ListenerHandle, ReadRoute } from '../readRoute.js';
import type { AsklessServer } from '../server.js';
import type { BaseContext, HandlerError, ListenContext } from '../types.js';
import { CallState, userKey, type SweptPair } from './state.js';
import type { CallStore } from './store.js';

type Ctx = BaseContext<any> & { errorCallback(error?: HandlerError): void };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const dataOf = (v: unknown): Record<string, unknown> => (isObject(v) ? v : {});
const endReasonOf = (body: Record<string, unknown>): { endReason?: string } =>
  typeof body.endReason === 'string' && body.endReason.length <= 40 ? { endReason: body.endReason } : {};

/** The other user of a request, or an error reply (missing, malformed, too long or oneself). */
function peerOf(ctx: Ctx, value: unknown, where: string): string | number | undefined {
  if (!isWireUserId(value) || (typeof value === 'string' && value.length > MAX_ID_LENGTH)) {
    ctx.errorCallback({ code: ServerErrorCode.BAD_REQUEST, description: `${where}: remoteUserId is required (string or number)` });
    return undefined;
  }
  if (sameUserId(value, ctx.userId)) {
    ctx.errorCallback({ code: ServerErrorCode.BAD_REQUEST, description: `${where}: remoteUserId cannot be your own user id` });
    return undefined;
  }
  return value;
}

/** BAD_REQUEST reason for an SDP or additionalData over its limit, or undefined. */
function oversize(limits: ServerLimits, where: string, sdp: { sdp: string } | undefined, additionalData: unknown): string | undefined {
  if (sdp && Buffer.byteLength(sdp.sdp, 'utf8') > limits.maxSdpBytes) return `${where}: sdp is larger than ${limits.maxSdpBytes} bytes`;
  if (additionalData !== undefined && JSON.stringify(additionalData).length > limits.maxCallAdditionalDataBytes) {
    return `${where}: additionalData is larger than ${limits.maxCallAdditionalDataBytes} bytes`;
  }
  return undefined;
}

function candidatesOf(value: unknown): WireIceCandidate[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const out: WireIceCandidate[] = [];
  for (const e of value) {
    if (!isObject(e) || typeof e.candidate !== 'string') continue;
    out.push({ candidate: e.candidate, id: typeof e.id === 'string' ? e.id : null, label: typeof e.label === 'number' ? e.label : null });
  }
  return out;
}

/**
 * What the call routes need from the server beyond its public surface.
 * @example
 * registerCallRoutes(server, { limits, onlineUserKeys: () => new Set(['1']) });
 */
export interface CallHost {
  limits: ServerLimits;
  /** `userKey`s of the users with an authenticated connection right now (on any process of a cluster). */
  onlineUserKeys(): Set<string> | Promise<Set<string>>;
  /** A cluster's shared call state; undefined: this process's own {@link CallState}. */
  sharedStore?(): CallStore | undefined;
  /** Started streams of `route` on every process of a cluster (default: this process's). */
  listeners?(route: ReadRoute<any>): ListenerHandle<any>[] | Promise<ListenerHandle<any>[]>;
}

/**
 * The call routes' state and its periodic sweep (lifetimes, issue 14).
 * @example
 * const calls = registerCallRoutes(server, host); setInterval(() => calls.sweep(Date.now()), 5000);
 */
export interface CallRoutes {
  /** This process's call state (unused while a cluster's shared store serves the routes). */
  readonly state: CallState;
  /** End expired requests and the calls of users gone for the grace period; resolves with how many pairs. */
  sweep(now: number): Promise<number>;
}

/**
 * Register the call routes on `server` (called from `init`).
 * @example
 * const calls = registerCallRoutes(server, host);
 */
export function registerCallRoutes(server: AsklessServer<any>, host: CallHost): CallRoutes {
  const { limits } = host;
  const state = new CallState({ requestTtlMs: limits.callRequestTtlMs, offlineGraceMs: limits.callOfflineGraceMs, maxPendingPerCaller: limits.maxPendingCallRequestsPerUser });
  const routes = server.addRoute.forAuthenticatedUsers;
  // Every state access and listener lookup is awaited: in a cluster both live in Redis.
  const store = (): CallStore => host.sharedStore?.() ?? state;
  const everywhere = async (route: ReadRoute<any>): Promise<ListenerHandle<any>[]> => (host.listeners ? host.listeners(route) : route.listeners());
  /**
   * One operation at a time per pair of users, in arrival order: with awaits inside, two frames
   * of one pair (Flutter sends call/close twice) would otherwise interleave and both act.
   */
  const queues = new Map<string, Promise<unknown>>();
  const serial = <T,>(a: unknown, b: unknown, task: () => Promise<T>): Promise<T> => {
    const key = JSON.stringify([userKey(a), userKey(b)].sort());
    const run = (queues.get(key) ?? Promise.resolve()).then(task, task);
    const tail = run.catch(() => undefined);
    queues.set(key, tail);
    void tail.then(() => queues.get(key) === tail && queues.delete(key));
    return run;
  };

  /** Started streams of `route` held by `userId`, optionally only those about `peerId`. */
  const streamsOf = async (route: ReadRoute<any>, userId: unknown, peerId?: unknown) =>
    (await everywhere(route)).filter((l) => sameUserId(l.userId, userId) && (peerId === undefined || sameUserId(l.params.remoteUserId, peerId)));

  /** Tell `userId`'s streams about `peerId`, then (optionally) forget the pair and stop both sides once. */
  const pushToPair = async (userId: unknown, peerId: unknown, entity: Record<string, unknown>) => {
    for (const l of await streamsOf(listenForACall, userId, peerId)) l.push(entity);
  };
  const cleanPair = async (a: unknown, b: unknown) => {
    await store().clean(a, b);
    for (const l of [...(await streamsOf(listenForACall, a, b)), ...(await streamsOf(listenForACall, b, a))]) l.stop();
  };

  const receive = routes.read({
    route: InternalRoute.callReceive,
    handleRead: async (ctx) => {
      const first = (await store().pendingFor(ctx.userId))[0];
      ctx.successCallback(first ? { hasCallRequest: true, remoteUserId: first.callerId, sdp: first.sdp, additionalData: first.additionalData } : { hasCallRequest: false });
    },
  });

  routes.create({
    route: InternalRoute.callRequest,
    handleCreate: async (ctx) => {
      const body = dataOf(ctx.body);
      const calleeId = peerOf(ctx, body.remoteUserId, 'call/request');
      if (calleeId === undefined) return;
      if (!isWireSdp(body.sdp)) return ctx.errorCallback({ code: ServerErrorCode.BAD_REQUEST, description: 'call/request: sdp must be {type, sdp}' });
      const additionalData = dataOf(body.additionalData);
      const tooBig = oversize(limits, 'call/request', body.sdp, additionalData);
      if (tooBig) return ctx.errorCallback({ code: ServerErrorCode.BAD_REQUEST, description: tooBig });
      const sdp = body.sdp;
      await serial(ctx.userId, calleeId, async () => {
        if (!(await store().addRequest(ctx.userId, calleeId, sdp, additionalData, Date.now()))) {
          const description = `call/request: at most ${limits.maxPendingCallRequestsPerUser} unanswered call requests per user`;
          return ctx.errorCallback({ code: ServerErrorCode.RATE_LIMITED, description });
        }
        // Only this caller's request, once (2.0.3 re-pushed the first pending caller to everyone, Q22).
        const entity = { hasCallRequest: true, remoteUserId: ctx.userId, sdp, additionalData };
        for (const l of await streamsOf(receive, calleeId)) l.push(entity);
        ctx.successCallback({ info: 'You requested a call' });
      });
    },
  });

  const listenForACall = routes.read({
    route: InternalRoute.callListenForACall,
    handleRead: async (ctx) => {
      const peerId = peerOf(ctx, ctx.params.remoteUserId, 'listen-for-a-call');
      if (peerId === undefined) return;
      // Behind the pair's queued operations: a call/close that arrived before this LISTEN must
      // finish (and push to the old streams) before this stream starts and can be pushed to.
      await serial(ctx.userId, peerId, async () => ctx.successCallback({ ...((await store().postedBy(peerId, ctx.userId)) ?? {}), remoteUserId: peerId }));
    },
    onClientStartsListening: (ctx) => {
      const peerId = ctx.params.remoteUserId;
      return serial(ctx.userId, peerId, async () => {
        await store().setAlone(ctx.userId, peerId, ctx.userId, false);
        // 2.0.3 told every stream of the peer; only the one about this user cares.
        await pushToPair(peerId, ctx.userId, { remoteUserIsConnected: true });
      });
    },
    onClientStopsListening: (ctx) => serial(ctx.userId, ctx.params.remoteUserId, () => onCallStreamStopped(ctx)),
  });

  async function onCallStreamStopped(ctx: ListenContext<any>): Promise<void> {
    // Our own clean-up (`server`) and a re-LISTEN of the same id are not the user leaving.
    if (ctx.reason === 'server' || ctx.reason === 'relisten') return;
    const me = ctx.userId;
    const peerId = ctx.params.remoteUserId;
    if (me === undefined || !isWireUserId(peerId)) return;
    // Another device or a newer socket of the same user still follows this call.
    if ((await streamsOf(listenForACall, me, peerId)).length > 0) return;
    if (await store().hasPendingBetween(me, peerId)) {
      await pushToPair(peerId, me, { callClosed: true, callAccepted: false });
      await cleanPair(me, peerId);
      return;
    }
    if (!(await store().liveBetween(me, peerId))) return;
    if (await store().isAlone(me, peerId, peerId)) return void (await cleanPair(me, peerId));
    await store().setAlone(me, peerId, me, true);
    await pushToPair(peerId, me, { remoteUserIsConnected: false });
  }

  routes.create({
    route: InternalRoute.callResponse,
    handleCreate: async (ctx) => {
      const body = dataOf(ctx.body);
      const callerId = peerOf(ctx, body.remoteUserId, 'call/response');
      if (callerId === undefined) return;
      if (typeof body.callAccepted !== 'boolean') {
        return ctx.errorCallback({ code: ServerErrorCode.BAD_REQUEST, description: 'call/response: callAccepted must be a boolean' });
      }
      const additionalData = dataOf(body.additionalData);
      const tooBig = oversize(limits, 'call/response', isWireSdp(body.sdp) ? body.sdp : undefined, additionalData);
      if (tooBig) return ctx.errorCallback({ code: ServerErrorCode.BAD_REQUEST, description: tooBig });
      await serial(ctx.userId, callerId, () => respond(ctx, callerId, body, additionalData));
    },
  });

  /** call/response: accept (the call goes live, other devices stop ringing) or reject. */
  async function respond(ctx: Ctx & { successCallback(entity: unknown): void }, callerId: string | number, body: Record<string, unknown>, additionalData: Record<string, unknown>): Promise<void> {
    const me = ctx.userId;
    const pending = await store().request(callerId, me);
    if (body.callAccepted) {
      if (!pending) {
        return ctx.errorCallback({ code: ServerErrorCode.CALL_NOT_AVAILABLE_ANYMORE, description: `The call of user ${String(callerId)} is not available anymore` });
      }
      if (!isWireSdp(body.sdp)) return ctx.errorCallback({ code: ServerErrorCode.BAD_REQUEST, description: 'call/response: an accept needs sdp {type, sdp}' });
      await store().accept(me, pending.callerId, { callAccepted: true, sdp: body.sdp, additionalData });
      await pushToPair(callerId, me, { callAccepted: true, sdp: body.sdp, additionalData, remoteUserId: me });
      // The callee's other devices stop ringing: for them the call is gone (2.0.3 let them ring on).
      for (const l of await streamsOf(listenForACall, me, callerId)) {
        if (l.connectionId === ctx.connectionId) continue;
        // `endReason` is an extra field (Flutter and 2.0.3 ignore it): our client ends that
        // device's ringing as answered_elsewhere instead of a missed call.
        l.push({ callClosed: true, callAccepted: false, endReason: 'answered_elsewhere' });
        l.stop();
      }
      return ctx.successCallback({ info: `You (user ${String(me)}) accepted the call of user ${String(callerId)}` });
    }
    if (pending) {
      // The rejection first, then one StopListening per stream (2.0.3 waited for the confirm).
      await pushToPair(callerId, me, { callClosed: true, callAccepted: false, additionalData, remoteUserId: me });
      await cleanPair(me, callerId);
    }
    ctx.successCallback({ info: `You (user ${String(me)}) rejected the call of user ${String(callerId)}` });
  }

  // Q12: the read route of a name before its create route.
  const iceRoute = routes.read({
    route: InternalRoute.callIceCandidateList,
    handleRead: async (ctx) => {
      const senderId = peerOf(ctx, ctx.params.remoteUserId, 'ice-candidate-list');
      if (senderId === undefined) return;
      await serial(ctx.userId, senderId, async () => ctx.successCallback({ remoteUserId: senderId, iceCandidateList: (await store().iceFrom(senderId, ctx.userId)) ?? [] }));
    },
    // 2.0.3 forgets a list once its push is confirmed.
    onReceived: (entity: { remoteUserId: unknown; iceCandidateList: unknown }, ctx) =>
      void store().deliveredIce(entity.remoteUserId, ctx.userId, entity.iceCandidateList),
  });

  routes.create({
    route: InternalRoute.callIceCandidateList,
    handleCreate: async (ctx) => {
      const body = dataOf(ctx.body);
      const receiverId = peerOf(ctx, body.remoteUserId, 'ice-candidate-list');
      if (receiverId === undefined) return;
      const list = candidatesOf(body.iceCandidateList);
      if (!list) return ctx.errorCallback({ code: ServerErrorCode.BAD_REQUEST, description: 'ice-candidate-list: iceCandidateList must be an array' });
      if (list.length > limits.maxIceCandidates) {
        return ctx.errorCallback({ code: ServerErrorCode.BAD_REQUEST, description: `ice-candidate-list: at most ${limits.maxIceCandidates} candidates` });
      }
      await serial(ctx.userId, receiverId, async () => {
        await store().setIce(ctx.userId, receiverId, list);
        for (const l of await streamsOf(iceRoute, receiverId, ctx.userId)) l.push({ remoteUserId: ctx.userId, iceCandidateList: list });
      });
      ctx.successCallback({});
    },
  });

  routes.create({
    route: InternalRoute.callClose,
    handleCreate: async (ctx) => {
      const body = dataOf(ctx.body);
      const peerId = peerOf(ctx, body.remoteUserId, 'call/close');
      if (peerId === undefined) return;
      await serial(ctx.userId, peerId, () => closeBetween(ctx.userId, peerId, endReasonOf(body)));
      // Nothing between them: a repeated close (Flutter sends two) is a harmless no-op.
      ctx.successCallback({});
    },
  });

  /** End whatever joins `me` and `peerId`, as a call/close from `me` does: each shape as in 2.0.3. */
  async function closeBetween(me: unknown, peerId: unknown, reason: { endReason?: string }): Promise<void> {
    if (await store().request(me, peerId)) {
      await pushToPair(peerId, me, { callClosed: true, callAccepted: false, ...reason }); // the caller cancels
      await cleanPair(me, peerId);
    } else if (await store().request(peerId, me)) {
      await pushToPair(peerId, me, { callClosed: true, callAccepted: false, additionalData: {}, remoteUserId: me, ...reason }); // the callee declines
      await cleanPair(me, peerId);
    } else if (await store().liveBetween(me, peerId)) {
      await pushToPair(peerId, me, { callClosed: true, ...reason });
      await cleanPair(me, peerId);
    } else await store().clean(me, peerId); // leftovers (a posted answer, candidates)
  }

  const sweep = async (now: number): Promise<number> => {
    const online = await host.onlineUserKeys();
    const ended = await store().sweep(now, (key) => online.has(key));
    for (const { from, to, reason } of ended) await serial(from, to, () => endSwept(from, to, reason));
    return ended.length;
  };

  /** An unanswered request expired (both sides learn it was missed), or `from` has been gone for the grace period. */
  async function endSwept(from: unknown, to: unknown, reason: SweptPair['reason']): Promise<void> {
    if (reason === 'expired' && (await store().request(from, to))) {
      await pushToPair(from, to, { callClosed: true, callAccepted: false, additionalData: {}, remoteUserId: to, endReason: 'missed' });
    }
    await closeBetween(from, to, { endReason: reason === 'expired' ? 'missed' : 'connection_failed' });
  }

  return { state, sweep };
}
