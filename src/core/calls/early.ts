/**
 * `client.calls` of the provider's deferred client before its code has loaded (see
 * internal/early-features.ts): the same facade as the real client's, following the real
 * client's call service, so a call placed before the client loaded is the client's own call.
 */
import { earlyFeatures } from '../internal/early-features.js';
import { LazyCalls } from './lazy.js';
import { LazyCallManager } from './manager-facade.js';

/**
 * Register the early calls facade (idempotent); the call hooks do it when they are loaded.
 * @example
 * enableEarlyCalls();
 */
export function enableEarlyCalls(): void {
  earlyFeatures.calls ??= (host) => {
    // Before the client loads, a use waits for it and then for its call service.
    const service = new LazyCalls(() => host.ready().then((client) => client.callsService().get()));
    return { service, manager: new LazyCallManager(() => host.loaded?.callsService() ?? service) };
  };
}
