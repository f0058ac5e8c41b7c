/**
 * The server's call state (§8.2): pending requests per callee (one per caller, in arrival
 * order), what each user last posted for the other (`sdp`), the last candidate list, and
 * accepted calls with the users whose peer dropped off ("alone"). Everything has a lifetime
 * (issue 14): freed when the call ends, when a request goes unanswered for `requestTtlMs`, and
 * `offlineGraceMs` after a user's last authenticated connection closed (see {@link sweep}).
 * Keys are JSON arrays of the string user ids, so no pair of ids can share a key whatever the
 * ids contain (`"a_b"→"c"` and `"a"→"b_c"` are different keys). Pure data: the routes in
 * index.ts decide what to push. One class with a method API and no module state, so it can
 * later live behind a cluster interface.
 */
import type { CallAdditionalData } from '../../core/calls/types.js';
import type { WireIceCandidate, WireSdp, WireUserId } from '../../core/calls/wire.js';
import type { CallStore } from './store.js';

/** String form of a user id: 2 and "2" are one user, as in the client. */
export const userKey = (id: unknown): string => String(id);
/** A directed (from → to) key; JSON keeps any two id pairs apart. */
const directed = (from: unknown, to: unknown): string => JSON.stringify([userKey(from), userKey(to)]);
const pairOf = (a: unknown, b: unknown): string => JSON.stringify([userKey(a), userKey(b)].sort());

/** A call request waiting for the callee's answer. */
export interface PendingRequest {
  callerId: WireUserId;
  calleeId: WireUserId;
  sdp: WireSdp;
  additionalData: CallAdditionalData;
  /** When it was made (for the time-to-live). */
  at: number;
}

/** An accepted call. */
export interface LiveCallRecord {
  callerId: WireUserId;
  calleeId: WireUserId;
  /** Users whose listen-for-a-call stream stopped while the call was live. */
  alone: Set<string>;
}

/** Something one user posted for another, with both ids (the sweep needs to know who). */
interface Directed<T> {
  from: WireUserId;
  to: WireUserId;
  value: T;
}

/**
 * Lifetimes and caps of a {@link CallState}.
 * @example
 * new CallState({ requestTtlMs: 45_000, offlineGraceMs: 30_000, maxPendingPerCaller: 20 });
 */
export interface CallStateLimits {
  requestTtlMs: number;
  offlineGraceMs: number;
  maxPendingPerCaller: number;
}

/**
 * A pair of users whose state the sweep ended: `caller` (or the user who went away) first.
 * @example
 * for (const { from, to, reason } of state.sweep(now, online)) closeBetween(from, to, reason);
 */
export interface SweptPair {
  from: WireUserId;
  to: WireUserId;
  reason: 'expired' | 'offline';
}

/**
 * The whole call state of one server.
 * @example
 * const state = new CallState({ requestTtlMs: 45_000, offlineGraceMs: 30_000, maxPendingPerCaller: 20 });
 * state.addRequest(1, 2, offer, {}, Date.now());
 * state.pendingFor(2); // [{ callerId: 1, ... }]
 */
export class CallState implements CallStore {
  private readonly pending = new Map<string, Map<string, PendingRequest>>();
  /** Pending outgoing requests per caller (the cap). */
  private readonly outgoing = new Map<string, number>();
  private readonly posted = new Map<string, Directed<Record<string, unknown>>>();
  private readonly ice = new Map<string, Directed<WireIceCandidate[]>>();
  private readonly live = new Map<string, LiveCallRecord>();
  /** Users with state who have no authenticated connection, since when. */
  private readonly offlineSince = new Map<string, number>();

  constructor(private readonly limits: CallStateLimits) {}

  /**
   * Record (or replace: one per caller) a request from `callerId` to `calleeId`. False when the
   * caller already has `maxPendingPerCaller` other pending requests.
   */
  addRequest(callerId: WireUserId, calleeId: WireUserId, sdp: WireSdp, additionalData: CallAdditionalData, now: number): boolean {
    const replacing = this.request(callerId, calleeId) !== undefined;
    if (!replacing && (this.outgoing.get(userKey(callerId)) ?? 0) >= this.limits.maxPendingPerCaller) return false;
    const key = userKey(calleeId);
    const list = this.pending.get(key) ?? new Map<string, PendingRequest>();
    // Re-insert so a repeated request keeps one entry (the newest offer) at the end.
    this.removeRequest(callerId, calleeId);
    list.set(userKey(callerId), { callerId, calleeId, sdp, additionalData, at: now });
    this.pending.set(key, list);
    this.outgoing.set(userKey(callerId), (this.outgoing.get(userKey(callerId)) ?? 0) + 1);
    this.posted.set(directed(callerId, calleeId), { from: callerId, to: calleeId, value: { sdp, additionalData } });
    this.ice.delete(directed(callerId, calleeId));
    this.live.delete(pairOf(callerId, calleeId));
    return true;
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
    this.posted.set(directed(calleeId, callerId), { from: calleeId, to: callerId, value: answer });
    const record: LiveCallRecord = { callerId, calleeId, alone: new Set() };
    this.live.set(pairOf(callerId, calleeId), record);
    return record;
  }

