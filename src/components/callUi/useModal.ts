/**
 * What makes an element a real modal: the rest of the page is `inert` (no clicks, no focus, hidden
 * from assistive technology), focus moves in and Tab cycles inside, and focus returns where it
 * was on close. Overlapping modals are counted per element, so closing one never un-inerts what
 * another still covers.
 */
import { useEffect, type RefObject } from 'react';

const inertCount = new WeakMap<Element, number>();

function makeInert(element: Element): void {
  const count = inertCount.get(element) ?? 0;
  // An element that was inert before any modal stays the page's business: not counted, not freed.
  if (count === 0 && element.hasAttribute('inert')) return;
  inertCount.set(element, count + 1);
  element.setAttribute('inert', '');
}

function release(element: Element): void {
  const count = inertCount.get(element);
  if (count === undefined) return;
  if (count <= 1) {
    inertCount.delete(element);
    element.removeAttribute('inert');
  } else inertCount.set(element, count - 1);
}

const TABBABLE = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * The tabbable elements inside `root`, in DOM order.
 * @example
 * tabbables(dialog)[0]?.focus();
 */
export function tabbables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(TABBABLE)].filter((el) => !el.closest('[inert]') && el.getAttribute('aria-hidden') !== 'true');
}

/**
 * Makes `ref` modal while `active`: everything outside it inert, focus on `initialFocus` (or its
 * first tabbable), Tab trapped, focus restored on close.
 * @example
 * useModal(dialogRef, true, acceptRef);
 */
export function useModal(ref: RefObject<HTMLElement | null>, active: boolean, initialFocus?: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const root = ref.current;
    if (!active || !root) return;
    const previous = document.activeElement;
    const covered: Element[] = [];
    // Every sibling of the modal and of each of its ancestors, up to <body>.
    for (let node: Element = root; node.parentElement && node !== document.body; node = node.parentElement) {
      for (const sibling of node.parentElement.children) {
        if (sibling === node || sibling.tagName === 'SCRIPT' || sibling.tagName === 'STYLE') continue;
        makeInert(sibling);
        covered.push(sibling);
      }
    }
    (initialFocus?.current ?? tabbables(root)[0] ?? root).focus();

    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Tab') return;
      const items = tabbables(root);
      if (items.length === 0) return event.preventDefault();
      const first = items[0]!;
      const last = items[items.length - 1]!;
      const current = document.activeElement;
      if (event.shiftKey && (current === first || !root.contains(current))) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && (current === last || !root.contains(current))) {
        event.preventDefault();
        first.focus();
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => {
      document.removeEventListener('keydown', onKeyDown);
      for (const element of covered) release(element);
      if (previous instanceof HTMLElement && previous.isConnected && !previous.closest('[inert]')) previous.focus();
    };
  }, [ref, active, initialFocus]);
}
