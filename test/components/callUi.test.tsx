/**
 * The call UI's shared pieces: the labels object (defaults, provider, props, partial records)
 * and the modal behaviour (inert page counted across overlapping modals, focus in and back).
 */
import { StrictMode, useRef } from 'react';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { CallLabelsProvider, DEFAULT_CALL_LABELS, useCallLabels, useModal, type CallLabelsOverrides } from '../../src/calls.js';

afterEach(cleanup);

function Show({ labels }: { labels?: CallLabelsOverrides }) {
  const text = useCallLabels(labels);
  return <p>{[text.hangUp, text.accept, text.endReasons.busy, text.endReasons.missed, text.isCalling('Ada')].join('|')}</p>;
}

describe('call labels', () => {
  it('merges defaults, then the nearest providers, then props, record by record', () => {
    render(
      <CallLabelsProvider labels={{ hangUp: 'Raccrocher', endReasons: { busy: 'Occupé' } }}>
        <CallLabelsProvider labels={{ accept: 'Répondre' }}>
          <Show labels={{ isCalling: (n) => `${n} appelle` }} />
        </CallLabelsProvider>
      </CallLabelsProvider>,
    );
    expect(screen.getByRole('paragraph').textContent).toBe(`Raccrocher|Répondre|Occupé|${DEFAULT_CALL_LABELS.endReasons.missed}|Ada appelle`);
  });
});

function Dialog({ name }: { name: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useModal(ref, true);
  return (
    <div ref={ref} role="dialog" aria-label={name}>
      <button type="button">{`${name} button`}</button>
    </div>
  );
}

describe('useModal', () => {
  it('makes the page inert while any modal is open, focuses inside, and restores both on close', () => {
    const page = (first: boolean, second: boolean) => (
      <StrictMode>
        <button type="button">page button</button>
        {first && <Dialog name="first" />}
        {second && <Dialog name="second" />}
      </StrictMode>
    );
    const { rerender } = render(page(false, false));
    const behind = screen.getByRole('button', { name: 'page button' });
    behind.focus();
    rerender(page(true, false));
    expect(behind.closest('[inert]')).not.toBeNull();
    expect(document.activeElement?.textContent).toBe('first button');
    // A second modal on top makes the first inert too; closing the first frees nothing yet.
    rerender(page(true, true));
    expect(screen.getByText('first button').closest('[inert]')).not.toBeNull();
    rerender(page(false, true));
    expect(behind.closest('[inert]')).not.toBeNull();
    rerender(page(false, false));
    expect(document.querySelector('[inert]')).toBeNull();
  });

  it('leaves an element that was inert before any modal inert after it', () => {
    const { rerender } = render(
      <>
        <div inert>already inert</div>
      </>,
    );
    rerender(
      <>
        <div inert>already inert</div>
        <Dialog name="only" />
      </>,
    );
    rerender(
      <>
        <div inert>already inert</div>
      </>,
    );
    expect(screen.getByText('already inert').hasAttribute('inert')).toBe(true);
  });
});
