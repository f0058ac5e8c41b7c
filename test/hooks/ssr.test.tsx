// @vitest-environment node
/**
 * Server rendering: importing the React entry and `renderToString` a tree using every data
 * hook touch neither `WebSocket` nor `window` (plain Node: neither exists here).
 */
import { renderToString } from 'react-dom/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

let webSocketReads = 0;
beforeEach(() => {
  webSocketReads = 0;
  // A trap: any read of the global WebSocket (e.g. to open a socket) is counted.
  Object.defineProperty(globalThis, 'WebSocket', {
    configurable: true,
    get() {
      webSocketReads += 1;
      return undefined;
    },
  });
});
afterEach(() => {
  delete (globalThis as { WebSocket?: unknown }).WebSocket;
});

describe('server rendering', () => {
  it('renders every hook to HTML without reading WebSocket or window', async () => {
    expect(typeof window).toBe('undefined');
    const { AsklessProvider, useAuthentication, useConnection, useRead, useReadStream } = await import('../../src/index.js');
    function Page() {
      const connection = useConnection();
      const auth = useAuthentication();
      const stream = useReadStream<Array<{ name: string }>>({ route: 'products', params: { nameContains: 'o' } });
      const read = useRead({ route: 'products' });
      return (
        <p>
          {connection.status}/{connection.disconnectionReason}|{auth.status}|{stream.status}|{read.status}
        </p>
      );
    }
    const html = renderToString(
      <AsklessProvider serverUrl="ws://127.0.0.1:9">
        <Page />
      </AsklessProvider>,
    );
    expect(html).toBe('<p>disconnected<!-- -->/<!-- -->notStarted<!-- -->|<!-- -->unauthenticated<!-- -->|<!-- -->pending<!-- -->|<!-- -->pending</p>');
    expect(webSocketReads).toBe(0);
  });
});
