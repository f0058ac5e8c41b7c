import { useEffect, useSyncExternalStore } from 'react';
import type { CallsSnapshot } from '../core/calls/manager-types.js';
import { useCallManager } from './internal/callManager.js';
import { retainCalls } from './internal/callsLifecycle.js';

/**
 * What {@link useCalls} returns: the call manager's snapshot.
 * @example
 * const { calls, activeCallId, missedCalls }: UseCallsResult = useCalls();
 */
export type UseCallsResult = CallsSnapshot;

/**
 * Every call of the provider's client (several at once: active, held, ringing, just ended) and
 * the missed calls. While mounted, incoming calls ring; when the last call hook unmounts, the calls end.
 * @example
 * const { calls, activeCallId } = useCalls();
 * return <ul>{calls.map((c) => <li key={c.id}>{String(c.remoteUserId)} {c.state}</li>)}</ul>;
 */
export function useCalls(): UseCallsResult {
  const manager = useCallManager('useCalls');
  useEffect(() => retainCalls(manager), [manager]);
  return useSyncExternalStore(manager.subscribe, manager.getSnapshot, manager.getSnapshot);
}
