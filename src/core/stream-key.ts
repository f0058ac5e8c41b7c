/**
 * The identity of a shared stream: route + canonical JSON of params (sorted keys at every depth),
 * so `{a:1,b:2}` and `{b:2,a:1}` share one server LISTEN.
 */

/**
 * JSON with object keys sorted recursively; `undefined` members are dropped as JSON does.
 * @example
 * canonicalJson({ b: 1, a: { d: 2, c: 3 } }); // '{"a":{"c":3,"d":2},"b":1}'
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortDeep(value)) ?? 'null';
}

function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (value !== null && typeof value === 'object') {
    // Respect toJSON (Dates) the way JSON.stringify would.
    const withToJson = value as { toJSON?: () => unknown };
    if (typeof withToJson.toJSON === 'function') return withToJson.toJSON();
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortDeep((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

/**
 * The key under which identical streams are shared (also used by the React layer's query keys).
 * Empty params and `null` are the same stream.
 * @example
 * streamKey('products', { search: 'lamp' }); // 'products {"search":"lamp"}'
 */
export function streamKey(route: string, params?: Record<string, unknown> | null): string {
  const p = params && Object.keys(params).length > 0 ? canonicalJson(params) : 'null';
  return `${route} ${p}`;
}
