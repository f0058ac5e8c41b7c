/**
 * The e2e page of the developer features: a persisted stream (shown stale after a reload) and,
 * with `?devtools=1`, the devtools panel. Query: `?server=ws://…&token=token-5&gate=1`
 * (`loginToken=…`: the token the "Log in" button sends).
 * `gate=1` holds the WebSocket closed until the test calls `window.__dev.openSocket()`, so the
 * test can see what renders before the socket opens. `window.__dev` also records events.
 */
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { createStore, keys } from 'idb-keyval';
import { AsklessClient } from '../../../../src/core/index.js';
import { AsklessProvider, useReadStream } from '../../../../src/index.js';
import { AsklessDevtools } from '../../../../src/devtools.js';

interface DevState {
  events: string[];
  socketOpened: boolean;
  openSocket(): void;
  storedCount(): Promise<number>;
}
declare global {
  interface Window {
    __dev: DevState;
  }
}

const query = new URLSearchParams(location.search);
const serverUrl = query.get('server') ?? '';
const token = query.get('token');
let release: () => void = () => undefined;
const gate = query.get('gate') === '1' ? new Promise<void>((resolve) => (release = resolve)) : Promise.resolve();
window.__dev = {
  events: [],
  socketOpened: false,
  openSocket: () => release(),
  storedCount: async () => (await keys(createStore('askless-react', 'streams'))).length,
};

/** The browser's WebSocket, created only once the gate opens (a slow network, on demand). */
class GatedWebSocket {
  readyState = 0;
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  private socket: WebSocket | undefined;
  private closed = false;

  constructor(url: string) {
    void gate.then(() => {
      if (this.closed) return;
      const socket = new WebSocket(url);
      this.socket = socket;
      socket.onopen = (event) => {
        this.readyState = 1;
        window.__dev.socketOpened = true;
        window.__dev.events.push('socket-open');
        this.onopen?.(event);
      };
      socket.onmessage = (event) => this.onmessage?.(event);
      socket.onclose = (event) => {
        this.readyState = 3;
        this.onclose?.(event);
      };
      socket.onerror = (event) => this.onerror?.(event);
    });
  }

  send(data: string): void {
    this.socket?.send(data);
  }

  close(code?: number, reason?: string): void {
    this.closed = true;
    this.readyState = 3;
    this.socket?.close(code, reason);
  }
}

const client = new AsklessClient<number>({ serverUrl, WebSocket: GatedWebSocket });
if (token) void client.authenticate({ credential: { accessToken: token } });

function Products() {
  const { data, status, stale } = useReadStream<Array<{ name: string }>>({ route: 'products', persist: true });
  const names = data?.map((p) => p.name).join(',') ?? '';
  if (names) window.__dev.events.push(`render-${stale ? 'stale' : 'live'}`);
  return (
    <p data-testid="products" data-status={status} data-stale={stale ? 'true' : 'false'}>
      {names}
    </p>
  );
}

function App() {
  const [loggedOut, setLoggedOut] = useState(false);
  return (
    <main>
      <h1>Developer features</h1>
      <Products />
      <button type="button" onClick={() => void client.clearAuthentication().then(() => setLoggedOut(true))}>
        Log out
      </button>
      <button type="button" onClick={() => void client.authenticate({ credential: { accessToken: query.get('loginToken') } })}>
        Log in
      </button>
      {loggedOut ? <p data-testid="logged-out">logged out</p> : null}
      {query.get('devtools') === '1' ? <AsklessDevtools /> : null}
    </main>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AsklessProvider client={client}>
      <App />
    </AsklessProvider>
  </StrictMode>,
);
