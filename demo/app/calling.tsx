import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';

/** Someone the user is about to call (the pre-join screen is open for them). */
export interface CallTarget {
  id: string;
  name: string;
}

interface Calling {
  target: CallTarget | null;
  /** Open the pre-join screen for `target`. */
  prepare(target: CallTarget): void;
  cancel(): void;
}

const CallingContext = createContext<Calling | null>(null);

/**
 * Which contact the pre-join screen is open for, shared by the contact list (which opens it)
 * and the call layer (which shows it).
 * @example
 * <CallingProvider><Contacts /><CallLayer /></CallingProvider>
 */
export function CallingProvider({ children }: { children: ReactNode }) {
  const [target, setTarget] = useState<CallTarget | null>(null);
  const value = useMemo(() => ({ target, prepare: setTarget, cancel: () => setTarget(null) }), [target]);
  return <CallingContext.Provider value={value}>{children}</CallingContext.Provider>;
}

/**
 * @example
 * const { prepare } = useCalling();
 */
export function useCalling(): Calling {
  const value = useContext(CallingContext);
  if (!value) throw new Error('useCalling() needs a <CallingProvider>');
  return value;
}
