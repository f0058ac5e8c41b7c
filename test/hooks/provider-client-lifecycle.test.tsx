/**
 * The provider's client lifecycle with a fake factory: StrictMode's mount → unmount → mount
 * starts one client once and closes nothing; a real unmount closes it once; a new serverUrl
 * swaps clients; a client passed in is started and never closed.
 */
import { render, waitFor } from '@testing-library/react';
import { Component, StrictMode, type ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { AsklessError } from '../../src/core/errors.js';
import type { AsklessClientOptions } from '../../src/core/types.js';
import { useProviderClient, type ProviderClientConfig } from '../../src/hooks/internal/providerClient.js';
import { failOnConsoleErrors } from './support/consoleGuard.js';
import { FakeClient } from './support/fakeClient.js';

failOnConsoleErrors();

function setup() {
  const made: Array<{ client: FakeClient; options: AsklessClientOptions }> = [];
  const factory = (options: AsklessClientOptions) => {
    const client = new FakeClient();
    made.push({ client, options });
    return client;
  };
  const seen: unknown[] = [];
  function Host(props: ProviderClientConfig) {
    seen.push(useProviderClient(props, factory));
    return null;
  }
  const started = () => made.filter((m) => m.client.calls.includes('start'));
  const closed = () => made.filter((m) => m.client.calls.includes('close'));
  return { made, seen, Host, started, closed };
}

describe('useProviderClient', () => {
  it('under StrictMode starts exactly one client once and closes it once on unmount', async () => {
    const { Host, started, closed, seen } = setup();
    const view = render(
      <StrictMode>
        <Host serverUrl="ws://127.0.0.1:1" />
      </StrictMode>,
    );
    expect(started()).toHaveLength(1);
    expect(started()[0]!.client.calls).toEqual(['start']);
    expect(new Set(seen).size).toBe(1);
    expect(seen[0]).toBe(started()[0]!.client);
    view.unmount();
    await waitFor(() => expect(closed()).toHaveLength(1));
    expect(closed()[0]!.client.calls).toEqual(['start', 'close']);
  });

  it('a new serverUrl closes the old client and starts a new one', async () => {
    const { Host, started, closed, made } = setup();
    const view = render(<StrictMode><Host serverUrl="ws://127.0.0.1:1" /></StrictMode>);
    view.rerender(<StrictMode><Host serverUrl="ws://127.0.0.1:2" /></StrictMode>);
    await waitFor(() => expect(closed()).toHaveLength(1));
    expect(closed()[0]!.options.serverUrl).toBe('ws://127.0.0.1:1');
    expect(started().map((m) => m.options.serverUrl)).toEqual(['ws://127.0.0.1:1', 'ws://127.0.0.1:2']);
    expect(made.find((m) => m.options.serverUrl === 'ws://127.0.0.1:2' && m.client.calls.includes('start'))!.client.calls).toEqual(['start']);
    view.unmount();
    await waitFor(() => expect(closed()).toHaveLength(2));
  });

  it('the latest callback props are called without recreating the client', () => {
    const { Host, made, started } = setup();
    const calls: string[] = [];
    const view = render(<Host serverUrl="ws://127.0.0.1:1" onAutoReauthenticationFails={() => calls.push('first')} />);
    view.rerender(<Host serverUrl="ws://127.0.0.1:1" onAutoReauthenticationFails={(code) => calls.push(`second:${code}`)} />);
    expect(started()).toHaveLength(1);
    made[0]!.options.onAutoReauthenticationFails?.('EXPIRED_ACCESS_TOKEN', async () => undefined);
    expect(calls).toEqual(['second:EXPIRED_ACCESS_TOKEN']);
    view.unmount();
  });

  it('a client passed in is started and never closed', () => {
    // Closes are deferred by a timer: run every timer there is instead of waiting for one.
    vi.useFakeTimers();
    try {
      const { Host, made } = setup();
      const mine = new FakeClient();
      const view = render(<StrictMode><Host client={mine} /></StrictMode>);
      expect(mine.calls[0]).toBe('start');
      expect(made).toHaveLength(0);
      view.unmount();
      // The same flow with an owned client does close it once its timer ran: the timers are real.
      const other = setup();
      render(<other.Host serverUrl="ws://127.0.0.1:3" />).unmount();
      vi.runAllTimers();
      expect(other.closed()).toHaveLength(1);
      expect(mine.calls).not.toContain('close');
    } finally {
      vi.useRealTimers();
    }
  });

  it('neither serverUrl nor client is a typed INVALID_ARGUMENT error', () => {
    const { Host } = setup();
    const caught: unknown[] = [];
    class Boundary extends Component<{ children: ReactNode }, { failed: boolean }> {
      override state = { failed: false };
      static getDerivedStateFromError() {
        return { failed: true };
      }
      override render() {
        return this.state.failed ? <p>failed</p> : this.props.children;
      }
    }
    const view = render(
      <Boundary>
        <Host />
      </Boundary>,
      { onCaughtError: (error) => caught.push(error) },
    );
    expect(view.getByText('failed')).toBeTruthy();
    expect(caught[0]).toBeInstanceOf(AsklessError);
    expect((caught[0] as AsklessError).code).toBe('INVALID_ARGUMENT');
  });
});
