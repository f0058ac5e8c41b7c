import type { AsklessClientLike } from './internal/client.js';
import { useAsklessContext } from './internal/context.js';

/**
 * The client of the nearest `<AsklessProvider>` (stable for the provider's lifetime). Throws an
 * `AsklessError` with code `NO_PROVIDER` outside a provider.
 * @example
 * const client = useAskless();
 * const onSave = () => client.update({ route: 'product', params: { id }, body: { price } });
 */
export function useAskless(): AsklessClientLike {
  return useAsklessContext('useAskless').client;
}
