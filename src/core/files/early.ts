/**
 * `client.files` of the provider's deferred client before its code has loaded (see
 * internal/early-features.ts): it drives the real client's own file service, so transfers and
 * offers are the client's whichever facade started them.
 */
import { earlyFeatures } from '../internal/early-features.js';
import { LazyFiles } from './lazy.js';

/**
 * Register the early files facade (idempotent); the file hooks do it when they are loaded.
 * @example
 * enableEarlyFiles();
 */
export function enableEarlyFiles(): void {
  earlyFeatures.files ??= (host) => new LazyFiles(() => host.ready().then((client) => client.files.get()));
}
