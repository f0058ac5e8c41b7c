/**
 * The demo's page boundary and connection banner, rendered with the real provider and the shared
 * fake client (the e2e test drives them against the real server).
 */
import { StrictMode } from 'react';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AsklessProvider } from '../../src/index.js';
import type { AsklessClient } from '../../src/core/index.js';
import { FakeAsklessClient } from '../../stories/support/fakeClient.js';
import { PageBoundary } from '../../demo/app/PageBoundary.js';
import { ConnectionBanner } from '../../demo/app/ConnectionBanner.js';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  vi.useRealTimers();
});

let failing = true;
function Fragile() {
  if (failing) throw new Error('price.toFixed is not a function');
  return <p>Catalog is back</p>;
}

describe('PageBoundary', () => {
  it('shows the error of the page that threw, keeps its neighbours, and recovers on "Try again"', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    failing = true;
    render(
      <StrictMode>
        <PageBoundary name="catalog">
          <Fragile />
        </PageBoundary>
        <PageBoundary name="chat">
          <p>Chat still here</p>
        </PageBoundary>
      </StrictMode>,
    );
    expect(screen.getByRole('alert').textContent).toContain('price.toFixed is not a function');
    expect(screen.getByText('Chat still here')).toBeTruthy();
    failing = false;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(screen.getByText('Catalog is back')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

describe('ConnectionBanner', () => {
  function renderBanner(client: FakeAsklessClient) {
    return render(
      <StrictMode>
        <AsklessProvider client={client as unknown as AsklessClient}>
          <ConnectionBanner />
        </AsklessProvider>
      </StrictMode>,
    );
  }
  const banner = () => document.querySelector('[data-banner]')!;

  it('says connecting, then reconnecting after a loss, then back online, then settles', () => {
    vi.useFakeTimers();
    const client = new FakeAsklessClient({ status: 'inProgress' });
    renderBanner(client);
    expect(banner().getAttribute('data-banner')).toBe('connecting');
    act(() => client.setConnection({ status: 'connected' }));
    expect(banner().getAttribute('data-banner')).toBe('online');
    act(() => client.setConnection({ status: 'disconnected', disconnectionReason: 'socketClosed' }));
    expect(banner().textContent).toBe('Connection lost. Reconnecting…');
    // The client's retry loop alternates disconnected/inProgress: the banner does not flicker.
    act(() => client.setConnection({ status: 'inProgress' }));
    expect(banner().getAttribute('data-banner')).toBe('reconnecting');
    expect(screen.getAllByRole('status')).toHaveLength(1);
    act(() => client.setConnection({ status: 'connected' }));
    expect(banner().textContent).toBe('Back online');
    act(() => vi.advanceTimersByTime(4000));
    expect(banner().textContent).toBe('Connected');
  });

  it('says offline (not reconnecting) while the browser has no network', () => {
    const client = new FakeAsklessClient({ status: 'connected' });
    renderBanner(client);
    const onLine = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    act(() => {
      client.setConnection({ status: 'disconnected', disconnectionReason: 'socketClosed' });
      window.dispatchEvent(new Event('offline'));
    });
    expect(banner().getAttribute('data-banner')).toBe('offline');
    expect(banner().querySelector('[data-state]')!.getAttribute('data-state')).toBe('disconnected');
    onLine.mockReturnValue(true);
    act(() => window.dispatchEvent(new Event('online')));
    expect(banner().getAttribute('data-banner')).toBe('reconnecting');
  });
});

describe('App during an automatic re-login', () => {
  it('keeps the workspace mounted (a half-typed product stays) while a reconnect re-authenticates the same user', async () => {
    const { App } = await import('../../demo/app/App.js');
    const client = new FakeAsklessClient({ status: 'connected' });
    client.setAuthentication({ status: 'authenticated', userId: 'bob', claims: ['demo'] });
    render(
      <StrictMode>
        <AsklessProvider client={client as unknown as AsklessClient}>
          <App />
        </AsklessProvider>
      </StrictMode>,
    );
    const name = screen.getByLabelText('Product name') as HTMLInputElement;
    fireEvent.change(name, { target: { value: 'Half-typed lamp' } });
    // The socket dropped and came back: the client logs in again with the stored credential.
    act(() => client.setConnection({ status: 'disconnected', disconnectionReason: 'socketClosed' }));
    act(() => client.setAuthentication({ status: 'authenticating', userId: 'bob', claims: ['demo'] }));
    expect((screen.getByLabelText('Product name') as HTMLInputElement).value).toBe('Half-typed lamp');
    expect(screen.queryByRole('button', { name: /sign in as/i })).toBeNull();
    act(() => client.setConnection({ status: 'connected' }));
    act(() => client.setAuthentication({ status: 'authenticated', userId: 'bob', claims: ['demo'] }));
    expect(screen.getByLabelText('Product name')).toBe(name);
    expect(name.value).toBe('Half-typed lamp');
    // Signing out (or a failed re-login) still leaves the workspace.
    act(() => client.setAuthentication({ status: 'unauthenticated', claims: [] }));
    expect(screen.queryByLabelText('Product name')).toBeNull();
  });
});
