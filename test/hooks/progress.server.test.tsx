/**
 * The write hooks' `onProgress` and `signal` against the real server: a handler's progress
 * values reach the hook option in order before the mutation settles; an aborted mutation fails
 * with ABORTED while the server handler sees its signal abort.
 */
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { StrictMode, useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { AsklessProvider } from '../../src/components/AsklessProvider.js';
import { useUpdate } from '../../src/hooks/useUpdate.js';
import { failOnConsoleErrors } from './support/consoleGuard.js';
import { startTappedServer, type TappedServer } from './support/server.js';

failOnConsoleErrors();

let app: TappedServer | undefined;
afterEach(async () => {
  await app?.stop();
  app = undefined;
});

describe('write hooks: onProgress and signal', () => {
  it('useUpdate({ onProgress }) receives every ctx.progress value in order before success', async () => {
    let serverSawAbort = false;
    let hangStarted = false;
    app = await startTappedServer({
      beforeStart: (server) => {
        server.addRoute.forAllUsers.update({
          route: 'batch',
          handleUpdate: async (ctx) => {
            if (ctx.body === 'hang') {
              hangStarted = true;
              ctx.signal.addEventListener('abort', () => {
                serverSawAbort = true;
                ctx.errorCallback({ code: 'ABORTED' });
              });
              return;
            }
            for (const n of [1, 2, 3]) {
              ctx.progress(`${n}/3`);
              await new Promise((resolve) => setImmediate(resolve));
            }
            ctx.successCallback('ok');
          },
        });
      },
    });
    function Batch() {
      const [log, setLog] = useState<string[]>([]);
      const [controller] = useState(() => new AbortController());
      const update = useUpdate<string, string>({
        route: 'batch',
        onProgress: (value) => setLog((l) => [...l, String(value)]),
        onSuccess: (output) => setLog((l) => [...l, `success ${output}`]),
        onError: (error) => setLog((l) => [...l, `error ${error.code}`]),
      });
      return (
        <>
          <p data-testid="log">{log.join(' | ')}</p>
          <button onClick={() => update.mutate({ body: 'go' })}>run</button>
          <button onClick={() => update.mutate({ body: 'hang', signal: controller.signal })}>hang</button>
          <button onClick={() => controller.abort()}>cancel</button>
        </>
      );
    }
    render(
      <StrictMode>
        <AsklessProvider serverUrl={app.url} WebSocket={WebSocket}>
          <Batch />
        </AsklessProvider>
      </StrictMode>,
    );
    fireEvent.click(screen.getByText('run'));
    await waitFor(() => expect(screen.getByTestId('log').textContent).toBe('1/3 | 2/3 | 3/3 | success ok'));
    fireEvent.click(screen.getByText('hang'));
    // Cancel once the server runs the handler.
    await waitFor(() => expect(hangStarted).toBe(true));
    fireEvent.click(screen.getByText('cancel'));
    await waitFor(() => expect(screen.getByTestId('log').textContent).toBe('1/3 | 2/3 | 3/3 | success ok | error ABORTED'));
    await waitFor(() => expect(serverSawAbort).toBe(true));
  });
});
