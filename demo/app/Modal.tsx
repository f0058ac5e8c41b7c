import { useRef, type ReactNode } from 'react';
import { useModal } from '../../src/calls.js';

/** Props of {@link Modal}. */
export interface ModalProps {
  /** Accessible name of the dialog. */
  label: string;
  /** Extra attributes for the dialog element (e.g. `data-state`). */
  attributes?: Record<string, string | undefined>;
  /** Called on Escape; omit to ignore Escape (a call is not closed by a stray key). */
  onEscape?: () => void;
  children: ReactNode;
}

/**
 * The demo's modal: `role="dialog"`, `aria-modal`, the page behind inert (no clicks, no focus),
 * focus moved in and kept in, and given back on close (the library's `useModal`).
 * @example
 * <Modal label="Call with Bob" attributes={{ 'data-state': call.state }}><CallView call={call} /></Modal>
 */
export function Modal({ label, attributes, onEscape, children }: ModalProps) {
  const ref = useRef<HTMLDivElement>(null);
  useModal(ref, true);
  return (
    <div className="modal-backdrop">
      <div
        ref={ref}
        role="dialog"
        aria-modal="true"
        aria-label={label}
        tabIndex={-1}
        className="modal"
        onKeyDown={(event) => {
          if (event.key === 'Escape' && onEscape) {
            event.preventDefault();
            onEscape();
          }
        }}
        {...attributes}
      >
        {children}
      </div>
    </div>
  );
}
