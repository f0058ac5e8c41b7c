/**
 * The call hooks' one lifecycle rule: when the last mounted call hook of a manager goes away, its
 * calls end (every track they acquired stops). A short grace period absorbs StrictMode's
 * mount-unmount-mount and quick route swaps. Per manager, so two providers never share it.
 */
import type { CallManager } from '../../core/calls/manager-types.js';

interface Holders {
  count: number;
  timer: ReturnType<typeof setTimeout> | undefined;
}

const holders = new WeakMap<CallManager, Holders>();

/** How long after the last call hook unmounts its calls are ended. */
export const CALL_HOOKS_RELEASE_GRACE_MS = 50;

/**
 * Hold `manager`'s calls while mounted; returns the release (for `useEffect`).
 * @example
 * useEffect(() => retainCalls(manager), [manager]);
 */
export function retainCalls(manager: CallManager): () => void {
  let entry = holders.get(manager);
  if (!entry) {
    entry = { count: 0, timer: undefined };
    holders.set(manager, entry);
  }
  const held = entry;
  held.count++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    held.count--;
    if (held.timer !== undefined) clearTimeout(held.timer);
    held.timer = setTimeout(() => {
      held.timer = undefined;
      if (held.count > 0) return;
      for (const call of manager.getSnapshot().calls) if (call.state !== 'ended') call.hangUp();
    }, CALL_HOOKS_RELEASE_GRACE_MS);
  };
}
