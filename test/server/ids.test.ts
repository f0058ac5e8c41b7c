import { describe, expect, it } from 'vitest';
import { pushServerId, responseServerId, stopServerId } from '../../src/server/ids.js';

describe('server ids', () => {
  it('never repeats a push id within a process (a client would drop the repeat as a copy)', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 200_000; i++) ids.add(pushServerId('LIS-same'));
    expect(ids.size).toBe(200_000);
  });

  it('keeps the 2.0.3 prefixes and the listenId suffix', () => {
    expect(pushServerId('LIS-abc')).toMatch(/^NEW-[A-Za-z0-9]{5,}-LIS-abc$/);
    expect(stopServerId('LIS-abc')).toMatch(/^STOP-[A-Za-z0-9]{5,}-LIS-abc$/);
    expect(responseServerId()).toMatch(/^RES-[A-Za-z0-9]{11}$/);
  });
});
