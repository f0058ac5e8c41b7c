// The nesting-depth check every inbound frame passes before JSON.parse (src/server/depth.ts):
// strings are skipped with indexOf, so it must agree with a plain character-by-character scan on
// every text, including escaped quotes and runs of backslashes.
import { describe, expect, it } from 'vitest';
import { tooDeepAt } from '../../src/server/depth.js';

/** The scan it replaces: one character at a time. */
function reference(text: string, maxDepth: number): number {
  if (text.length <= 2 * maxDepth) return -1;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '[' || c === '{') {
      if (++depth > maxDepth) return i;
    } else if (c === ']' || c === '}') depth--;
  }
  return -1;
}

describe('tooDeepAt', () => {
  it('does not count brackets inside strings, with escaped quotes and backslash runs', () => {
    expect(tooDeepAt('["[[[[", 1]', 1)).toBe(-1);
    expect(tooDeepAt('["a\\"[[[[", [1]]', 1)).toBe(12); // the escaped quote does not end the string
    expect(tooDeepAt('["a\\\\", [[1]]]', 2)).toBe(9); // two backslashes: the quote ends it
    expect(tooDeepAt('["a\\\\\\"[[", 1]', 1)).toBe(-1); // three: escaped again
    expect(tooDeepAt('["unterminated [[[[[[', 1)).toBe(-1); // JSON.parse reports it
  });

  it('finds a deep frame behind a long string', () => {
    const text = `{"data":"${'A'.repeat(300_000)}","x":${'['.repeat(10)}${']'.repeat(10)}}`;
    expect(tooDeepAt(text, 5)).toBe(text.indexOf('[') + 4); // the object is the first level
    expect(tooDeepAt(text, 11)).toBe(-1);
  });

  it('agrees with a character-by-character scan on 50,000 random texts', () => {
    const alphabet = ['[', ']', '{', '}', '"', '\\', 'a', ':', ','];
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const mismatches: string[] = [];
    for (let n = 0; n < 50_000; n++) {
      let text = '';
      const length = 1 + Math.floor(random() * 40);
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
      const maxDepth = Math.floor(random() * 5);
      if (tooDeepAt(text, maxDepth) !== reference(text, maxDepth)) mismatches.push(`${JSON.stringify(text)} @${maxDepth}`);
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
  });
});
