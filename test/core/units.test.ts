import { describe, expect, it } from 'vitest';
import { FAST_RECONNECT_ATTEMPTS, backoffDelay } from '../../src/core/internal/backoff.js';
import { ServerIdMemory } from '../../src/core/internal/dedupe.js';
import { canonicalJson, streamKey } from '../../src/core/index.js';
import { createLogger } from '../../src/core/logger.js';
import { newClientIdInternalApp, newListenId, newListenRequestId, newRequestId } from '../../src/core/ids.js';

describe('ServerIdMemory', () => {
  it('forgets ids only after the ttl', () => {
    let now = 0;
    const memory = new ServerIdMemory(600_000, 100, () => now);
    expect(memory.markSeen('a')).toBe(true);
    now = 599_999;
    expect(memory.markSeen('a')).toBe(false);
    now = 600_001;
    expect(memory.markSeen('a')).toBe(true);
  });

  it('stays bounded in size, dropping the oldest first', () => {
    const memory = new ServerIdMemory(600_000, 3, () => 0);
    for (const id of ['a', 'b', 'c', 'd']) memory.markSeen(id);
    expect(memory.size).toBe(3);
    expect(memory.markSeen('d')).toBe(false);
    expect(memory.markSeen('a')).toBe(true);
  });

  it('keeps exactly the newest ids across many evictions (its queue compacts on the way)', () => {
    let now = 0;
    const memory = new ServerIdMemory(600_000, 1000, () => now);
    for (let i = 0; i < 5000; i += 1) expect(memory.markSeen(`id${i}`)).toBe(true);
    expect(memory.size).toBe(1000);
    expect(memory.markSeen('id4000')).toBe(false);
    expect(memory.markSeen('id3999')).toBe(true); // evicted, so new again (and it evicts id4000)
    now = 600_000; // everything expires at once
    expect(memory.markSeen('id4999')).toBe(true);
    expect(memory.size).toBe(1);
  });
});

describe('backoffDelay', () => {
  it('retries at ≤ base through the fast phase, then doubles, and never passes the cap', () => {
    expect(backoffDelay(0, 250, 10_000, () => 1)).toBe(250);
    expect(backoffDelay(0, 250, 10_000, () => 0)).toBe(125);
    expect(backoffDelay(FAST_RECONNECT_ATTEMPTS - 1, 250, 10_000, () => 1)).toBe(250);
    expect(backoffDelay(FAST_RECONNECT_ATTEMPTS, 250, 10_000, () => 1)).toBe(500);
    expect(backoffDelay(FAST_RECONNECT_ATTEMPTS + 2, 250, 10_000, () => 1)).toBe(2000);
    expect(backoffDelay(50, 250, 10_000, () => 1)).toBe(10_000);
    expect(backoffDelay(50, 250, 10_000, () => 0)).toBe(5000);
  });
});

describe('streamKey', () => {
  it('is the same for params that differ only in key order, at any depth', () => {
    expect(streamKey('p', { b: 1, a: { y: 2, x: [1, { d: 1, c: 2 }] } })).toBe(streamKey('p', { a: { x: [1, { c: 2, d: 1 }], y: 2 }, b: 1 }));
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });

  it('treats null, undefined and {} params as one stream and separates routes and values', () => {
    expect(streamKey('p', null)).toBe(streamKey('p', {}));
    expect(streamKey('p')).toBe(streamKey('p', null));
    expect(streamKey('p', { a: 1 })).not.toBe(streamKey('p', { a: '1' }));
    expect(streamKey('p', null)).not.toBe(streamKey('q', null));
  });
});

describe('ids', () => {
  it('follow the formats of §1.4', () => {
    expect(newClientIdInternalApp()).toMatch(/^[A-Za-z0-9]{28}$/);
    expect(newRequestId()).toMatch(/^REQ-_[A-Za-z0-9]{28}$/);
    expect(newListenRequestId()).toMatch(/^LIS-_[A-Za-z0-9]{28}$/);
    expect(newListenId()).toMatch(/^LIS-[A-Za-z0-9]{28}$/);
    expect(new Set(Array.from({ length: 1000 }, newRequestId)).size).toBe(1000);
  });
});

describe('logger', () => {
  it('is quiet unless enabled and prefixes lines with its name and the connection', () => {
    const lines: string[] = [];
    createLogger(false, (l) => lines.push(l)).log('abc#1', 'x');
    expect(lines).toEqual([]);
    createLogger(true, (l) => lines.push(l)).log('abc#1', 'hello');
    expect(lines).toEqual(['[askless-react] conn=abc#1 hello']);
  });
});
