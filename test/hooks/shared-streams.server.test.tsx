/**
 * Issue 13, part 4, on the React paths (StrictMode, real server): two `useReadStream` hooks share
 * one server stream through the provider; the first unmounts and pushes keep reaching the second
 * (and, through the query-cache bridge, a `useRead` of the same key) well after the release
 * grace; when the last stream hook unmounts, the stream stops on the server.
 */
import { QueryClient } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import { StrictMode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { AsklessProvider } from '../../src/components/AsklessProvider.js';
import { useRead } from '../../src/hooks/useRead.js';
import { useReadStream } from '../../src/hooks/useReadStream.js';
import { failOnConsoleErrors } from './support/consoleGuard.js';
import { startTappedServer, type TappedServer } from './support/server.js';

failOnConsoleErrors();

const GRACE_MS = 150;
let app: TappedServer | undefined;
/** When each ping reached the server: the clock a test waits on instead of sleeping. */
let pings: number[] = [];
afterEach(async () => {
  await app?.stop();
  app = undefined;
});

async function start(plain2_0_3: boolean): Promise<TappedServer> {
  pings = [];
  app = await startTappedServer({
    counterIntervalMs: 30,
    init: { advertiseResumeExtension: !plain2_0_3, intervalInMsClientPing: 50, tap: (e) => void (e.direction === 'in' && (e.frame as { _class_type_pingpong?: unknown })._class_type_pingpong && pings.push(Date.now())) },
  });
  return app;
}

function StreamCounter({ id }: { id: string }) {
  const { data, status } = useReadStream<{ value: number }>({ route: 'counter' });
  return <p data-testid={id} data-status={status}>{data?.value ?? -1}</p>;
}

function CachedCounter() {
  // Fed by the bridge: no refetch of its own after the first READ.
  const { data } = useRead<{ value: number }>({ route: 'counter', staleTime: Infinity });
  return <p data-testid="cached">{data?.value ?? -1}</p>;
}

const value = (id: string) => Number(screen.getByTestId(id).textContent);

/** Wait until a ping left well after the grace since `leftAt`, then return the server's counter. */
async function pastTheGrace(leftAt: number): Promise<number> {
  await waitFor(() => expect(pings.some((t) => t > leftAt + GRACE_MS + 100)).toBe(true), { timeout: 5000 });
  return app!.state.counter;
}

// Against our server as itself and posing as a plain 2.0.3 (then the client pings as it must for 2.0.3).
describe.each([false, true])('one of two subscribers of a shared stream unsubscribes (plain 2.0.3: %s)', (plain) => {
  it('hooks through the provider: the other keeps receiving past the grace; the last one leaving stops the stream', async () => {
    const server = await start(plain);
    const ui = (first: boolean, second: boolean) => (
      <StrictMode>
        <AsklessProvider serverUrl={server.url} WebSocket={WebSocket} queryClient={new QueryClient()} clientOptions={{ streamReleaseGraceMs: GRACE_MS }}>
          {first && <StreamCounter id="first" />}
          {second && <StreamCounter id="second" />}
        </AsklessProvider>
      </StrictMode>
    );
    const view = render(ui(true, true));
    await waitFor(() => expect(value('second')).toBeGreaterThan(2));
    expect(server.server.listenerCount('counter')).toBe(1);

    view.rerender(ui(false, true));
    const now = await pastTheGrace(Date.now());
    await waitFor(() => expect(value('second')).toBeGreaterThanOrEqual(now + 2), { timeout: 5000 });
    expect(screen.getByTestId('second').dataset['status']).toBe('live');
    expect(server.server.listenerCount('counter')).toBe(1);

    view.rerender(ui(false, false));
    await waitFor(() => expect(server.server.listenerCount('counter')).toBe(0), { timeout: 5000 });
    expect(server.listens.filter((l) => l.route === 'counter')).toHaveLength(1);
    view.unmount();
  });

  it('the query bridge: a useRead of the same key keeps following the remaining stream hook past the grace', async () => {
    const server = await start(plain);
    const queryClient = new QueryClient();
    const ui = (first: boolean, second: boolean) => (
      <StrictMode>
        <AsklessProvider serverUrl={server.url} WebSocket={WebSocket} queryClient={queryClient} clientOptions={{ streamReleaseGraceMs: GRACE_MS }}>
          {first && <StreamCounter id="first" />}
          {second && <StreamCounter id="second" />}
          <CachedCounter />
        </AsklessProvider>
      </StrictMode>
    );
    const view = render(ui(true, true));
    await waitFor(() => expect(value('cached')).toBeGreaterThan(2));

    view.rerender(ui(false, true));
    const now = await pastTheGrace(Date.now());
    await waitFor(() => expect(value('cached')).toBeGreaterThanOrEqual(now + 2), { timeout: 5000 });
    expect(queryClient.getQueryData(['askless', 'counter', null])).toEqual({ value: expect.any(Number) });

    view.rerender(ui(false, false));
    await waitFor(() => expect(server.server.listenerCount('counter')).toBe(0), { timeout: 5000 });
    // With no stream left the bridge stops writing: the cached value freezes.
    const frozen = value('cached');
    await pastTheGrace(Date.now());
    expect(value('cached')).toBe(frozen);
    view.unmount();
  });
});
