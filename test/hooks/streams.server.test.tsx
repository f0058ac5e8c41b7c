/**
 * useReadStream against the project's real server over real WebSockets (StrictMode): one LISTEN
 * for 1 and then 50 identical hooks, the stop after the release grace, and a server restart.
 */
import { QueryClient } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import { StrictMode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { AsklessProvider } from '../../src/components/AsklessProvider.js';
import { AsklessError } from '../../src/core/errors.js';
import { useConnection } from '../../src/hooks/useConnection.js';
import { useReadStream } from '../../src/hooks/useReadStream.js';
import type { Product } from '../support/reference-app.js';
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

function ProductNames({ id }: { id: number }) {
  // An inline params object on purpose: equal by value, so no resubscription.
  const { data, status } = useReadStream<Product[]>({ route: 'products', params: { nameContains: '' } });
  return (
    <li data-testid={`p${id}`} data-status={status}>
      {data?.map((p) => p.name).join(',')}
    </li>
  );
}

function Status() {
  const { status } = useConnection();
  return <p data-testid="connection">{status}</p>;
}

describe('useReadStream on the real server', () => {
  it('1 and then 50 identical hooks send one LISTEN; unmounting all stops the stream after the grace', async () => {
    app = await startTappedServer();
    const server = app;
    const ui = (n: number) => (
      <StrictMode>
        <AsklessProvider serverUrl={server.url} WebSocket={WS} queryClient={new QueryClient()}>
          <Status />
          <ul>
            {Array.from({ length: n }, (_, i) => (
              <ProductNames key={i} id={i} />
            ))}
          </ul>
        </AsklessProvider>
      </StrictMode>
    );
    const view = render(ui(1));
    await waitFor(() => expect(screen.getByTestId('p0').textContent).toBe('Video Game,Notebook'));
    expect(screen.getByTestId('p0').dataset['status']).toBe('live');
    expect(server.listens.filter((l) => l.route === 'products')).toHaveLength(1);
    expect(server.server.listenerCount('products')).toBe(1);

    view.rerender(ui(50));
    await waitFor(() => expect(screen.getByTestId('p49').textContent).toBe('Video Game,Notebook'));
    expect(screen.getAllByRole('listitem').every((li) => li.dataset['status'] === 'live')).toBe(true);
    expect(server.listens).toHaveLength(1);
    expect(server.server.listenerCount('products')).toBe(1);

    view.rerender(ui(0));
    // Within the grace the server still streams (a quick remount would reuse it)...
    expect(server.server.listenerCount('products')).toBe(1);
    // ...then the next ping omits the stream and the server stops it.
    await waitFor(() => expect(server.server.listenerCount('products')).toBe(0), { timeout: 5000 });
    expect(server.listens).toHaveLength(1);
    expect(server.server.connectionCount).toBe(1);

    view.unmount();
    await waitFor(() => expect(server.server.connectionCount).toBe(0));
  });

  it('server stopped and restarted on the same port: live → reconnecting (data kept) → live with fresh data', async () => {
    app = await startTappedServer();
    const port = app.port;
    const statuses: string[] = [];
    function Watch() {
      const { data, status } = useReadStream<Product[]>({ route: 'products' });
      if (statuses.at(-1) !== status) statuses.push(status);
      return (
        <p data-testid="watch" data-status={status}>
          {data?.map((p) => p.name).join(',')}
        </p>
      );
    }
    const view = render(
      <StrictMode>
        <AsklessProvider serverUrl={app.url} WebSocket={WS} clientOptions={{ reconnectBaseDelayMs: 50, reconnectMaxDelayMs: 200 }}>
          <Watch />
        </AsklessProvider>
      </StrictMode>,
    );
    const watch = () => screen.getByTestId('watch');
    await waitFor(() => expect(watch().dataset['status']).toBe('live'));
    expect(watch().textContent).toBe('Video Game,Notebook');

    await whileServerChanges(() => app!.stop());
    await waitFor(() => expect(watch().dataset['status']).toBe('reconnecting'));
    expect(watch().textContent).toBe('Video Game,Notebook');

    // A new server process on the same port with different data: fresh data must arrive.
    app = await whileServerChanges(() => startTappedServer({ port }));
    app.state.products.push({ id: 3, name: 'Lamp', price: 30 });
    await waitFor(() => expect(watch().dataset['status']).toBe('live'), { timeout: 8000 });
    await waitFor(() => expect(watch().textContent).toBe('Video Game,Notebook,Lamp'));
    expect(statuses.slice(-3)).toEqual(['live', 'reconnecting', 'live']);
    expect(statuses[0]).toBe('pending');

    view.unmount();
    const restarted = app;
    await waitFor(() => expect(restarted.server.connectionCount).toBe(0));
  });

  it('counter pushes every 100 ms re-render the counter component only', async () => {
    app = await startTappedServer();
    const renders = { counter: 0, products: 0 };
    function Counter() {
      renders.counter += 1;
      const { data } = useReadStream<{ value: number }>({ route: 'counter' });
      return <p data-testid="counter">{data?.value ?? '-'}</p>;
    }
    function Products() {
      renders.products += 1;
      const { data, status } = useReadStream<Product[]>({ route: 'products' });
      return <p data-testid="products" data-status={status}>{data?.length ?? '-'}</p>;
    }
    const view = render(
      <StrictMode>
        <AsklessProvider serverUrl={app.url} WebSocket={WS}>
          <Counter />
          <Products />
        </AsklessProvider>
      </StrictMode>,
    );
    await waitFor(() => expect(screen.getByTestId('products').dataset['status']).toBe('live'));
    await waitFor(() => expect(Number(screen.getByTestId('counter').textContent)).toBeGreaterThanOrEqual(0));
    const productRenders = renders.products;
    const counterRenders = renders.counter;
    const first = Number(screen.getByTestId('counter').textContent);
    await waitFor(() => expect(Number(screen.getByTestId('counter').textContent)).toBeGreaterThanOrEqual(first + 3));
    expect(renders.counter).toBeGreaterThan(counterRenders);
    expect(renders.products).toBe(productRenders);
    view.unmount();
  });

  it('a LISTEN answered with a server error becomes status "error" carrying the AsklessError', async () => {
    app = await startTappedServer();
    const seen: Array<{ status: string; error: unknown }> = [];
    function Failing() {
      const { data, error, status } = useReadStream<unknown>({ route: 'custom-error' });
      seen.push({ status, error });
      return <p data-testid="failing" data-status={status}>{error ? `${error.code}: ${error.description}` : String(data)}</p>;
    }
    const view = render(
      <StrictMode>
        <AsklessProvider serverUrl={app.url} WebSocket={WS}>
          <Failing />
        </AsklessProvider>
      </StrictMode>,
    );
    await waitFor(() => expect(screen.getByTestId('failing').dataset['status']).toBe('error'));
    expect(screen.getByTestId('failing').textContent).toBe('CUSTOM_ERR: custom error raised by the app');
    const last = seen.at(-1)!;
    expect(last.error).toBeInstanceOf(AsklessError);
    expect(last.error).toMatchObject({ code: 'CUSTOM_ERR', description: 'custom error raised by the app' });
    expect(seen[0]!.status).toBe('pending');
    view.unmount();
  });
});
