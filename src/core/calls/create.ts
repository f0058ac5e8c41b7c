/**
 * The lazily imported half of the calls feature: builds the CallService of a client. Only
 * `import()`ed (see lazy.ts), so the service, its state machine and simple-peer stay out of the
 * core bundle until the first call-related method runs.
 */
import { CallService } from './call-service.js';
import { clientCallTransport, type CallCapableCore } from './client-transport.js';

/**
 * The call service of `client`.
 * @example
 * const service = (await import('./create.js')).createCallService(client, 45_000);
 */
export function createCallService(client: CallCapableCore, ringTimeoutMs?: number): CallService {
  return new CallService({ transport: clientCallTransport(client), ringTimeoutMs });
}
