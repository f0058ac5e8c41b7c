/**
 * The devtools panel itself: a toggle button floating in a corner and, when open, a
 * non-modal panel (the app stays usable) with the connection, streams, pending requests, last
 * frames and optional sources of one client. Loaded lazily by `<AsklessDevtools />`.
 */
import { useCallback, useId, useRef, useState, type CSSProperties, type KeyboardEvent } from 'react';
import type { InspectableClient } from '../core/devtools-store.js';
import { DEFAULT_DEVTOOLS_LABELS, type DevtoolsLabels } from './labels.js';
import { ConnectionSection, ExtrasSection, FramesSection, RequestsSection, StreamsSection } from './sections.js';
import { useDevtools } from './useDevtools.js';

/**
 * Props of {@link AsklessDevtoolsPanel}.
 * @example
 * const props: AsklessDevtoolsPanelProps = { client, initialIsOpen: true, position: 'bottom-left' };
 */
export interface AsklessDevtoolsPanelProps {
  /** The client to inspect (`<AsklessDevtools />` passes the provider's). */
  client: InspectableClient;
  /** Start open. Default `false`. */
  initialIsOpen?: boolean;
  /** Corner of the toggle and panel. Default `bottom-right`. */
  position?: 'bottom-right' | 'bottom-left';
  /** Override any visible string. */
  labels?: Partial<DevtoolsLabels>;
  /** Frames kept. Default 60. */
  maxFrames?: number;
}

const font = 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif';

/** WCAG 2.5.3: the accessible name must contain the visible text, whatever the labels say. */
const withVisibleText = (label: string, visible: string): string => (label.includes(visible) ? label : `${visible}: ${label}`);

/**
 * The devtools panel for `client`. Apps use `<AsklessDevtools />`, which loads this lazily and
 * renders nothing in production builds.
 * @example
 * <AsklessDevtoolsPanel client={client} initialIsOpen />
 */
export function AsklessDevtoolsPanel({ client, initialIsOpen = false, position = 'bottom-right', labels: overrides, maxFrames }: AsklessDevtoolsPanelProps) {
  const [open, setOpen] = useState(initialIsOpen);
  const labels = { ...DEFAULT_DEVTOOLS_LABELS, ...overrides };
  const panelId = useId();
  const titleId = useId();
  const toggleRef = useRef<HTMLButtonElement>(null);
  const close = useCallback(() => {
    setOpen(false);
    toggleRef.current?.focus();
  }, []);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      close();
    }
  };
  const side: CSSProperties = position === 'bottom-left' ? { left: 8 } : { right: 8 };
  return (
    <div data-askless-devtools="" style={{ fontFamily: font }}>
      <button
        ref={toggleRef}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={withVisibleText(open ? labels.closeButton : labels.openButton, labels.toggleText)}
        onClick={() => (open ? close() : setOpen(true))}
        style={{
          position: 'fixed',
          bottom: 8,
          ...side,
          zIndex: 2147483000,
          padding: '6px 12px',
          borderRadius: 16,
          border: '2px solid #ffffff',
          background: '#0b5cad',
          color: '#ffffff',
          font: `600 13px ${font}`,
          cursor: 'pointer',
        }}
      >
        {labels.toggleText}
      </button>
      {open ? (
        <section
          id={panelId}
          aria-labelledby={titleId}
          onKeyDown={onKeyDown}
          style={{
            position: 'fixed',
            bottom: 48,
            ...side,
            zIndex: 2147483000,
            width: 'min(640px, calc(100vw - 16px))',
            maxHeight: 'min(70vh, 640px)',
            overflow: 'auto',
            boxSizing: 'border-box',
            padding: '8px 12px 12px',
            borderRadius: 8,
            background: '#161b22',
            color: '#e6edf3',
            boxShadow: '0 8px 24px rgba(0,0,0,0.4)',
            fontSize: 13,
          }}
        >
          <Contents client={client} labels={labels} titleId={titleId} onClose={close} maxFrames={maxFrames} />
        </section>
      ) : null}
    </div>
  );
}

function Contents({
  client,
  labels,
  titleId,
  onClose,
  maxFrames,
}: {
  client: InspectableClient;
  labels: DevtoolsLabels;
  titleId: string;
  onClose: () => void;
  maxFrames: number | undefined;
}) {
  // Mounted only while open: the client is tapped only while someone looks.
  const snapshot = useDevtools(client, maxFrames);
  return (
    <>
      <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 8 }}>
        <h2 id={titleId} style={{ fontSize: 15, margin: 0 }}>
          {labels.title}
        </h2>
        <button
          type="button"
          onClick={onClose}
          style={{ background: 'transparent', color: '#e6edf3', border: '1px solid #8b949e', borderRadius: 4, padding: '2px 8px', cursor: 'pointer' }}
        >
          {labels.closeButton}
        </button>
      </div>
      <ConnectionSection snapshot={snapshot} labels={labels} />
      <StreamsSection snapshot={snapshot} labels={labels} />
      <RequestsSection snapshot={snapshot} labels={labels} />
      <FramesSection snapshot={snapshot} labels={labels} />
      <ExtrasSection snapshot={snapshot} labels={labels} />
    </>
  );
}
