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
 * The parts of a push's text that depend only on its stream's `listenId`, made once per stream
 * (StreamRegistration.pushIds) so a push serialises neither its `listenId` nor its `serverId`.
 * @example
 * pushTextFor('42', pushIdParts('LIS-1'), 'a1b2c0');
 * // '{"output":42,"listenId":"LIS-1","_class_type_newDataForListener":"_","dataType":"NewDataForListener","serverId":"NEW-a1b2c0-LIS-1"}'
 */
export interface PushIdParts {
  /** `"listenId":<json>,…,"serverId":"NEW-`: everything between the output and the id's unique part. */
  readonly middle: string;
  /** `-<listenId, JSON-escaped>"}`: what follows the unique part. */
  readonly tail: string;
}

/**
 * {@link PushIdParts} of `listenId`.
 * @example
 * pushIdParts('LIS-1').tail; // '-LIS-1"}'
 */
export function pushIdParts(listenId: string): PushIdParts {
  const json = JSON.stringify(listenId);
  return {
    middle: `"listenId":${json},"_class_type_newDataForListener":"_","dataType":"NewDataForListener","serverId":"NEW-`,
    // The serverId is `NEW-<unique>-<listenId>`; its JSON is the unique part (plain alphanumerics,
    // nothing to escape) between `"NEW-` and `-` + the listenId's JSON without its opening quote.
    tail: `-${json.slice(1)}}`,
  };
}

/**
 * The text of a NewDataForListener whose output serialised to `json` (see {@link outputJson}) and
 * whose `serverId` is `NEW-<unique>-<listenId>` (`unique` alphanumeric, ids.ts `pushUnique`),
 * from the stream's prepared {@link PushIdParts}.
 * @example
 * pushTextFor('42', pushIdParts('LIS-1'), 'a1b2c0');
 */
export function pushTextFor(json: string | undefined, ids: PushIdParts, unique: string): string {
  return `${json === undefined ? '{' : `${OUTPUT_PREFIX}${json},`}${ids.middle}${unique}${ids.tail}`;
}

/**
 * Output JSON by entity for the duration of one `notifyChanges`: handlers that answer every
 * stream with the same entity (by identity; primitives by value) get it serialised once. Only
 * successes are kept, so a failing `toOutput` is reported for each stream as before.
 * @example
 * const bodies = new PushBodies();
 * const json = bodies.get(entity, (e) => toOutput(e));
 */
export class PushBodies {
  // Most notifies answer every stream with one entity: that one is kept in two fields, and a Map
  // is made only for a second distinct entity (no Map per notifyChanges otherwise).
  private hasFirst = false;
  private firstEntity: unknown = undefined;
  private firstJson: string | undefined = undefined;
  private byEntity: Map<unknown, string | undefined> | undefined;

  /** The output JSON of `entity`, computing `toOutput(entity)` and serialising only the first time. */
  get<Entity>(entity: Entity, toOutput: (entity: Entity) => unknown): string | undefined {
    if (this.hasFirst && this.firstEntity === entity) return this.firstJson;
    return this.compute(entity, toOutput);
  }

  private compute<Entity>(entity: Entity, toOutput: (entity: Entity) => unknown): string | undefined {
    // SameValueZero, as the Map's lookup: === (+0 is -0, checked in get), or Object.is (NaN is NaN).
    if (this.hasFirst && Object.is(this.firstEntity, entity)) return this.firstJson;
    if (this.byEntity?.has(entity)) return this.byEntity.get(entity);
    const json = outputJson(toOutput(entity));
    if (!this.hasFirst) {
      this.hasFirst = true;
      this.firstEntity = entity;
      this.firstJson = json;
    } else (this.byEntity ??= new Map()).set(entity, json);
    return json;
  }
}
