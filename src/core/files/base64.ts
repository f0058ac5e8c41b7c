/**
 * Base64 for chunks inside JSON frames, without Node's Buffer in browsers. Node's Buffer is used
 * when present (it is much faster there); the fallback processes 32 KiB at a time so
 * `String.fromCharCode` never meets an argument list too long for the engine.
 */

type BufferLike = {
  from(data: ArrayBufferLike, byteOffset: number, length: number): Uint8Array & { toString(encoding: string): string };
  from(data: string, encoding: string): Uint8Array;
};
const NodeBuffer = (globalThis as { Buffer?: BufferLike }).Buffer;

/**
 * Bytes → base64.
 * @example
 * toBase64(new Uint8Array([104, 105])); // 'aGk='
 */
export function toBase64(bytes: Uint8Array): string {
  // A view over the same memory: Buffer.from(aUint8Array) would copy every chunk first.
  if (NodeBuffer) return NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Characters of standard base64 (with padding): anything else is refused. */
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Base64 → bytes, or undefined when the text is not base64.
 * @example
 * fromBase64('aGk='); // Uint8Array [104, 105]
 */
export function fromBase64(text: string): Uint8Array | undefined {
  if (text.length % 4 !== 0) return undefined;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  if (NodeBuffer) {
    // Node skips characters outside the alphabet: a length short of what the text promises
    // reveals them, at no cost (a regular expression over every chunk was the relay's top cost).
    // It also takes base64url's '-' and '_', which browsers refuse: refused here too, so the
    // server never relays text that a browser receiver could not decode.
    const b = NodeBuffer.from(text, 'base64');
    if (b.byteLength !== (text.length / 4) * 3 - padding || text.slice(0, -2).includes('=') || text.includes('-') || text.includes('_')) return undefined;
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  }
  if (!BASE64.test(text)) return undefined;
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
