/**
 * The cluster's call state (SharedCallStore) against the same expectations as CallState, over the
 * in-memory records (the Redis records are exercised by calls.test.ts with real processes).
 */
import { describe, expect, it } from 'vitest';
import { CallState } from '../../src/server/calls/state.js';
import type { CallStore } from '../../src/server/calls/store.js';
import { SharedCallStore } from '../../src/server/cluster/callStore.js';
import { MemoryRecords } from '../../src/server/cluster/memory.js';

const limits = { requestTtlMs: 1_000, offlineGraceMs: 500, maxPendingPerCaller: 2 };
const offer = { type: 'offer' as const, sdp: 'v=0' };
const stores: Array<[string, () => CallStore]> = [
  ['CallState (one process)', () => new CallState(limits)],
  ['SharedCallStore (cluster)', () => new SharedCallStore(new MemoryRecords(), limits)],
];

describe.each(stores)('%s', (_name, make) => {
  it('keeps pending requests per callee in arrival order, one per caller, capped per caller', async () => {
    const store = make();
    expect(await store.addRequest(1, 9, offer, { n: 1 }, 0)).toBe(true);
    expect(await store.addRequest(2, 9, offer, {}, 0)).toBe(true);
    expect(await store.addRequest(1, 9, offer, { n: 2 }, 0)).toBe(true); // replaces, moves to the end
    expect((await store.pendingFor(9)).map((r) => [r.callerId, r.additionalData])).toEqual([[2, {}], [1, { n: 2 }]]);
    expect(await store.addRequest(1, 8, offer, {}, 0)).toBe(true);
    expect(await store.addRequest(1, 7, offer, {}, 0)).toBe(false); // third pending request of user 1
    expect(await store.postedBy(1, 9)).toEqual({ sdp: offer, additionalData: { n: 2 } });
  });

  it('accept makes the call live and drops a crossed request (glare); alone and clean', async () => {
    const store = make();
    await store.addRequest(1, 2, offer, {}, 0);
    await store.addRequest(2, 1, offer, {}, 0);
    await store.accept(2, 1, { callAccepted: true });
    expect(await store.hasPendingBetween(1, 2)).toBe(false);
    expect(await store.pendingFor(1)).toEqual([]);
    expect(await store.liveBetween(2, 1)).toMatchObject({ callerId: 1, calleeId: 2 });
    await store.setAlone(1, 2, 2, true);
    expect([await store.isAlone(1, 2, 2), await store.isAlone(1, 2, 1)]).toEqual([true, false]);
    await store.setIce(1, 2, [{ candidate: 'c', id: null, label: 0 }]);
    expect(await store.iceFrom(1, 2)).toHaveLength(1);
    await store.deliveredIce(1, 2, await store.iceFrom(1, 2));
    expect(await store.iceFrom(1, 2)).toBeUndefined();
    expect(await store.clean(1, 2)).toBe(true);
    expect(await store.liveBetween(1, 2)).toBeUndefined();
    expect(await store.clean(1, 2)).toBe(false);
  });

  it('sweeps expired requests and the pairs of users offline for the grace period', async () => {
    const store = make();
    await store.addRequest(1, 2, offer, {}, 0);
    expect(await store.sweep(999, () => true)).toEqual([]);
    expect(await store.sweep(1_000, () => true)).toEqual([{ from: 1, to: 2, reason: 'expired' }]);
    await store.clean(1, 2);
    await store.addRequest(3, 4, offer, {}, 5_000);
    await store.accept(4, 3, {});
    const online = (key: string): boolean => key !== '4';
    expect(await store.sweep(5_000, online)).toEqual([]);
    expect(await store.sweep(5_500, online)).toEqual([{ from: 4, to: 3, reason: 'offline' }]);
  });
});

describe('MemoryRecords', () => {
  it('expires values, sets only when absent on request, updates atomically, and stays bounded', async () => {
    const records = new MemoryRecords(2);
    expect(await records.set('gone', '0', 0)).toBe(true);
    expect(await records.get('gone')).toBeUndefined(); // a lifetime of 0 has passed at once
    expect(await records.set('a', '1', 60_000)).toBe(true);
    expect(await records.set('a', '2', 60_000, { onlyIfAbsent: true })).toBe(false);
    await Promise.all([records.update('n', (v) => String(Number(v ?? 0) + 1), 1_000), records.update('n', (v) => String(Number(v ?? 0) + 1), 1_000)]);
    expect(await records.get('n')).toBe('2');
    await records.set('b', '3', 1_000); // a third key: the oldest write goes
    expect(records.size).toBe(2);
    expect(await records.get('a')).toBeUndefined();
    await records.update('n', () => undefined, 1_000);
    expect(await records.get('n')).toBeUndefined();
  });
});
