/**
 * The development `<AsklessDevtools />`: finds the client (prop or provider) and renders the
 * panel, loaded lazily, on the client only (never during server rendering or hydration). Nothing
 * runs at import time, so production builds drop this file entirely (see ../devtools.ts).
 */
import { lazy, Suspense, useContext, useEffect, useState, type ComponentType, type ReactElement } from 'react';
import type { InspectableClient } from '../core/devtools-store.js';
import { AsklessContext } from '../hooks/internal/context.js';
import type { AsklessDevtoolsPanelProps } from './DevtoolsPanel.js';

/**
 * Props of `<AsklessDevtools />`: the panel's, with the client optional (default: the provider's).
 * @example
 * <AsklessDevtools initialIsOpen position="bottom-left" />
 */
export type AsklessDevtoolsProps = Omit<AsklessDevtoolsPanelProps, 'client'> & { client?: InspectableClient };

type PanelModule = { AsklessDevtoolsPanel: ComponentType<AsklessDevtoolsPanelProps> };

/**
 * Build the development component around `load` (the panel's dynamic import, written in the
 * entry so that a production build sees it in a dead branch and emits no chunk for it).
 * @example
 * const AsklessDevtools = createDevtools(() => import('./devtools/DevtoolsPanel.js'));
 */
export function createDevtools(load: () => Promise<PanelModule>): (props: AsklessDevtoolsProps) => ReactElement | null {
  let Panel: ComponentType<AsklessDevtoolsPanelProps> | undefined;
  return function AsklessDevtools({ client, ...props }: AsklessDevtoolsProps) {
    const context = useContext(AsklessContext);
    const [mounted, setMounted] = useState(false);
    useEffect(() => setMounted(true), []);
    const target = client ?? (context?.client as unknown as InspectableClient | undefined);
    if (!mounted || !target || typeof target.inspect !== 'function') return null;
    Panel ??= lazy(() => load().then((m) => ({ default: m.AsklessDevtoolsPanel })));
    return (
      <Suspense fallback={null}>
        <Panel client={target} {...props} />
      </Suspense>
    );
  };
}
