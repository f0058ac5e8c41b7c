/** Chunk encoding: base64 round trips, and text that is not base64 is refused (never half-decoded). */
import { describe, expect, it } from 'vitest';
import { fromBase64, toBase64 } from '../../src/core/files/base64.js';

describe('chunk base64', () => {
  it('round-trips bytes of every length, with and without padding', () => {
    for (const length of [0, 1, 2, 3, 4, 100_000]) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 31) % 256);
      expect(fromBase64(toBase64(bytes))).toEqual(bytes);
    }
  });

  it('refuses text that is not base64', () => {
    for (const text of ['abc', 'ab!d', 'a=bc', 'ab cd efg', '====', '\u00e9\u00e9\u00e9\u00e9']) expect(fromBase64(text), text).toBeUndefined();
  });

  it('refuses base64url, which a browser receiver could not decode (the server relays upload text as it came)', () => {
    for (const text of ['ab-d', 'ab_d', '-_-_']) expect(fromBase64(text), text).toBeUndefined();
  });

  it('encodes a view over part of a larger buffer', () => {
    const whole = Uint8Array.from({ length: 300 }, (_, i) => i % 256);
    expect(toBase64(whole.subarray(10, 13))).toBe(toBase64(Uint8Array.from([10, 11, 12])));
  });
});
