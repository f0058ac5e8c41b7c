/**
 * <AsklessProvider> against the real server: StrictMode opens one socket, unmount leaves the
 * server with zero connections, a given client is never closed, and the provider supplies
 * (or reuses) a QueryClient.
 */
import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import { StrictMode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { AsklessProvider } from '../../src/components/AsklessProvider.js';
import { AsklessClient } from '../../src/core/client.js';
import { useAskless } from '../../src/hooks/useAskless.js';
import { useAsklessStore } from '../../src/hooks/useAsklessStore.js';
import { useConnection } from '../../src/hooks/useConnection.js';
import { failOnConsoleErrors } from './support/consoleGuard.js';
import { startTappedServer, type TappedServer } from './support/server.js';

failOnConsoleErrors();

const WS = WebSocket;
let app: TappedServer | undefined;
afterEach(async () => {
  await app?.stop();
  app = undefined;
});

function Connection() {
  const { status, isConnected } = useConnection();
  const userId = useAsklessStore((s) => s.authentication.userId ?? null);
  return (
    <p data-testid="connection">
      {status}|{String(isConnected)}|{String(userId)}
    </p>
  );
}

describe('AsklessProvider on the real server', () => {
  it('StrictMode mount–unmount–mount opens exactly one socket; unmount leaves zero connections', async () => {
    app = await startTappedServer();
    const server = app;
    let opened = 0;
    class CountingWebSocket extends WebSocket {
      constructor(url: string) {
        super(url);
        opened += 1;
      }
    }
    const view = render(
      <StrictMode>
        <AsklessProvider serverUrl={server.url} WebSocket={CountingWebSocket}>
          <Connection />
        </AsklessProvider>
      </StrictMode>,
    );
    await waitFor(() => expect(screen.getByTestId('connection').textContent).toBe('connected|true|null'));
    expect(server.server.connectionCount).toBe(1);
    expect(opened).toBe(1);
    view.unmount();
    await waitFor(() => expect(server.server.connectionCount).toBe(0));
    expect(opened).toBe(1);
  });

  it('a client passed in is used as is and stays open after unmount', async () => {
    app = await startTappedServer();
    const server = app;
    const client = new AsklessClient({ serverUrl: server.url, WebSocket: WS });
    let seen: unknown;
    function Probe() {
      seen = useAskless();
      return null;
    }
    const view = render(
      <StrictMode>
        <AsklessProvider client={client}>
          <Probe />
          <Connection />
        </AsklessProvider>
      </StrictMode>,
    );
    expect(seen).toBe(client);
    await waitFor(() => expect(screen.getByTestId('connection').textContent).toBe('connected|true|null'));
    view.unmount();
    // Still usable after the provider is gone: the app owns this client.
    const response = await client.read({ route: 'products' });
    expect(response.success).toBe(true);
    expect(client.connection.status).toBe('connected');
    client.close();
    await waitFor(() => expect(server.server.connectionCount).toBe(0));
  });

  it('uses the QueryClient above it, else the one given, else its own', () => {
    const above = new QueryClient();
    const given = new QueryClient();
    const seen: QueryClient[] = [];
    function Probe() {
      seen.push(useQueryClient());
      return null;
    }
    const url = 'ws://127.0.0.1:9';
    const view = render(
      <QueryClientProvider client={above}>
        <AsklessProvider serverUrl={url} WebSocket={WS}>
          <Probe />
        </AsklessProvider>
        <AsklessProvider serverUrl={url} WebSocket={WS} queryClient={given}>
          <Probe />
        </AsklessProvider>
      </QueryClientProvider>,
    );
    const own = render(
      <AsklessProvider serverUrl={url} WebSocket={WS}>
        <Probe />
      </AsklessProvider>,
    );
    expect(seen[0]).toBe(above);
    expect(seen[1]).toBe(given);
    expect(seen[2]).toBeInstanceOf(QueryClient);
    expect(seen[2]).not.toBe(above);
    view.unmount();
    own.unmount();
  });
});
