/**
 * Runs one route handler and turns every way it can end into one outcome: success, an
 * application error, a throw (INTERNAL_ERROR, or the thrown AsklessError's code) or silence
 * (TIMEOUT after the handler timeout). 2.0.3 crashes on a throw and leaves the client hanging on
 * silence (Q1); neither can happen here.
 */
import type { WireError } from '../core/protocol/wire.js';
import { ServerErrorCode } from '../core/errors.js';
import type { HandlerError, ReplyCallbacks } from './types.js';

/**
 * How a handler ended.
 * @example
 * const outcome = await runHandler(env, invoke); if (outcome.ok) send(outcome.entity);
 */
export type Outcome<Entity> = { ok: true; entity: Entity } | { ok: false; error: WireError; thrown?: unknown };

/**
 * What the runner needs from the server.
 * @example
 * const env: RunnerEnv = { timeoutMs: 7000, sendInternalErrorsToClient: false, onThrow: console.warn };
 */
export interface RunnerEnv {
  timeoutMs: number;
  sendInternalErrorsToClient: boolean;
  /** Where throws are reported (with the connection id). */
  onThrow(error: unknown): void;
}

/**
 * The wire error for an unexpected throw: a thrown `{code: string}` (AsklessError, ErrorResponse)
 * passes through, anything else is INTERNAL_ERROR.
 * @example
 * internalError(new Error('boom'), false); // { code: 'INTERNAL_ERROR', description: 'An internal error occurred' }
 */
export function internalError(error: unknown, exposeDetails: boolean): WireError {
  if (typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string') {
    const e = error as { code: string; description?: unknown; message?: unknown };
    // Only a deliberate `description` goes out: a Node or driver error (ENOENT, a SQL state) also
    // has a string `code`, and its `message` may name paths, hosts or data.
    const description =
      typeof e.description === 'string' ? e.description : exposeDetails && typeof e.message === 'string' ? e.message : undefined;
    return { code: e.code, description };
  }
  const details = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return { code: ServerErrorCode.INTERNAL_ERROR, description: exposeDetails ? details : 'An internal error occurred' };
}

/**
 * Normalise what a handler passed to `errorCallback` (either member may be absent, like 2.0.3).
 * @example
 * toWireError({ code: 'NOT_FOUND' }); // { code: 'NOT_FOUND' }
 */
export function toWireError(error: HandlerError | undefined): WireError {
  const out: WireError = {};
  if (typeof error?.code === 'string') out.code = error.code;
  if (typeof error?.description === 'string') out.description = error.description;
  return out;
}

/**
 * Call `invoke` with reply callbacks and wait for the first reply, a throw or the timeout.
 * @example
 * const outcome = await runHandler(env, (cb) => route.handleRead({ ...ctx, ...cb }));
 */
export function runHandler<Entity>(env: RunnerEnv, invoke: (callbacks: ReplyCallbacks<Entity>) => unknown): Promise<Outcome<Entity>> {
  return new Promise((resolve) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const settle = (outcome: Outcome<Entity>): void => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      resolve(outcome);
    };
    const fail = (error: unknown): void => {
      if (settled) return;
      env.onThrow(error);
      settle({ ok: false, error: internalError(error, env.sendInternalErrorsToClient), thrown: error });
    };
    const callbacks: ReplyCallbacks<Entity> = {
      successCallback: (entity) => settle({ ok: true, entity }),
      errorCallback: (error) => settle({ ok: false, error: toWireError(error) }),
    };
    if (env.timeoutMs > 0) {
      timer = setTimeout(
        () => settle({ ok: false, error: { code: ServerErrorCode.TIMEOUT, description: `The route handler did not answer within ${env.timeoutMs} ms` } }),
        env.timeoutMs,
      );
      // Like holdOff's: a handler that never answers must not keep the process alive after stop().
      timer.unref();
    }
    try {
      reportRejection(invoke(callbacks), fail);
    } catch (error) {
      fail(error);
    }
  });
}

/**
 * Report the rejection of whatever an application callback returned, if it is a promise: hooks
 * typed `=> void` are often written `async`, and an unhandled rejection would end the process.
 * @example
 * reportRejection(route.definition.onClientStopsListening?.(ctx), (error) => warn('hook failed', error));
 */
export function reportRejection(result: unknown, onError: (error: unknown) => void): void {
  if (isThenable(result)) result.then(undefined, onError);
}

/**
 * True for a promise (anything with a `then` method), so a caller can skip making its
 * rejection handler for the plain return of a synchronous callback.
 * @example
 * if (isThenable(result)) reportRejection(result, report);
 */
export function isThenable(result: unknown): result is PromiseLike<unknown> {
  return !!result && typeof (result as PromiseLike<unknown>).then === 'function';
}

/**
 * A shallow copy of an entity, so `toOutput` cannot mutate the application's objects (§9).
 * @example
 * shallowCopy({ a: 1 }); // a new { a: 1 }
 */
export function shallowCopy<T>(entity: T): T {
  if (Array.isArray(entity)) return entity.slice() as T;
  if (entity !== null && typeof entity === 'object' && Object.getPrototypeOf(entity) === Object.prototype) return { ...entity };
  return entity;
}
