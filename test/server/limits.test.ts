/**
 * Unit checks of the limit building blocks (issue 14); the hostile-client tests over real
 * sockets are in test/reliability/limits-*.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { leadingRequestId, tooDeepAt } from '../../src/server/depth.js';
import { DEFAULT_LIMITS, resolveLimits } from '../../src/server/limits.js';
import { ReplayCache } from '../../src/server/replayCache.js';

describe('frame depth scan', () => {
  it('counts nesting outside strings only, escapes included', () => {
    expect(tooDeepAt('{"a":"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[","b":1}', 2)).toBe(-1);
    expect(tooDeepAt('{"a":"\\"[[[[[[[[[[[[[[[[[[[","b":[1]}', 2)).toBe(-1);
    expect(tooDeepAt(`{"x":${'['.repeat(5)}${']'.repeat(5)}}`, 3)).toBe(7); // the third '['
    expect(tooDeepAt('[[1]]', 1)).toBe(1);
  });

  it('reads the request id written before the deep part, and only that part', () => {
    const text = `{"clientRequestId":"REQ-_a\\"b","p":${'['.repeat(100)}`;
    expect(leadingRequestId(text, tooDeepAt(text, 64))).toBe('REQ-_a"b');
    const late = `{"p":${'['.repeat(100)}${']'.repeat(100)},"clientRequestId":"REQ-_late"}`;
    expect(leadingRequestId(late, tooDeepAt(late, 64))).toBeUndefined();
  });
});

describe('limits option', () => {
  it('fills defaults and refuses unknown or absurd values', () => {
    expect(resolveLimits({ maxSdpBytes: 1 })).toEqual({ ...DEFAULT_LIMITS, maxSdpBytes: 1 });
    expect(() => resolveLimits({ maxSdpByte: 1 } as never)).toThrow('limits.maxSdpByte is not a known limit');
    expect(() => resolveLimits({ maxIceCandidates: -1 })).toThrow('> 0');
    expect(() => resolveLimits({ callRequestTtlMs: 60_000 })).toThrow('at most 45000');
    expect(DEFAULT_LIMITS.maxConnectionsPerAddress).toBeGreaterThanOrEqual(2_000);
  });
});

describe('replay cache', () => {
  it('stays within its byte budget, keeps evicted entries as OUTCOME_UNKNOWN markers, and forgets by window and owner', () => {
    const cache = new ReplayCache({ windowMs: 1_000, maxPerClient: 100, maxBytes: 10_000 });
    const body = (n: number) => ({ clientRequestId: `R${n}`, output: 'x'.repeat(1_000) });
    for (let n = 0; n < 10; n++) cache.finish(cache.begin(`R${n}`, 'c1', 'fp', n), body(n));
    expect(cache.stats().bytes).toBeLessThanOrEqual(10_000);
    expect(cache.lookup('R0', 'fp', 10)?.state).toBe('evicted');
    expect(cache.lookup('R9', 'fp', 10)?.state).toBe('done');
    expect(cache.lookup('R9', 'other', 10)).toBeUndefined(); // another request reusing the id
    cache.prune(1_005);
    expect(cache.lookup('R0', 'fp', 1_005)).toBeUndefined();
    expect(cache.countFor('c1')).toBe(4);
    cache.forgetOwner('c1');
    expect(cache.stats()).toMatchObject({ entries: 0, bytes: 0 });
  });
});
