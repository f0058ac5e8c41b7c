/**
 * Writes at most once across processes. Before a CREATE/UPDATE/DELETE runs, its
 * `clientRequestId` is claimed in the shared records (`set … NX`, for `replayWindowMs`); its
 * answer is written there before it is sent. A write resent to another process after a
 * reconnect finds the record: a finished one is answered from it, a running one is waited for,
 * and one whose process died before answering gets `OUTCOME_UNKNOWN`: never a second run.
 * Reads and streams need none of this (running them again is harmless, as on one process).
 */
import { ClientErrorCode, ServerErrorCode } from '../../core/errors.js';
import type { Connection } from '../connection.js';
import type { ServerCore } from '../core.js';
import type { ResponseBody } from '../frames.js';
import type { ClusterAdapter } from './types.js';

/** The shared form of one write. */
interface SharedWrite {
  fp: string;
  processId: string;
  body?: ResponseBody;
}

/** How often a repeat polls a write that runs on another process. */
const POLL_MS = 50;

/**
 * What to do with a write: run it (and `persist` the answer before sending it), or send `body`.
 * @example
 * const claim: WriteClaim = { run: false, body: { clientRequestId: 'REQ-1', output: 1 } };
 */
export type WriteClaim = { run: true; persist: (body: ResponseBody) => Promise<void> } | { run: false; body: ResponseBody };

/**
 * The shared replay records of one process.
 * @example
 * const claim = await replay.claim(conn, 'REQ-1', fp);
 * if (claim.run) runTheWrite(claim.persist); else send(claim.body);
 */
export class SharedReplay<UserId> {
  constructor(
    private readonly core: ServerCore<UserId>,
    private readonly adapter: ClusterAdapter,
  ) {}

  /** Claim a write for this process; if another process ran (or runs) it, its answer instead. */
  async claim(conn: Connection<UserId>, id: string, fp: string): Promise<WriteClaim> {
    const key = `replay:${id}`;
    const ttl = this.core.options.replayWindowMs;
    const mine = JSON.stringify({ fp, processId: this.adapter.processId } satisfies SharedWrite);
    const persist = async (body: ResponseBody): Promise<void> => {
      try {
        await this.adapter.records.set(key, JSON.stringify({ fp, processId: this.adapter.processId, body } satisfies SharedWrite), ttl);
      } catch (error) {
        // The answer still goes out: this client has it; only a resend elsewhere would miss it.
        this.core.warn('could not store a write answer in the shared replay records', error, conn.id);
      }
    };
    let record: SharedWrite | undefined;
    try {
      if (await this.adapter.records.set(key, mine, ttl, { onlyIfAbsent: true })) return { run: true, persist };
      record = parse(await this.adapter.records.get(key));
      if (!record || record.fp !== fp) {
        // Expired meanwhile, or the id now names another request (as on one process: run it).
        await this.adapter.records.set(key, mine, ttl);
        return { run: true, persist };
      }
    } catch (error) {
      this.core.warn('shared replay records unreachable: write not run', error, conn.id);
      return { run: false, body: { clientRequestId: id, error: { code: ServerErrorCode.INTERNAL_ERROR, description: 'The server cannot reach its shared state; the write was not run' } } };
    }
    this.core.log('debug', `write ${id} was handled by process ${record.processId}: answering from the shared record`, conn.id);
    const deadline = Date.now() + Math.max(this.core.options.handlerTimeoutInMs, 0) + 5_000;
    while (!record.body) {
      const alive = await this.adapter.isAlive(record.processId).catch(() => true);
      if (!alive || Date.now() > deadline || conn.closed) break;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS).unref());
      record = parse(await this.adapter.records.get(key).catch(() => undefined)) ?? record;
    }
    return {
      run: false,
      body: record.body ?? {
        clientRequestId: id,
        error: { code: ClientErrorCode.OUTCOME_UNKNOWN, description: 'The server process running this write stopped before answering; it was not run again' },
      },
    };
  }
}

function parse(text: string | undefined): SharedWrite | undefined {
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as SharedWrite;
    return typeof value === 'object' && value !== null && typeof value.fp === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
