/**
 * In-memory call state of the server, keyed by user id like 2.0.3 (§8.2): pending requests per
 * callee (one per caller, in arrival order), what each user last posted for the other (`sdp`),
 * the last candidate list, and accepted calls with the users whose peer dropped off ("alone").
 * Pure data: the routes in index.ts decide what to push.
 */
import type { CallAdditionalData } from '../../core/calls/types.js';
import type { WireIceCandidate, WireSdp, WireUserId } from '../../core/calls/wire.js';

/** String form of a user id: 2 and "2" are one user, as in the client. */
export const userKey = (id: unknown): string => String(id);
const directed = (from: unknown, to: unknown): string => `${userKey(from)}_${userKey(to)}`;
const pairOf = (a: unknown, b: unknown): string => [userKey(a), userKey(b)].sort().join('|');

/** A call request waiting for the callee's answer. */
export interface PendingRequest {
  callerId: WireUserId;
  sdp: WireSdp;
  additionalData: CallAdditionalData;
}

/** An accepted call. */
export interface LiveCallRecord {
  callerId: WireUserId;
  calleeId: WireUserId;
  /** Users whose listen-for-a-call stream stopped while the call was live. */
  alone: Set<string>;
}

/**
 * The whole call state of one server.
 * @example
 * const state = new CallState();
 * state.addRequest(1, 2, offer, {});
 * state.pendingFor(2); // [{ callerId: 1, ... }]
 */
export class CallState {
  private readonly pending = new Map<string, Map<string, PendingRequest>>();
  private readonly posted = new Map<string, Record<string, unknown>>();
  private readonly ice = new Map<string, WireIceCandidate[]>();
  private readonly live = new Map<string, LiveCallRecord>();

  /** Record (or replace: one per caller) a request from `callerId` to `calleeId`. */
  addRequest(callerId: WireUserId, calleeId: WireUserId, sdp: WireSdp, additionalData: CallAdditionalData): void {
    const key = userKey(calleeId);
    const list = this.pending.get(key) ?? new Map<string, PendingRequest>();
    // Re-insert so a repeated request keeps one entry (the newest offer) at the end.
    list.delete(userKey(callerId));
    list.set(userKey(callerId), { callerId, sdp, additionalData });
    this.pending.set(key, list);
    this.posted.set(directed(callerId, calleeId), { sdp, additionalData });
    this.ice.delete(directed(callerId, calleeId));
    this.live.delete(pairOf(callerId, calleeId));
  }

  /** Pending requests for `calleeId`, oldest first. */
  pendingFor(calleeId: unknown): PendingRequest[] {
    return [...(this.pending.get(userKey(calleeId))?.values() ?? [])];
  }

  /** The request `callerId` → `calleeId`, if still pending. */
  request(callerId: unknown, calleeId: unknown): PendingRequest | undefined {
    return this.pending.get(userKey(calleeId))?.get(userKey(callerId));
  }

  /** True when either user has a pending request to the other. */
  hasPendingBetween(a: unknown, b: unknown): boolean {
    return this.request(a, b) !== undefined || this.request(b, a) !== undefined;
  }

  /** The callee accepted: the call becomes live; a crossed request the other way (glare) is dropped. */
  accept(calleeId: WireUserId, callerId: WireUserId, answer: Record<string, unknown>): LiveCallRecord {
    this.removeRequest(callerId, calleeId);
    this.removeRequest(calleeId, callerId);
    this.posted.set(directed(calleeId, callerId), answer);
    const record: LiveCallRecord = { callerId, calleeId, alone: new Set() };
    this.live.set(pairOf(callerId, calleeId), record);
    return record;
  }

  /** The live call between two users, if any. */
  liveBetween(a: unknown, b: unknown): LiveCallRecord | undefined {
    return this.live.get(pairOf(a, b));
  }

  /** What `from` last posted for `to` (offer, answer or rejection). */
  postedBy(from: unknown, to: unknown): Record<string, unknown> | undefined {
    return this.posted.get(directed(from, to));
  }

  setIce(from: unknown, to: unknown, list: WireIceCandidate[]): void {
    this.ice.set(directed(from, to), list);
  }

  iceFrom(from: unknown, to: unknown): WireIceCandidate[] | undefined {
    return this.ice.get(directed(from, to));
  }

  /** Forget a candidate list once delivered, unless a newer one replaced it meanwhile. */
  deliveredIce(from: unknown, to: unknown, list: unknown): void {
    if (this.ice.get(directed(from, to)) === list) this.ice.delete(directed(from, to));
  }

  /** Forget everything between two users. Returns true if there was anything. */
  clean(a: unknown, b: unknown): boolean {
    const had = this.hasPendingBetween(a, b) || this.live.has(pairOf(a, b));
    this.removeRequest(a, b);
    this.removeRequest(b, a);
    for (const key of [directed(a, b), directed(b, a)]) {
      this.posted.delete(key);
      this.ice.delete(key);
    }
    this.live.delete(pairOf(a, b));
    return had;
  }

  /** Number of pending requests and live calls (tests, metrics). */
  get size(): { pending: number; live: number } {
    let pending = 0;
    for (const list of this.pending.values()) pending += list.size;
    return { pending, live: this.live.size };
  }

  private removeRequest(callerId: unknown, calleeId: unknown): void {
    const list = this.pending.get(userKey(calleeId));
    if (!list) return;
    list.delete(userKey(callerId));
    if (list.size === 0) this.pending.delete(userKey(calleeId));
  }
}
