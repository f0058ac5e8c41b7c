/**
 * The provider's own client (`serverUrl`) is a deferred client (core/deferred-client.ts) whose
 * protocol code arrives after the first render. Call hooks rendered before it arrived must still
 * ring: a real server, a caller sending what a 2.0.3 client sends, the callee's provider in
 * StrictMode, and `client.calls` one object for the provider's life.
 */
import { StrictMode, useEffect } from 'react';
import { cleanup, render, screen } from '@testing-library/react';
import WS from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { AsklessProvider } from '../../src/components/AsklessProvider.js';
import { IncomingCallDialog } from '../../src/components/IncomingCallDialog.js';
import { useAskless } from '../../src/hooks/useAskless.js';
import { useAuthentication } from '../../src/hooks/useAuthentication.js';
import { useCalls } from '../../src/hooks/useCalls.js';
import type { CallManager } from '../../src/core/calls/manager-types.js';
import { startReferenceServer, type ReferenceServer } from '../support/reference-app.js';
import { callAsProbe, connectProbe } from '../reliability/support/probe-client.js';

let app: ReferenceServer | undefined;
afterEach(async () => {
  cleanup();
  await app?.stop();
  app = undefined;
});

describe('<AsklessProvider serverUrl>: call hooks before the client code arrived', () => {
  it('rings through the deferred client, with one client.calls throughout', async () => {
    app = await startReferenceServer();
    const managers = new Set<CallManager>();
    let loggedIn: Promise<unknown> | undefined;
    function Callee() {
      const client = useAskless<number>();
      managers.add(client.calls);
      const calls = useCalls();
      const { authenticate, status } = useAuthentication();
      useEffect(() => {
        loggedIn ??= authenticate({ credential: { accessToken: 'token-2' } });
      }, [authenticate]);
      return (
        <p>
          {status} {calls.calls.length}
        </p>
      );
    }
    render(
      <StrictMode>
        <AsklessProvider serverUrl={app.url} WebSocket={WS}>
          <Callee />
          <IncomingCallDialog />
        </AsklessProvider>
      </StrictMode>,
    );
    // First render: the client's code had not arrived (the shell answered `calls` at once).
    expect(managers.size).toBe(1);
    await screen.findByText(/^authenticated/, {}, { timeout: 10_000 });
    await expect(loggedIn).resolves.toMatchObject({ success: true, userId: 2 });

    const caller = await connectProbe(app.url);
    try {
      const sent = await callAsProbe(caller, app.server, 'token-1', 2, { callerName: 'Ada' });
      expect(sent.error ?? undefined).toBeUndefined();
      const dialog = await screen.findByRole('alertdialog', {}, { timeout: 5_000 });
      expect(dialog.textContent).toContain('Ada is calling');
      await screen.findByText(/^authenticated 1$/);
      expect(managers.size).toBe(1); // the early facade stayed: it follows the real client's calls
    } finally {
      await caller.close();
    }
  });
});
