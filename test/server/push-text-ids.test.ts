// The unique part of push ids (never repeated within a process, or a client would drop a push as
// a copy) and PushBodies beyond its single-entity case. The push text itself is checked against
// the 2.0.3 frame in push-text.test.ts.
import { pushUnique } from '../../src/server/ids.js';
import { PushBodies } from '../../src/server/push-text.js';

describe('pushUnique', () => {
  it('makes alphanumeric unique parts that never repeat', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 5_000; i++) {
      const u = pushUnique();
      expect(u).toMatch(/^[A-Za-z0-9]{6,}$/);
      seen.add(u);
    }
    expect(seen.size).toBe(5_000);
  });
});

describe('PushBodies', () => {
  it('serialises each distinct entity once, beyond the first one too (SameValueZero)', () => {
    const bodies = new PushBodies();
    let calls = 0;
    const toOutput = (e: unknown) => {
      calls += 1;
      return e;
    };
    const a = { v: 1 };
    const b = { v: 2 };
    for (const e of [a, b, a, b, Number.NaN, Number.NaN, 0, -0, a]) bodies.get(e, toOutput);
    expect(calls).toBe(4); // a, b, NaN, 0 (and -0 is 0)
    expect(bodies.get(b, toOutput)).toBe('{"v":2}');
  });

  it('keeps nothing for an output that fails, so each stream reports it', () => {
    const bodies = new PushBodies();
    const bad = { n: 1n };
    expect(() => bodies.get(bad, (e) => e)).toThrow(TypeError);
    expect(() => bodies.get(bad, (e) => e)).toThrow(TypeError);
  });
});
