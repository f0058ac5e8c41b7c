/**
 * The group-call registry's bookkeeping at expiry, with its clock in the test's hands: a
 * membership that expired counts no more (stats, seats) even before the sweep timer ran. The
 * real server and wrtc peers are in group-calls.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { GroupCallRegistry, type GroupCallLimits } from '../../src/server/group-calls/registry.js';

const LIMITS: GroupCallLimits = { maxParticipants: 2, membershipTtlMs: 1_000, maxGroupCalls: 10, maxMembershipsPerUser: 4, maxSignalBytes: 65_536, maxQueuedSignals: 256 };

let registry: GroupCallRegistry<number> | undefined;
afterEach(() => registry?.clear());

describe('GroupCallRegistry at expiry', () => {
  it('stats() and the seat count drop an expired membership at once, not at the next sweep', () => {
    let now = 10_000;
    const changes: string[] = [];
    registry = new GroupCallRegistry<number>(LIMITS, (id) => changes.push(id), () => now);
    const a = registry.join('room', 1, 'dev-a');
    const b = registry.join('room', 2, 'dev-b');
    expect(typeof a === 'object' && typeof b === 'object').toBe(true);
    expect(registry.join('room', 3, 'dev-c')).toBe('GROUP_FULL');
    // Member 1 keeps renewing; member 2 was killed and stops.
    now += 600;
    if (typeof a === 'object') registry.renew(a);
    now += 500; // member 2 expired 100 ms ago; the sweep timer has not run (it is real time)
    expect(registry.members('room').map((m) => m.userId)).toEqual([1]);
    expect(registry.stats()).toEqual({ groupCalls: 1, members: 1 });
    const c = registry.join('room', 3, 'dev-c');
    expect(typeof c === 'object' && c.userId).toBe(3);
    expect(registry.stats()).toEqual({ groupCalls: 1, members: 2 });
    expect(changes.filter((id) => id === 'room').length).toBeGreaterThanOrEqual(4); // 2 joins, renew, expiry, join
  });
});
