/**
 * The features of a deferred client (the one `<AsklessProvider serverUrl>` creates) that must
 * answer before its code has loaded: `client.calls`, `client.groupCalls`, `client.files` and
 * `requestCallToUser`. Their facades live with the features, not with the deferred client, so
 * that a data-only app bundles none of them: the modules that use a feature (the call, group-call
 * and file hooks) register its facade here when they are loaded.
 */
import type { AsklessClient } from '../client.js';
import type { LazyCalls } from '../calls/lazy.js';
import type { CallManager } from '../calls/manager-types.js';
import type { GroupCalls } from '../group-calls/lazy.js';
import type { LazyFiles } from '../files/lazy.js';

/**
 * What an early facade needs from the deferred client: its real client, once loaded.
 * @example
 * const files = new LazyFiles(() => host.ready().then((client) => client.files.get()));
 */
export interface DeferredHost {
  /** Load the client code (once; a failed load is retried by the next call). */
  ready(): Promise<AsklessClient<any>>;
  /** The real client once its code has loaded. */
  readonly loaded: AsklessClient<any> | undefined;
}

/** Factories of the early facades, registered by the modules that use them. */
export interface EarlyFeatures {
  /** `client.calls` and the legacy call methods, bound to the real client's call service. */
  calls?: (host: DeferredHost) => { manager: CallManager<any>; service: LazyCalls };
  groupCalls?: (host: DeferredHost) => GroupCalls<any>;
  files?: (host: DeferredHost) => LazyFiles<any>;
}

/**
 * The registry.
 * @example
 * earlyFeatures.files ??= (host) => new LazyFiles(() => host.ready().then((client) => client.files.get()));
 */
export const earlyFeatures: EarlyFeatures = {};
