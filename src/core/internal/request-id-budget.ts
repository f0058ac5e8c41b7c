/**
 * Guards Askless 2.0.3 against its request-id pruning freeze (askless-protocol.md §10 Q2): once a
 * client record holds more than 100 request ids, a new READ / LISTEN / modify with 10 or more of
 * them older than 10 minutes makes the server loop forever. Since our client id is per
 * connection, the record is the connection: before a new id would approach that state, the
 * client moves to a fresh connection (fresh id, empty record).
 */

/**
 * Rotate before a connection's 91st remembered id (the server freezes past 100).
 * @example
 * budget.size >= BUDGET_MAX_IDS; // time to check the ages
 */
export const BUDGET_MAX_IDS = 90;
/**
 * ...when at least this many of its ids (the server needs 10)...
 * @example
 * const fifthOldest = times[BUDGET_OLD_IDS - 1];
 */
export const BUDGET_OLD_IDS = 5;
/**
 * ...are older than this (the server's limit is 10 minutes).
 * @example
 * now - fifthOldest >= BUDGET_OLD_AGE_MS;
 */
export const BUDGET_OLD_AGE_MS = 9 * 60_000;

/**
 * Request ids sent on one connection, with when they were first sent.
 * @example
 * const budget = new RequestIdBudget();
 * if (budget.wouldRisk('REQ-_1', Date.now())) rotateConnection();
 * else budget.record('REQ-_1', Date.now());
 */
export class RequestIdBudget {
  private readonly ids = new Set<string>();
  private readonly times: number[] = [];

  /** Forget everything (a new connection means a new server record). */
  reset(): void {
    this.ids.clear();
    this.times.length = 0;
  }

  /** Remember that `id` reached the server's memory at `now` (repeats are free: de-duplicated). */
  record(id: string, now: number): void {
    if (this.ids.has(id)) return;
    this.ids.add(id);
    this.times.push(now);
  }

  /** True when sending the new id `id` now could approach the freeze. */
  wouldRisk(id: string, now: number): boolean {
    if (this.ids.has(id) || this.times.length < BUDGET_MAX_IDS) return false;
    const oldest = this.times[BUDGET_OLD_IDS - 1];
    return oldest !== undefined && now - oldest >= BUDGET_OLD_AGE_MS;
  }

  get size(): number {
    return this.ids.size;
  }
}

/**
 * The clientRequestId of a message the 2.0.3 server remembers (READ, LISTEN, modify), if any.
 * @example
 * rememberedRequestId(encodeRead('REQ-_1', 'products', null)); // 'REQ-_1'
 */
export function rememberedRequestId(message: object): string | undefined {
  const m = message as Record<string, unknown>;
  const remembered = m._class_type_read !== undefined || m._class_type_listen !== undefined || m._class_type_modify !== undefined;
  return remembered && typeof m.clientRequestId === 'string' ? m.clientRequestId : undefined;
}
