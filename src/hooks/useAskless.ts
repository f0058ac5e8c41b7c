import type { AsklessClient } from '../core/client.js';
import { useAsklessContext } from './internal/context.js';

/**
 * The client of the nearest `<AsklessProvider>` (stable for the provider's lifetime). Throws an
 * `AsklessError` with code `NO_PROVIDER` outside a provider.
 * @example
 * const client = useAskless();
 * const onSave = () => client.update({ route: 'product', params: { id }, body: { price } });
 */
export function useAskless<UserId = string | number>(): AsklessClient<UserId> {
  // Apps pass (or the provider creates) a real AsklessClient; the context is typed structurally
  // only so fakes fit. UserId is not generic at run time: it only narrows the types.
  return useAsklessContext('useAskless').client as unknown as AsklessClient<UserId>;
}
