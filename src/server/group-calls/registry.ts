/**
 * Group-call membership of one server: who is in which group call (one membership per device and
 * join), until when, and the signals waiting for each membership. Pure state with lifetimes and
 * size bounds; the routes in index.ts decide what to push. Kept in one class (no module state) so
 * a cluster layer can take it over.
 */
import type { GroupCallMember, MemberAddress, RelayedSignal } from '../../core/group-calls/wire.js';
import { randomAlphanumeric } from '../../core/ids.js';

/** Limits of the registry (every one documented in docs/server.md). */
export interface GroupCallLimits {
  maxParticipants: number;
  membershipTtlMs: number;
  maxGroupCalls: number;
  maxMembershipsPerUser: number;
  maxSignalBytes: number;
  maxQueuedSignals: number;
}

/** A membership and its undelivered signals. */
export interface MemberRecord<UserId> extends GroupCallMember<UserId> {
  groupCallId: string;
  outbox: RelayedSignal<UserId>[];
  nextSeq: number;
}

/** Why `join` refused. */
export type JoinRefusal = 'GROUP_FULL' | 'LIMIT_REACHED';

const userKey = (id: unknown): string => `${typeof id}:${String(id)}`;

/**
 * Membership state with expiry.
 * @example
 * const reg = new GroupCallRegistry(limits, (id) => notify(id));
 * const member = reg.join('room', 7, 'client-1');
 */
export class GroupCallRegistry<UserId> {
  private readonly calls = new Map<string, Map<string, MemberRecord<UserId>>>();
  private readonly perUser = new Map<string, number>();
  private sweepTimer: ReturnType<typeof setInterval> | undefined;

