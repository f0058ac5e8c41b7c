/**
 * The React layer's own logic against a FakeClient: selectors, observer identity, re-render
 * isolation, the query-cache bridge and the TanStack wrappers. The real client and server are
 * exercised in the *.server.test.tsx files.
 */
import { act, render, renderHook, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { AsklessClient } from '../../src/core/client.js';
import { AsklessError } from '../../src/core/errors.js';
import { asklessQueryKey } from '../../src/hooks/internal/keys.js';
import { useAskless } from '../../src/hooks/useAskless.js';
import { useAsklessStore } from '../../src/hooks/useAsklessStore.js';
import { useAuthentication } from '../../src/hooks/useAuthentication.js';
import { useConnection } from '../../src/hooks/useConnection.js';
import { useCreate } from '../../src/hooks/useCreate.js';
import { useDelete } from '../../src/hooks/useDelete.js';
import { useRead } from '../../src/hooks/useRead.js';
import { useReadStream } from '../../src/hooks/useReadStream.js';
import { failOnConsoleErrors } from './support/consoleGuard.js';
import { FakeClient } from './support/fakeClient.js';
import { fakeWrapper } from './support/fakeWrapper.js';

failOnConsoleErrors();

const WS = WebSocket;

describe('outside a provider', () => {
  it('useAskless throws a NO_PROVIDER AsklessError naming the hook', () => {
    let caught: unknown;
    function Probe() {
      try {
        useAskless();
      } catch (error) {
        caught = error;
      }
      return null;
    }
    render(<Probe />);
    expect(caught).toBeInstanceOf(AsklessError);
    expect((caught as AsklessError).code).toBe('NO_PROVIDER');
    expect((caught as AsklessError).description).toContain('useAskless()');
  });
});

describe('useConnection and useAsklessStore', () => {
  it('follow the client connection and derive isConnected', () => {
    const fake = new FakeClient();
    const { wrapper } = fakeWrapper(fake);
    const { result } = renderHook(() => ({ c: useConnection(), flag: useAsklessStore((s) => s.connection.isConnected) }), { wrapper });
    expect(result.current.c).toMatchObject({ status: 'disconnected', disconnectionReason: 'notStarted', isConnected: false });
    act(() => fake.setConnection({ status: 'connected' }));
    expect(result.current.c).toEqual({ status: 'connected', disconnectionReason: undefined, isConnected: true });
    expect(result.current.flag).toBe(true);
    act(() => fake.setConnection({ status: 'disconnected', disconnectionReason: 'socketClosed' }));
    expect(result.current.c.disconnectionReason).toBe('socketClosed');
  });

  it('keeps the same result object when an auth change leaves the connection alone', () => {
    const fake = new FakeClient();
    const { wrapper } = fakeWrapper(fake);
    const { result } = renderHook(() => useConnection(), { wrapper });
    const before = result.current;
    act(() => fake.setAuthentication({ status: 'authenticating', claims: [] }));
    act(() => fake.setConnection({ ...fake.connection }));
    expect(result.current).toBe(before);
  });
});

describe('useAuthentication', () => {
  it('exposes status, userId and claims and calls the client', async () => {
    const fake = new FakeClient();
    const { wrapper } = fakeWrapper(fake);
    const { result } = renderHook(() => useAuthentication<number>(), { wrapper });
    expect(result.current).toMatchObject({ status: 'unauthenticated', userId: undefined, claims: [] });
    const firstAuthenticate = result.current.authenticate;
    await act(async () => {
      const response = await result.current.authenticate({ credential: { accessToken: 'token-7' } });
      expect(response.userId).toBe(7);
    });
    expect(result.current).toMatchObject({ status: 'authenticated', userId: 7, claims: ['user'] });
    expect(result.current.authenticate).toBe(firstAuthenticate);
    await act(() => result.current.clearAuthentication());
    expect(result.current.status).toBe('unauthenticated');
    expect(fake.calls).toContain('clearAuthentication');
  });

  it('surfaces the last login error', () => {
    const fake = new FakeClient();
    const { wrapper } = fakeWrapper(fake);
    const { result } = renderHook(() => useAuthentication(), { wrapper });
    const error = { code: 'EXPIRED_ACCESS_TOKEN', description: 'rejected', isCredentialError: true };
    act(() => fake.setAuthentication({ status: 'unauthenticated', claims: [], error }));
    expect(result.current.error).toEqual(error);
  });
});

describe('useReadStream', () => {
  it('an inline params object equal by value does not resubscribe on re-render', () => {
    const fake = new FakeClient();
    const { wrapper } = fakeWrapper(fake);
    const subscribeSpy = vi.spyOn(fake, 'readStream');
    const { result, rerender } = renderHook(
      ({ n }: { n: number }) => useReadStream({ route: 'products', params: { nameContains: 'o', page: n } }),
      { wrapper, initialProps: { n: 1 } },
    );
    const state = fake.stream('products', { page: 1, nameContains: 'o' });
    const listensAfterMount = state.listens;
    const handlesAfterMount = subscribeSpy.mock.calls.length;
    rerender({ n: 1 });
    rerender({ n: 1 });
    expect(subscribeSpy.mock.calls.length).toBe(handlesAfterMount);
    expect(state.listens).toBe(listensAfterMount);
    expect(state.listeners.size).toBe(1);
    act(() => state.set({ status: 'live', data: ['a'], hasData: true }));
    expect(result.current).toEqual({ data: ['a'], error: undefined, status: 'live' });
  });

  it('changing params moves to the new stream and releases the old one', () => {
    const fake = new FakeClient();
    const { wrapper } = fakeWrapper(fake);
    const rendered: Array<[string, unknown]> = [];
    const { result, rerender } = renderHook(
      ({ q }: { q: string }) => {
        const r = useReadStream({ route: 'products', params: { q } });
        rendered.push([q, r.data]);
        return r;
      },
      { wrapper, initialProps: { q: 'a' } },
    );
    const a = fake.stream('products', { q: 'a' });
    const b = fake.stream('products', { q: 'b' });
    act(() => a.set({ status: 'live', data: 'A', hasData: true }));
    act(() => b.set({ status: 'live', data: 'B', hasData: true }));
    rerender({ q: 'b' });
    expect(a.listeners.size).toBe(0);
    expect(b.listeners.size).toBe(1);
    expect(result.current.data).toBe('B');
    // Not even the first render with the new params shows the old params' data.
    expect(rendered.filter(([q]) => q === 'b').map(([, data]) => data)).not.toContain('A');
  });

  it('enabled: false holds no stream; enabling subscribes', () => {
    const fake = new FakeClient();
    const { wrapper } = fakeWrapper(fake);
    const { result, rerender } = renderHook(({ enabled }: { enabled: boolean }) => useReadStream({ route: 'counter', enabled }), {
      wrapper,
      initialProps: { enabled: false },
    });
    expect(fake.streams.get('counter null')?.listeners.size ?? 0).toBe(0);
    expect(result.current.status).toBe('pending');
    rerender({ enabled: true });
    expect(fake.stream('counter').listeners.size).toBe(1);
    rerender({ enabled: false });
    expect(fake.stream('counter').listeners.size).toBe(0);
  });

  it('a push re-renders only the components watching that stream', () => {
    const fake = new FakeClient();
    const { wrapper } = fakeWrapper(fake);
    const renders = { products: 0, counter: 0 };
    function Products() {
      renders.products += 1;
      const { data } = useReadStream<string>({ route: 'products' });
      return <p>products:{data}</p>;
    }
    function Counter() {
      renders.counter += 1;
      const { data } = useReadStream<number>({ route: 'counter' });
      return <p>counter:{data}</p>;
    }
    const view = render(
      <>
        <Products />
        <Counter />
      </>,
      { wrapper },
    );
    const before = { ...renders };
    act(() => fake.stream('products').set({ status: 'live', data: 'lamp', hasData: true }));
    expect(view.getByText('products:lamp')).toBeTruthy();
    expect(renders.products).toBeGreaterThan(before.products);
    expect(renders.counter).toBe(before.counter);
  });

  it('writes each pushed value into the query cache once, however many hooks watch it', () => {
    const fake = new FakeClient();
    const { wrapper, queryClient } = fakeWrapper(fake);
    const setQueryData = vi.spyOn(queryClient, 'setQueryData');
    function Many() {
      const [n] = useState(5);
      return (
        <>
          {Array.from({ length: n }, (_, i) => (
            <Watcher key={i} />
          ))}
        </>
      );
    }
    function Watcher() {
      useReadStream({ route: 'products', params: { nameContains: 'a' } });
      return null;
    }
    render(<Many />, { wrapper });
    act(() => fake.stream('products', { nameContains: 'a' }).set({ status: 'live', data: [1], hasData: true }));
    expect(setQueryData).toHaveBeenCalledTimes(1);
    expect(queryClient.getQueryData(asklessQueryKey('products', { nameContains: 'a' }))).toEqual([1]);
    act(() => fake.stream('products', { nameContains: 'a' }).set({ data: [1, 2] }));
    expect(setQueryData).toHaveBeenCalledTimes(2);
    expect(queryClient.getQueryData(['askless', 'products', { nameContains: 'a' }])).toEqual([1, 2]);
  });

  it('invalid options become an error state, not a crashed render', () => {
    // A real client, never started: readStream validates the route and does no I/O.
    const client = new AsklessClient({ serverUrl: 'ws://127.0.0.1:9', WebSocket: WS });
    const { wrapper } = fakeWrapper(client);
    const { result } = renderHook(() => useReadStream({ route: '' }), { wrapper });
    expect(result.current.status).toBe('error');
    expect(result.current.error).toBeInstanceOf(AsklessError);
    expect(result.current.error?.code).toBe('INVALID_ARGUMENT');
    expect(client.connection.disconnectionReason).toBe('notStarted');
  });
});

describe('useRead and the write hooks', () => {
  it('useRead returns the output under the askless key and sends params', async () => {
    const fake = new FakeClient();
    fake.readResponse = { success: true, output: [{ id: 1 }] };
    const { wrapper, queryClient } = fakeWrapper(fake);
    const { result } = renderHook(() => useRead<Array<{ id: number }>>({ route: 'products', params: { nameContains: 'v' } }), { wrapper });
    await waitFor(() => expect(result.current.data).toEqual([{ id: 1 }]));
    expect(fake.reads[0]).toMatchObject({ route: 'products', params: { nameContains: 'v' } });
    expect(queryClient.getQueryData(['askless', 'products', { nameContains: 'v' }])).toEqual([{ id: 1 }]);
  });

  it('useRead turns a server error into result.error without retrying it', async () => {
    const fake = new FakeClient();
    fake.readResponse = { success: false, output: undefined, error: new AsklessError('CUSTOM_ERR', 'nope') };
    const { wrapper } = fakeWrapper(fake);
    const { result } = renderHook(() => useRead({ route: 'custom-error' }), { wrapper });
    await waitFor(() => expect(result.current.status).toBe('error'));
    expect(result.current.error).toBeInstanceOf(AsklessError);
    expect(result.current.error?.code).toBe('CUSTOM_ERR');
    expect(fake.reads).toHaveLength(1);
  });

  it('useCreate resolves with the output and useDelete reports an AsklessError', async () => {
    const fake = new FakeClient();
    const { wrapper } = fakeWrapper(fake);
    const { result } = renderHook(
      () => ({ create: useCreate<{ op: string }, { name?: string; fail?: boolean }>({ route: 'product' }), remove: useDelete({ route: 'product', params: { id: 9 } }) }),
      { wrapper },
    );
    let output: unknown;
    await act(async () => {
      output = await result.current.create.mutateAsync({ body: { name: 'Lamp' } });
    });
    expect(output).toMatchObject({ op: 'create', body: { name: 'Lamp' }, params: null });
    act(() => result.current.remove.mutate({ body: { fail: true } }));
    await waitFor(() => expect(result.current.remove.isError).toBe(true));
    expect(result.current.remove.error?.code).toBe('BAD_REQUEST');
    expect(fake.writes[1]).toMatchObject({ op: 'delete', options: { route: 'product', params: { id: 9 } } });
  });
});
