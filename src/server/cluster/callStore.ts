/**
 * The call state of §8.2 in the cluster's shared records, so a call between users on different
 * processes sees one state: one record per pair of users (both directions' requests, what each
 * posted, their candidate lists, the live call), plus per-user indexes of incoming and outgoing
 * requests. Every change is an atomic `records.update`; every record has a lifetime (refreshed
 * while the call goes on), and the sweep of issue 14 runs on each process over the pairs it has
 * touched, with presence read across the cluster.
 */
import type { CallAdditionalData } from '../../core/calls/types.js';
import type { WireIceCandidate, WireSdp, WireUserId } from '../../core/calls/wire.js';
import { userKey, type CallStateLimits, type PendingRequest, type SweptPair } from '../calls/state.js';
import type { CallStore } from '../calls/store.js';
import type { SharedRecords } from './types.js';

/** Everything between two users. */
interface PairRecord {
  /** By caller: at most one each way. */
  requests: Record<string, PendingRequest>;
  posted: Record<string, Record<string, unknown>>;
  ice: Record<string, WireIceCandidate[]>;
  live?: { callerId: WireUserId; calleeId: WireUserId; alone: string[] };
}

const pairKey = (a: unknown, b: unknown): string => `call:pair:${JSON.stringify([userKey(a), userKey(b)].sort())}`;
const inKey = (callee: unknown): string => `call:in:${JSON.stringify(userKey(callee))}`;
const outKey = (caller: unknown): string => `call:out:${JSON.stringify(userKey(caller))}`;
const parse = <T>(text: string | undefined): T | undefined => (text === undefined ? undefined : (JSON.parse(text) as T));
/** How many pairs a process remembers for its sweep. */
const MAX_KNOWN = 100_000;

/**
 * Call state shared by every process of a cluster.
 * @example
 * const store = new SharedCallStore(adapter.records, { requestTtlMs: 45_000, offlineGraceMs: 30_000, maxPendingPerCaller: 20 });
 */
export class SharedCallStore implements CallStore {
  /** Pairs this process touched: what its sweep looks at. */
  private readonly known = new Map<string, [WireUserId, WireUserId]>();
  private readonly offlineSince = new Map<string, number>();
  private readonly ttlMs: number;

  constructor(
    private readonly records: SharedRecords,
    private readonly limits: CallStateLimits,
  ) {
    // A backstop for pairs nobody sweeps any more (every process that knew them died); live calls are refreshed by the sweep.
    this.ttlMs = Math.max(60_000, 4 * Math.max(limits.requestTtlMs, limits.offlineGraceMs));
  }

  async addRequest(callerId: WireUserId, calleeId: WireUserId, sdp: WireSdp, additionalData: CallAdditionalData, now: number): Promise<boolean> {
    let allowed = false;
    await this.records.update(outKey(callerId), (text) => {
      const list = parse<string[]>(text) ?? [];
      if (list.includes(userKey(calleeId))) return (allowed = true), text;
      if (list.length >= this.limits.maxPendingPerCaller) return text;
      allowed = true;
      return JSON.stringify([...list, userKey(calleeId)]);
    }, this.ttlMs);
    if (!allowed) return false;
    await this.change(callerId, calleeId, (rec) => {
      rec.requests[userKey(callerId)] = { callerId, calleeId, sdp, additionalData, at: now };
      rec.posted[userKey(callerId)] = { sdp, additionalData };
      delete rec.ice[userKey(callerId)];
      delete rec.live;
      return rec;
    });
    // Re-appended: a repeated request moves to the end, as in CallState.
    await this.records.update(inKey(calleeId), (text) => JSON.stringify([...(parse<WireUserId[]>(text) ?? []).filter((c) => userKey(c) !== userKey(callerId)), callerId]), this.ttlMs);
    return true;
  }

  async pendingFor(calleeId: unknown): Promise<PendingRequest[]> {
    const callers = parse<WireUserId[]>(await this.records.get(inKey(calleeId))) ?? [];
    const found = await Promise.all(callers.map((callerId) => this.request(callerId, calleeId)));
    return found.filter((r): r is PendingRequest => r !== undefined);
  }

  async request(callerId: unknown, calleeId: unknown): Promise<PendingRequest | undefined> {
    const request = (await this.pair(callerId, calleeId))?.requests[userKey(callerId)];
    return request && userKey(request.calleeId) === userKey(calleeId) ? request : undefined;
  }

  async hasPendingBetween(a: unknown, b: unknown): Promise<boolean> {
    return Object.keys((await this.pair(a, b))?.requests ?? {}).length > 0;
  }

  async accept(calleeId: WireUserId, callerId: WireUserId, answer: Record<string, unknown>): Promise<void> {
    await this.change(calleeId, callerId, (rec) => {
      rec.requests = {};
      rec.posted[userKey(calleeId)] = answer;
      rec.live = { callerId, calleeId, alone: [] };
      return rec;
    });
    await Promise.all([this.unindex(callerId, calleeId), this.unindex(calleeId, callerId)]);
  }

