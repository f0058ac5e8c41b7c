/**
 * Push frames built as text, once per distinct output: a `notifyChanges` to 1,000 listeners of
 * one value serialises that value once and only splices each listener's `listenId` and
 * `serverId` into the prepared text. The result is byte for byte `JSON.stringify(pushFrame(...))`
 * (2.0.3's field order, askless-protocol.md §1.6.5), which Flutter and our client parse.
 */

const OUTPUT_PREFIX = '{"output":';

/**
 * The JSON of a push's `output` member, or `undefined` when `JSON.stringify` would leave the
 * member out (`undefined`, a function). Serialised as a member so `toJSON(key)` sees `"output"`.
 * May throw (a BigInt, a cycle), like `JSON.stringify` of the whole frame would.
 * @example
 * outputJson([1, 2]); // '[1,2]'
 * outputJson(undefined); // undefined
 */
export function outputJson(output: unknown): string | undefined {
  // Only a top-level toJSON can tell a member ("output") from a root ("") apart.
  if (typeof (output as { toJSON?: unknown } | null)?.toJSON !== 'function') return JSON.stringify(output) as string | undefined;
  const member = JSON.stringify({ output });
  return member.length > 2 ? member.slice(OUTPUT_PREFIX.length, -1) : undefined;
}

/**
 * The text of a NewDataForListener whose output serialised to `json` (see {@link outputJson}).
 * @example
 * pushText('42', 'LIS-1', 'NEW-a1-LIS-1');
 * // '{"output":42,"listenId":"LIS-1","_class_type_newDataForListener":"_","dataType":"NewDataForListener","serverId":"NEW-a1-LIS-1"}'
 */
export function pushText(json: string | undefined, listenId: string, serverId: string): string {
  return `${json === undefined ? '{' : `${OUTPUT_PREFIX}${json},`}"listenId":${JSON.stringify(listenId)},"_class_type_newDataForListener":"_","dataType":"NewDataForListener","serverId":${JSON.stringify(serverId)}}`;
}

/**
 * Output JSON by entity for the duration of one `notifyChanges`: handlers that answer every
 * stream with the same entity (by identity; primitives by value) get it serialised once. Only
 * successes are kept, so a failing `toOutput` is reported for each stream as before.
 * @example
 * const bodies = new PushBodies();
 * const json = bodies.get(entity, () => toOutput(entity));
 */
export class PushBodies {
  private readonly byEntity = new Map<unknown, string | undefined>();

  /** The output JSON of `entity`, computing `toOutput()` and serialising only the first time. */
  get(entity: unknown, toOutput: () => unknown): string | undefined {
    if (this.byEntity.has(entity)) return this.byEntity.get(entity);
    const json = outputJson(toOutput());
    this.byEntity.set(entity, json);
    return json;
  }
}
