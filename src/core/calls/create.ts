/**
 * The lazily imported half of the calls feature: builds the CallService of a client and the
 * CallManager on top of it. Only `import()`ed (see lazy.ts), so the service, the manager, their
 * state machines and simple-peer stay out of the core bundle until the first call-related use.
 */
import { CallService } from './call-service.js';
import { clientCallTransport, type CallCapableCore } from './client-transport.js';
import { CallManagerEngine, type CallManagerEngineOptions } from './manager.js';

/**
 * The call service of `client`, with its manager.
 * @example
 * const { service, manager } = (await import('./create.js')).createCallService(client, 45_000);
 */
export function createCallService(
  client: CallCapableCore,
  ringTimeoutMs?: number,
  managerOptions: CallManagerEngineOptions = {},
): CallService & { manager: CallManagerEngine } {
  const service = new CallService({
    transport: clientCallTransport(client),
    ringTimeoutMs: managerOptions.ringTimeoutMs ?? ringTimeoutMs,
    reconnectTimeoutMs: managerOptions.reconnectTimeoutMs,
    unavailableGraceMs: managerOptions.unavailableGraceMs,
  });
  const manager = new CallManagerEngine(service, managerOptions);
  const dispose = service.dispose.bind(service);
  return Object.assign(service, {
    manager,
    dispose: () => {
      dispose();
      manager.dispose();
    },
  });
}
