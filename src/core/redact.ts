/**
 * Redaction for anything that shows client internals (the devtools): credentials and tokens
 * never reach a screen or a log. Not part of the core entry's runtime (the devtools import it).
 */

const SECRET = /credential|token|password|secret|authorization|api[-_]?key|cookie|session/i;
const LONG = /^(sdp|candidate)$/i;
const MAX_DEPTH = 8;
const MAX_STRING = 500;

/**
 * A copy of `value` fit to show: every member whose name looks secret (credential, token,
 * password, ...) is replaced by `"[redacted]"`, SDP bodies are cut, deep or huge values are
 * shortened. Never throws.
 * @example
 * redact({ credential: { accessToken: 'abc' }, route: 'x' }); // { credential: '[redacted]', route: 'x' }
 */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}… (${value.length} chars)` : value;
  if (value === null || typeof value !== 'object') return typeof value === 'bigint' || typeof value === 'function' ? String(value) : value;
  if (depth >= MAX_DEPTH) return '[…]';
  if (Array.isArray(value)) {
    const items = value.slice(0, 50).map((v) => redact(v, depth + 1));
    if (value.length > 50) items.push(`… ${value.length - 50} more`);
    return items;
  }
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    if (SECRET.test(key)) out[key] = '[redacted]';
    else if (LONG.test(key) && typeof member === 'string') out[key] = `[${member.length} chars]`;
    else if (key === 'clientIdInternalApp' && typeof member === 'string') out[key] = `${member.slice(0, 4)}…`;
    else out[key] = redact(member, depth + 1);
  }
  return out;
}

/**
 * Parse a tapped frame for display: JSON text becomes an object, then {@link redact}.
 * @example
 * frameForDisplay('{"credential":"t"}'); // { credential: '[redacted]' }
 */
export function frameForDisplay(frame: unknown): unknown {
  if (typeof frame !== 'string') return redact(frame);
  try {
    return redact(JSON.parse(frame));
  } catch {
    return redact(frame);
  }
}

