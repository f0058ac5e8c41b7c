import { useCallback, useRef, useState } from 'react';

/**
 * Runs one submission at a time. The check is a ref, set in the same event handler that
 * submits, so a second click dispatched before React re-renders (and before any
 * `disabled={isPending}` reaches the DOM) is dropped, not sent twice.
 * @example
 * const guard = useSubmitGuard();
 * <form onSubmit={(e) => { e.preventDefault(); guard.run(() => create.mutateAsync(body)); }}>
 *   <button disabled={guard.pending}>Add</button>
 * </form>
 */
export function useSubmitGuard(): { run(task: () => Promise<unknown>): void; pending: boolean } {
  const busy = useRef(false);
  const [pending, setPending] = useState(false);
  const run = useCallback((task: () => Promise<unknown>) => {
    if (busy.current) return;
    busy.current = true;
    setPending(true);
    void task()
      .catch(() => {
        // The mutation keeps its error as state; the guard only cares that it settled.
      })
      .finally(() => {
        busy.current = false;
        setPending(false);
      });
  }, []);
  return { run, pending };
}
