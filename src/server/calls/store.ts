/**
 * What the call routes need from their state (§8.2), whether it lives in this process
 * ({@link CallState}, the default) or in the cluster's shared records (`SharedCallStore`, with
 * `init({ cluster })`). Every method may answer now or later: the routes always `await`.
 */
import type { CallAdditionalData } from '../../core/calls/types.js';
import type { WireIceCandidate, WireSdp, WireUserId } from '../../core/calls/wire.js';
import type { PendingRequest, SweptPair } from './state.js';

type Maybe<T> = T | Promise<T>;

/**
 * The call state behind the routes.
 * @example
 * const store: CallStore = new CallState(limits);
 * if (await store.request(1, 2)) await store.accept(2, 1, answer);
 */
export interface CallStore {
  /** Record (or replace) a request; false when the caller is at its cap of pending requests. */
  addRequest(callerId: WireUserId, calleeId: WireUserId, sdp: WireSdp, additionalData: CallAdditionalData, now: number): Maybe<boolean>;
  /** Pending requests for `calleeId`, oldest first. */
  pendingFor(calleeId: unknown): Maybe<PendingRequest[]>;
  request(callerId: unknown, calleeId: unknown): Maybe<PendingRequest | undefined>;
  hasPendingBetween(a: unknown, b: unknown): Maybe<boolean>;
  /** The callee accepted: the call is live; a crossed request the other way (glare) is dropped. */
  accept(calleeId: WireUserId, callerId: WireUserId, answer: Record<string, unknown>): Maybe<unknown>;
  /** The live call between two users, if any. */
  liveBetween(a: unknown, b: unknown): Maybe<{ callerId: WireUserId; calleeId: WireUserId } | undefined>;
  setAlone(a: unknown, b: unknown, user: unknown, alone: boolean): Maybe<void>;
  isAlone(a: unknown, b: unknown, user: unknown): Maybe<boolean>;
  postedBy(from: unknown, to: unknown): Maybe<Record<string, unknown> | undefined>;
  setIce(from: WireUserId, to: WireUserId, list: WireIceCandidate[]): Maybe<void>;
  iceFrom(from: unknown, to: unknown): Maybe<WireIceCandidate[] | undefined>;
  /** Forget a delivered candidate list unless a newer one replaced it. */
  deliveredIce(from: unknown, to: unknown, list: unknown): Maybe<void>;
  clean(a: unknown, b: unknown): Maybe<boolean>;
  /** Expired requests and pairs of users offline for the grace period (see CallState.sweep). */
  sweep(now: number, isOnline: (userKey: string) => boolean): Maybe<SweptPair[]>;
}