  constructor(
    readonly limits: GroupCallLimits,
    /** Called after the members of a group call changed (join, leave, renew, expiry). */
    private readonly onChange: (groupCallId: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** A fresh membership for `userId` on device `deviceId`; a rejoin of the same device replaces its old one. */
  join(groupCallId: string, userId: UserId, deviceId: string): MemberRecord<UserId> | JoinRefusal {
    // An expired membership the timer has not swept yet must not hold a seat.
    this.sweep();
    const members = this.calls.get(groupCallId);
    const previous = members ? [...members.values()].find((m) => m.deviceId === deviceId && userKey(m.userId) === userKey(userId)) : undefined;
    const others = (members?.size ?? 0) - (previous ? 1 : 0);
    if (others >= this.limits.maxParticipants) return 'GROUP_FULL';
    if (!members && this.calls.size >= this.limits.maxGroupCalls) return 'LIMIT_REACHED';
    if (!previous && (this.perUser.get(userKey(userId)) ?? 0) >= this.limits.maxMembershipsPerUser) return 'LIMIT_REACHED';
    if (previous) this.remove(previous, false);
    const at = this.now();
    const record: MemberRecord<UserId> = {
      groupCallId,
      userId,
      deviceId,
      membershipId: randomAlphanumeric(20),
      joinedAt: at,
      expiresAt: at + this.limits.membershipTtlMs,
      outbox: [],
      nextSeq: 1,
    };
    const map = this.calls.get(groupCallId) ?? new Map<string, MemberRecord<UserId>>();
    map.set(record.membershipId, record);
    this.calls.set(groupCallId, map);
    this.perUser.set(userKey(userId), (this.perUser.get(userKey(userId)) ?? 0) + 1);
    this.ensureSweep();
    this.onChange(groupCallId);
    return record;
  }

  /** The current membership `membershipId` of `groupCallId`, if it has not expired. */
  member(groupCallId: string, membershipId: string): MemberRecord<UserId> | undefined {
    const record = this.calls.get(groupCallId)?.get(membershipId);
    return record && record.expiresAt > this.now() ? record : undefined;
  }

  /** A membership owned by this user and device (so a forged membership id gets nothing). */
  owned(groupCallId: string, membershipId: string, userId: unknown, deviceId: string | undefined): MemberRecord<UserId> | undefined {
    const record = this.member(groupCallId, membershipId);
    return record && record.deviceId === deviceId && userKey(record.userId) === userKey(userId) ? record : undefined;
  }

  /** True when `userId` holds any current membership of `groupCallId`. */
  isMember(groupCallId: string, userId: unknown): boolean {
    const now = this.now();
    for (const m of this.calls.get(groupCallId)?.values() ?? []) if (m.expiresAt > now && userKey(m.userId) === userKey(userId)) return true;
    return false;
  }

  /** The current members of a group call, oldest join first. */
  members(groupCallId: string): GroupCallMember<UserId>[] {
    const now = this.now();
    const out: GroupCallMember<UserId>[] = [];
    for (const m of this.calls.get(groupCallId)?.values() ?? []) {
      if (m.expiresAt > now) out.push({ userId: m.userId, deviceId: m.deviceId, membershipId: m.membershipId, joinedAt: m.joinedAt, expiresAt: m.expiresAt });
    }
    return out;
  }

  /** Push a membership's expiry forward by one TTL. */
  renew(record: MemberRecord<UserId>): void {
    record.expiresAt = this.now() + this.limits.membershipTtlMs;
    this.onChange(record.groupCallId);
  }

  /** End a membership now. */
  leave(record: MemberRecord<UserId>): void {
    this.remove(record, true);
  }

  /** Queue a signal for `to` (oldest dropped past the bound); returns it for an immediate push. */
  enqueue(to: MemberRecord<UserId>, from: MemberAddress<UserId>, payload: unknown): RelayedSignal<UserId> {
    const signal: RelayedSignal<UserId> = { seq: to.nextSeq++, from, payload };
    to.outbox.push(signal);
    if (to.outbox.length > this.limits.maxQueuedSignals) to.outbox.shift();
    return signal;
  }

  /** Forget signals up to `seq` once the receiver confirmed them. */
  delivered(groupCallId: string, membershipId: string, seq: number): void {
    const record = this.calls.get(groupCallId)?.get(membershipId);
    if (!record) return;
    while (record.outbox.length > 0 && record.outbox[0]!.seq <= seq) record.outbox.shift();
  }

  /** Remove every expired membership (the sweep timer calls this; tests may too). */
  sweep(): void {
    const now = this.now();
    for (const members of [...this.calls.values()]) {
      for (const record of [...members.values()]) if (record.expiresAt <= now) this.remove(record, true);
    }
  }

  /** `{ groupCalls, members }`: both 0 once everyone left or expired. */
  stats(): { groupCalls: number; members: number } {
    // As members() sees them: what expired counts no more, swept or not.
    this.sweep();
    let members = 0;
    for (const map of this.calls.values()) members += map.size;
    return { groupCalls: this.calls.size, members };
  }

  /** Drop everything and stop the timer. */
  clear(): void {
    this.calls.clear();
    this.perUser.clear();
    this.stopSweep();
  }

  private remove(record: MemberRecord<UserId>, notify: boolean): void {
    const map = this.calls.get(record.groupCallId);
    if (!map || map.get(record.membershipId) !== record) return;
    map.delete(record.membershipId);
    if (map.size === 0) this.calls.delete(record.groupCallId);
    const key = userKey(record.userId);
    const count = (this.perUser.get(key) ?? 1) - 1;
    if (count <= 0) this.perUser.delete(key);
    else this.perUser.set(key, count);
    if (this.calls.size === 0) this.stopSweep();
    if (notify) this.onChange(record.groupCallId);
  }

  private ensureSweep(): void {
    if (this.sweepTimer) return;
    // Expiry precision of a quarter TTL (at most 1 s) is plenty: members renew at a third.
    const every = Math.max(50, Math.min(1000, Math.floor(this.limits.membershipTtlMs / 4)));
    this.sweepTimer = setInterval(() => this.sweep(), every);
    this.sweepTimer.unref?.();
  }

  private stopSweep(): void {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = undefined;
  }
}
