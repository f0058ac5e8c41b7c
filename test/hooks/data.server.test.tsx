/**
 * The TanStack bridge against the real server: a write through useCreate reaches a mounted
 * useRead and useReadStream through the server's push (not a refetch), and errors are
 * AsklessErrors on the results.
 */
import { render, screen, waitFor, fireEvent } from '@testing-library/react';
import { StrictMode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { AsklessProvider } from '../../src/components/AsklessProvider.js';
import { useCreate } from '../../src/hooks/useCreate.js';
import { useDelete } from '../../src/hooks/useDelete.js';
import { useRead } from '../../src/hooks/useRead.js';
import { useReadStream } from '../../src/hooks/useReadStream.js';
import { useUpdate } from '../../src/hooks/useUpdate.js';
import type { Product } from '../support/reference-app.js';
import { failOnConsoleErrors } from './support/consoleGuard.js';
import { startTappedServer, type TappedServer } from './support/server.js';

failOnConsoleErrors();

const WS = WebSocket;
let app: TappedServer | undefined;
afterEach(async () => {
  await app?.stop();
  app = undefined;
});

const names = (products: Product[] | undefined) => products?.map((p) => p.name).join(',') ?? '';

describe('useRead / useCreate / useReadStream on the real server', () => {
  it('a useCreate shows up in a mounted useRead and useReadStream through the push', async () => {
    const reads: unknown[] = [];
    app = await startTappedServer({
      init: {
        tap: ({ direction, frame }) => {
          if (direction === 'in' && typeof frame === 'object' && (frame as { requestType?: string }).requestType === 'READ') reads.push(frame);
        },
      },
    });
    function Shop() {
      // staleTime Infinity: the new product can only reach this query through the stream.
      const read = useRead<Product[]>({ route: 'products', staleTime: Infinity });
      const stream = useReadStream<Product[]>({ route: 'products' });
      const create = useCreate<Product, Partial<Product>>({ route: 'product' });
      return (
        <>
          <p data-testid="read">{names(read.data)}</p>
          <p data-testid="stream">{names(stream.data)}</p>
          <p data-testid="created">{create.data ? `#${create.data.id}` : ''}</p>
          <button onClick={() => create.mutate({ body: { name: 'Lamp', price: 30 } })}>add</button>
        </>
      );
    }
    const view = render(
      <StrictMode>
        <AsklessProvider serverUrl={app.url} WebSocket={WS}>
          <Shop />
        </AsklessProvider>
      </StrictMode>,
    );
    await waitFor(() => expect(screen.getByTestId('read').textContent).toBe('Video Game,Notebook'));
    await waitFor(() => expect(screen.getByTestId('stream').textContent).toBe('Video Game,Notebook'));

    fireEvent.click(screen.getByText('add'));
    await waitFor(() => expect(screen.getByTestId('created').textContent).toBe('#3'));
    await waitFor(() => expect(screen.getByTestId('stream').textContent).toBe('Video Game,Notebook,Lamp'));
    await waitFor(() => expect(screen.getByTestId('read').textContent).toBe('Video Game,Notebook,Lamp'));
    expect(reads).toHaveLength(1);
    view.unmount();
  });

  it('server errors become AsklessError state on useRead, useCreate, useUpdate and useDelete', async () => {
    app = await startTappedServer();
    function Errors() {
      const read = useRead({ route: 'custom-error' });
      const create = useCreate({ route: 'product' });
      const update = useUpdate({ route: 'product' });
      const remove = useDelete({ route: 'product' });
      return (
        <>
          <p data-testid="read">{read.error ? `${read.error.name}:${read.error.code}` : read.status}</p>
          <p data-testid="create">{create.error?.code}</p>
          <p data-testid="update">{update.error?.code}</p>
          <p data-testid="delete">{remove.error?.code}</p>
          <button
            onClick={() => {
              create.mutate({ body: { price: 1 } });
              update.mutate({ params: { id: 99 }, body: { name: 'x' } });
              remove.mutate({ params: { id: 99 } });
            }}
          >
            go
          </button>
        </>
      );
    }
    const view = render(
      <StrictMode>
        <AsklessProvider serverUrl={app.url} WebSocket={WS}>
          <Errors />
        </AsklessProvider>
      </StrictMode>,
    );
    await waitFor(() => expect(screen.getByTestId('read').textContent).toBe('AsklessError:CUSTOM_ERR'));
    fireEvent.click(screen.getByText('go'));
    await waitFor(() => expect(screen.getByTestId('create').textContent).toBe('BAD_REQUEST'));
    await waitFor(() => expect(screen.getByTestId('update').textContent).toBe('NOT_FOUND'));
    await waitFor(() => expect(screen.getByTestId('delete').textContent).toBe('NOT_FOUND'));
    // Nothing was written despite the three attempts.
    expect(app.state.products.map((p) => p.id)).toEqual([1, 2]);
    view.unmount();
  });
});
