import { useMemo, useSyncExternalStore } from 'react';
import { DevtoolsStore, type DevtoolsSnapshot, type InspectableClient } from '../core/devtools-store.js';

/**
 * The devtools snapshot of `client`, live while mounted (the store taps the client only then).
 * @example
 * const { inspection, frames } = useDevtools(client, 60);
 */
export function useDevtools(client: InspectableClient, maxFrames?: number): DevtoolsSnapshot {
  // Creating a store only reads `client.inspect()`: no I/O, no tap until React subscribes.
  const store = useMemo(() => new DevtoolsStore(client, maxFrames === undefined ? {} : { maxFrames }), [client, maxFrames]);
  return useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
}
