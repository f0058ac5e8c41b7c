/**
 * Runs server-side steps (stop, restart) while components are mounted. The socket events they
 * cause update React from outside any act() scope, exactly like in an app; Testing Library's
 * async wrapper (the one `waitFor` uses) marks that stretch as not-an-act-environment so React
 * does not flag those genuine external updates.
 */
import { getConfig } from '@testing-library/react';

export async function whileServerChanges<T>(step: () => Promise<T>): Promise<T> {
  return (await getConfig().asyncWrapper(step)) as T;
}
