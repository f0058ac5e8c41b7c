/**
 * `client.groupCalls` of the provider's deferred client (see internal/early-features.ts): a
 * group-call registry whose mesh code loads once the client's own code is there.
 */
import { earlyFeatures } from '../internal/early-features.js';
import { GroupCalls } from './lazy.js';

/**
 * Register the early group-calls facade (idempotent); `useGroupCall` does it when it is loaded.
 * @example
 * enableEarlyGroupCalls();
 */
export function enableEarlyGroupCalls(): void {
  earlyFeatures.groupCalls ??= (host) =>
    new GroupCalls(() => host.ready().then((client) => import('./session.js').then((m) => m.groupCallEngineFactory(client))));
}