  /** The live call between two users, if any. */
  liveBetween(a: unknown, b: unknown): LiveCallRecord | undefined {
    return this.live.get(pairOf(a, b));
  }

  /** Mark `user` as having (or no longer having) dropped off the live call between `a` and `b`. */
  setAlone(a: unknown, b: unknown, user: unknown, alone: boolean): void {
    const live = this.live.get(pairOf(a, b));
    if (alone) live?.alone.add(userKey(user));
    else live?.alone.delete(userKey(user));
  }

  /** True when `user` dropped off the live call between `a` and `b`. */
  isAlone(a: unknown, b: unknown, user: unknown): boolean {
    return this.live.get(pairOf(a, b))?.alone.has(userKey(user)) ?? false;
  }

  /** What `from` last posted for `to` (offer, answer or rejection). */
  postedBy(from: unknown, to: unknown): Record<string, unknown> | undefined {
    return this.posted.get(directed(from, to))?.value;
  }

  /** Keep `from`'s candidates for `to`, only while a request or a call joins them (else nobody will read them). */
  setIce(from: WireUserId, to: WireUserId, list: WireIceCandidate[]): void {
    if (!this.hasPendingBetween(from, to) && !this.liveBetween(from, to)) return;
    this.ice.set(directed(from, to), { from, to, value: list });
  }

  iceFrom(from: unknown, to: unknown): WireIceCandidate[] | undefined {
    return this.ice.get(directed(from, to))?.value;
  }

  /** Forget a candidate list once delivered, unless a newer one replaced it meanwhile. */
  deliveredIce(from: unknown, to: unknown, list: unknown): void {
    if (this.ice.get(directed(from, to))?.value === list) this.ice.delete(directed(from, to));
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

  /**
   * The lifetimes: returns the requests older than `requestTtlMs` and every pair of a user who
   * has had no authenticated connection (`isOnline(userKey)` false) for `offlineGraceMs`. The
   * caller tells the other side and calls {@link clean} for each. O(entries).
   */
  sweep(now: number, isOnline: (userKey: string) => boolean): SweptPair[] {
    const out: SweptPair[] = [];
    const seen = new Set<string>();
    for (const list of this.pending.values()) {
      for (const r of list.values()) if (now - r.at >= this.limits.requestTtlMs) out.push({ from: r.callerId, to: r.calleeId, reason: 'expired' });
    }
    const users = new Map<string, WireUserId>();
    const pairs: Array<[WireUserId, WireUserId]> = [];
    const note = (a: WireUserId, b: WireUserId): void => {
      users.set(userKey(a), a);
      users.set(userKey(b), b);
      pairs.push([a, b]);
    };
    for (const list of this.pending.values()) for (const r of list.values()) note(r.callerId, r.calleeId);
    for (const d of this.posted.values()) note(d.from, d.to);
    for (const d of this.ice.values()) note(d.from, d.to);
    for (const r of this.live.values()) note(r.callerId, r.calleeId);
    const gone = new Set<string>();
    for (const key of users.keys()) {
      if (isOnline(key)) {
        this.offlineSince.delete(key);
        continue;
      }
      const since = this.offlineSince.get(key) ?? now;
      this.offlineSince.set(key, since);
      if (now - since >= this.limits.offlineGraceMs) gone.add(key);
    }
    for (const key of this.offlineSince.keys()) if (!users.has(key)) this.offlineSince.delete(key);
    for (const [a, b] of pairs) {
      const [from, to] = gone.has(userKey(a)) ? [a, b] : gone.has(userKey(b)) ? [b, a] : [undefined, undefined];
      if (from === undefined || to === undefined) continue;
      const pair = pairOf(from, to);
      if (seen.has(pair)) continue;
      seen.add(pair);
      out.push({ from, to, reason: 'offline' });
    }
    return out;
  }

  /** Entries held: pending requests, live calls, posted descriptions and candidate lists (stats, tests). */
  get size(): { pending: number; live: number; posted: number; ice: number; total: number } {
    let pending = 0;
    for (const list of this.pending.values()) pending += list.size;
    const total = pending + this.live.size + this.posted.size + this.ice.size;
    return { pending, live: this.live.size, posted: this.posted.size, ice: this.ice.size, total };
  }

  private removeRequest(callerId: unknown, calleeId: unknown): void {
    const list = this.pending.get(userKey(calleeId));
    if (!list?.delete(userKey(callerId))) return;
    if (list.size === 0) this.pending.delete(userKey(calleeId));
    const left = (this.outgoing.get(userKey(callerId)) ?? 1) - 1;
    if (left > 0) this.outgoing.set(userKey(callerId), left);
    else this.outgoing.delete(userKey(callerId));
  }
}
