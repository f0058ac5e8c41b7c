/**
 * `askless-react/devtools`: `<AsklessDevtools />`, a floating panel showing one client's
 * connection, streams, pending requests and last frames (credentials redacted). Like TanStack
 * Query Devtools it leaves itself out of production builds: when `process.env.NODE_ENV` is
 * `'production'` this entry exports a component that renders nothing and the panel (a lazily
 * loaded chunk) is dropped by the bundler. Importing it runs no DOM code (safe in Node and SSR).
 * @example
 * import { AsklessDevtools } from 'askless-react/devtools';
 * <AsklessProvider serverUrl={url}>
 *   <App />
 *   <AsklessDevtools />
 * </AsklessProvider>
 */
import type { ReactElement } from 'react';
import { createDevtools, type AsklessDevtoolsProps } from './devtools/loader.js';

export type { AsklessDevtoolsProps } from './devtools/loader.js';
export type { AsklessDevtoolsPanelProps } from './devtools/DevtoolsPanel.js';
export type { DevtoolsLabels } from './devtools/labels.js';
export type { InspectableClient, DevtoolsSnapshot, FrameRecord } from './core/devtools-store.js';
export { redact, frameForDisplay } from './core/redact.js';

/**
 * The devtools panel (development only). Inside `<AsklessProvider>` it inspects the provider's
 * client; pass `client` to inspect another. Keyboard: the toggle opens it, Escape closes it.
 * @example
 * <AsklessDevtools initialIsOpen={false} labels={{ toggleText: 'Realtime' }} />
 */
export const AsklessDevtools: (props: AsklessDevtoolsProps) => ReactElement | null =
  // The import() must sit in this branch: bundlers drop it (and emit no chunk) when the
  // condition is a constant `true` after `process.env.NODE_ENV` is replaced.
  process.env.NODE_ENV === 'production' ? () => null : createDevtools(() => import('./devtools/DevtoolsPanel.js'));