  async liveBetween(a: unknown, b: unknown): Promise<{ callerId: WireUserId; calleeId: WireUserId } | undefined> {
    return (await this.pair(a, b))?.live;
  }

  async setAlone(a: unknown, b: unknown, user: unknown, alone: boolean): Promise<void> {
    await this.change(a, b, (rec) => {
      if (!rec.live) return rec;
      const others = rec.live.alone.filter((u) => u !== userKey(user));
      rec.live.alone = alone ? [...others, userKey(user)] : others;
      return rec;
    });
  }

  async isAlone(a: unknown, b: unknown, user: unknown): Promise<boolean> {
    return (await this.pair(a, b))?.live?.alone.includes(userKey(user)) ?? false;
  }

  async postedBy(from: unknown, to: unknown): Promise<Record<string, unknown> | undefined> {
    return (await this.pair(from, to))?.posted[userKey(from)];
  }

  async setIce(from: WireUserId, to: WireUserId, list: WireIceCandidate[]): Promise<void> {
    await this.change(from, to, (rec) => {
      // Kept only while a request or a call joins them (else nobody will read them).
      if (Object.keys(rec.requests).length > 0 || rec.live) rec.ice[userKey(from)] = list;
      return rec;
    });
  }

  async iceFrom(from: unknown, to: unknown): Promise<WireIceCandidate[] | undefined> {
    return (await this.pair(from, to))?.ice[userKey(from)];
  }

  async deliveredIce(from: unknown, to: unknown, list: unknown): Promise<void> {
    await this.change(from, to, (rec) => {
      // Compared by value: the delivered list came back through JSON.
      if (JSON.stringify(rec.ice[userKey(from)]) === JSON.stringify(list)) delete rec.ice[userKey(from)];
      return rec;
    });
  }

  async clean(a: unknown, b: unknown): Promise<boolean> {
    let had = false;
    await this.records.update(pairKey(a, b), (text) => {
      const rec = parse<PairRecord>(text);
      had = rec !== undefined && (Object.keys(rec.requests).length > 0 || rec.live !== undefined);
      return undefined;
    }, this.ttlMs);
    this.known.delete(pairKey(a, b));
    await Promise.all([this.unindex(a, b), this.unindex(b, a)]);
    return had;
  }

  async sweep(now: number, isOnline: (userKey: string) => boolean): Promise<SweptPair[]> {
    const out: SweptPair[] = [];
    for (const [key, [a, b]] of [...this.known]) {
      const rec = parse<PairRecord>(await this.records.get(key));
      if (!rec) {
        this.known.delete(key);
        continue;
      }
      for (const r of Object.values(rec.requests)) if (now - r.at >= this.limits.requestTtlMs) out.push({ from: r.callerId, to: r.calleeId, reason: 'expired' });
      const gone = [a, b].filter((user) => {
        if (isOnline(userKey(user))) return void this.offlineSince.delete(userKey(user)), false;
        const since = this.offlineSince.get(userKey(user)) ?? now;
        this.offlineSince.set(userKey(user), since);
        return now - since >= this.limits.offlineGraceMs;
      });
      if (gone.length > 0) out.push({ from: gone[0]!, to: gone[0] === a ? b : a, reason: 'offline' });
      else if (rec.live) await this.change(a, b, (same) => same); // a call going on keeps its record alive
    }
    return out;
  }

  private async pair(a: unknown, b: unknown): Promise<PairRecord | undefined> {
    return parse<PairRecord>(await this.records.get(pairKey(a, b)));
  }

  /** Atomic change of the pair's record (created empty when absent). */
  private async change(a: unknown, b: unknown, fn: (rec: PairRecord) => PairRecord): Promise<void> {
    const key = pairKey(a, b);
    if (this.known.size < MAX_KNOWN || this.known.has(key)) this.known.set(key, [a as WireUserId, b as WireUserId]);
    await this.records.update(key, (text) => JSON.stringify(fn(parse<PairRecord>(text) ?? { requests: {}, posted: {}, ice: {} })), this.ttlMs);
  }

  /** Drop a request caller → callee from both users' indexes. */
  private async unindex(callerId: unknown, calleeId: unknown): Promise<void> {
    const without = (list: unknown[] | undefined, user: unknown): string | undefined => {
      const left = (list ?? []).filter((u) => userKey(u) !== userKey(user));
      return left.length > 0 ? JSON.stringify(left) : undefined;
    };
    await Promise.all([
      this.records.update(inKey(calleeId), (text) => without(parse<unknown[]>(text), callerId), this.ttlMs),
      this.records.update(outKey(callerId), (text) => without(parse<unknown[]>(text), calleeId), this.ttlMs),
    ]);
  }
}
