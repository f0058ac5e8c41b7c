/**
 * Nesting depth of a JSON text, measured before `JSON.parse` (issue 14): a frame nested 100,000
 * deep makes the parser overflow its stack, and the client would get no answer. One linear pass
 * over the characters, skipping strings (natively, see stringEnd); texts too short to be too deep
 * are not scanned at all.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/**
 * The index at which `text` nests deeper than `maxDepth`, or -1 when it does not.
 * @example
 * tooDeepAt('[[[1]]]', 2); // 2
 * tooDeepAt('{"a":[1]}', 2); // -1
 */
export function tooDeepAt(text: string, maxDepth: number): number {
  // Every level needs an opening and a closing character.
  if (text.length <= 2 * maxDepth) return -1;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = stringEnd(text, i + 1);
      if (i < 0) return -1; // unterminated: JSON.parse says so
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > maxDepth) return i;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
  return -1;
}

/**
 * The index of the quote closing the string whose first character is at `from`, or -1. Long
 * strings (a file chunk's base64 is hundreds of kB) are skipped with the native `indexOf`
 * rather than character by character; a quote is escaped when an odd number of backslashes
 * precedes it.
 */
function stringEnd(text: string, from: number): number {
  for (let q = text.indexOf('"', from); q >= 0; q = text.indexOf('"', q + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(q - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return q;
  }
  return -1;
}

const REQUEST_ID = /"clientRequestId"\s*:\s*"((?:[^"\\]|\\.){1,256})"/;

/**
 * The `clientRequestId` written before index `end` of a frame (the part that could be read),
 * so a refused frame can still be answered.
 * @example
 * leadingRequestId('{"clientRequestId":"REQ-_1","x":[[[[', 20); // 'REQ-_1'
 */
export function leadingRequestId(text: string, end: number): string | undefined {
  const match = REQUEST_ID.exec(text.slice(0, end));
  if (!match) return undefined;
  try {
    return JSON.parse(`"${match[1]}"`) as string;
  } catch {
    return undefined;
  }
}
