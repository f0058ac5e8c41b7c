/**
 * useAuthentication against the real server: status transitions of a manual login, a refused
 * login and a logout, and an automatic re-login refused after a reconnect (the credential
 * expired while the server was down).
 */
import { render, screen, waitFor, fireEvent } from '@testing-library/react';
import { StrictMode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { AsklessProvider } from '../../src/components/AsklessProvider.js';
import { useAuthentication } from '../../src/hooks/useAuthentication.js';
import { failOnConsoleErrors } from './support/consoleGuard.js';
import { startTappedServer, type TappedServer } from './support/server.js';
import { whileServerChanges } from './support/serverSide.js';

failOnConsoleErrors();

const WS = WebSocket;
let app: TappedServer | undefined;
afterEach(async () => {
  await app?.stop();
  app = undefined;
});

function Login({ statuses, token }: { statuses: string[]; token: string }) {
  const { status, userId, claims, error, authenticate, clearAuthentication } = useAuthentication<number>();
  if (statuses.at(-1) !== status) statuses.push(status);
  return (
    <>
      <p data-testid="auth" data-status={status}>
        {status}|{userId ?? '-'}|{claims.join(',')}|{error?.code ?? '-'}
      </p>
      <button onClick={() => void authenticate({ credential: { accessToken: token } })}>login</button>
      <button onClick={() => void clearAuthentication()}>logout</button>
    </>
  );
}

const auth = () => screen.getByTestId('auth').textContent;

describe('useAuthentication on the real server', () => {
  it('login → authenticated, logout → unauthenticated; a refused login reports its code', async () => {
    app = await startTappedServer();
    const statuses: string[] = [];
    const view = render(
      <StrictMode>
        <AsklessProvider serverUrl={app.url} WebSocket={WS}>
          <Login statuses={statuses} token="token-7" />
        </AsklessProvider>
      </StrictMode>,
    );
    expect(auth()).toBe('unauthenticated|-||-');
    fireEvent.click(screen.getByText('login'));
    await waitFor(() => expect(auth()).toBe('authenticated|7|user|-'));
    expect(statuses).toEqual(['unauthenticated', 'authenticating', 'authenticated']);

    fireEvent.click(screen.getByText('logout'));
    await waitFor(() => expect(auth()).toBe('unauthenticated|-||-'));

    view.rerender(
      <StrictMode>
        <AsklessProvider serverUrl={app.url} WebSocket={WS}>
          <Login statuses={statuses} token="not-a-token" />
        </AsklessProvider>
      </StrictMode>,
    );
    fireEvent.click(screen.getByText('login'));
    await waitFor(() => expect(auth()).toBe('unauthenticated|-||INVALID_CREDENTIAL'));
    expect(statuses.slice(-2)).toEqual(['authenticating', 'unauthenticated']);
    view.unmount();
  });

  it('a credential that expired while the server was down: re-login refused, callback called, unauthenticated', async () => {
    app = await startTappedServer();
    const port = app.port;
    const statuses: string[] = [];
    const failures: string[] = [];
    const view = render(
      <StrictMode>
        <AsklessProvider
          serverUrl={app.url}
          WebSocket={WS}
          clientOptions={{ reconnectBaseDelayMs: 50, reconnectMaxDelayMs: 200 }}
          onAutoReauthenticationFails={(code) => failures.push(code)}
        >
          <Login statuses={statuses} token="token-7" />
        </AsklessProvider>
      </StrictMode>,
    );
    fireEvent.click(screen.getByText('login'));
    await waitFor(() => expect(auth()).toBe('authenticated|7|user|-'));

    await whileServerChanges(() => app!.stop());
    // The restarted server considers token-7 expired.
    app = await whileServerChanges(() =>
      startTappedServer({
        port,
        init: { authenticate: (_credential, _accept, reject) => reject({ credentialErrorCode: 'EXPIRED_ACCESS_TOKEN' }) },
      }),
    );
    await waitFor(() => expect(failures).toEqual(['EXPIRED_ACCESS_TOKEN']), { timeout: 8000 });
    await waitFor(() => expect(auth()).toBe('unauthenticated|-||EXPIRED_ACCESS_TOKEN'));
    // The automatic re-login after the reconnect shows as `authenticating` too.
    expect(statuses).toEqual(['unauthenticated', 'authenticating', 'authenticated', 'authenticating', 'unauthenticated']);
    view.unmount();
  });
});
