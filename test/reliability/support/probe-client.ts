/**
 * A deliberately plain, well-formed Askless client on `ws` for the server-side checks. It sends
 * exactly what Flutter 3.1.0 sends (configure, pings listing its streams, a confirm for every
 * serverId, each processed once) and exposes what it received. The server is what is under
 * test here, so the client has no retries or reconnects that could hide a server fault; the
 * real client core is tested through the fault proxy elsewhere.
 */
import WebSocket from 'ws';
import { expect, vi } from 'vitest';
import { randomBytes } from 'node:crypto';
import { Marker } from '../../../src/core/protocol/wire.js';

/**
 * A response as received: `error` absent or null means success.
 * @example
 * const res: ProbeResponse = await probe.read('products');
 */
export interface ProbeResponse {
  clientRequestId: string;
  output?: unknown;
  error?: { code?: string; description?: string } | null;
  [key: string]: unknown;
}

interface Stream {
  route: string;
  params: Record<string, unknown> | null;
  clientRequestId: string;
  onPush: (output: unknown) => void;
}

const id = (prefix: string): string => `${prefix}${randomBytes(14).toString('hex')}`;

/**
 * A connected, configured probe.
 * @example
 * const probe: Probe = await connectProbe(url); await probe.close();
 */
export interface Probe {
  readonly ws: WebSocket;
  readonly clientIdInternalApp: string;
  /** Every JSON frame received, in order. */
  readonly frames: Record<string, unknown>[];
  request(frame: Record<string, unknown>): Promise<ProbeResponse>;
  read(route: string, params?: Record<string, unknown> | null): Promise<ProbeResponse>;
  modify(requestType: 'CREATE' | 'UPDATE' | 'DELETE', route: string, body: unknown, params?: Record<string, unknown> | null): Promise<ProbeResponse>;
  authenticate(credential: unknown): Promise<ProbeResponse>;
  /** LISTEN; pushes go to `onPush`, the stream is kept alive by the pings. */
  listen(route: string, params: Record<string, unknown> | null, onPush: (output: unknown) => void): Promise<ProbeResponse>;
  close(): Promise<void>;
}

/**
 * Connect, wait for `welcome`, configure, and start pinging every `pingMs`.
 * @example
 * const probe = await connectProbe(`ws://127.0.0.1:${port}`);
 * expect((await probe.read('products')).error).toBeUndefined();
 */
export async function connectProbe(url: string, pingMs = 200): Promise<Probe> {
  const ws = new WebSocket(url);
  const clientIdInternalApp = id('');
  const frames: Record<string, unknown>[] = [];
  const pending = new Map<string, (r: ProbeResponse) => void>();
  const streams = new Map<string, Stream>();
  // §4.2 client duty: confirm every copy, process each serverId once (the server resends
  // unconfirmed messages, and a copy may arrive after newer pushes).
  const seen = new Set<string>();
  let welcomed: () => void = () => {};
  const welcome = new Promise<void>((resolve) => (welcomed = resolve));
  const send = (frame: Record<string, unknown>): void => {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(frame));
  };

  ws.on('message', (data, isBinary) => {
    const text = isBinary ? '' : data.toString();
    if (text === 'welcome') return welcomed();
    if (!text.startsWith('{')) return;
    const frame = JSON.parse(text) as Record<string, unknown>;
    frames.push(frame);
    const serverId = frame.serverId;
    if (frame[Marker.serverConfirmReceipt] !== undefined) return;
    if (typeof serverId === 'string' && frame[Marker.stopListening] === undefined) {
      send({ clientRequestId: id('REQ-_'), requestType: 'CONFIRM_RECEIPT', [Marker.clientConfirmReceipt]: '_', serverId });
      if (seen.has(serverId)) return;
      seen.add(serverId);
    }
    if (frame[Marker.newDataForListener] !== undefined) {
      streams.get(String(frame.listenId))?.onPush(frame.output);
      return;
    }
    if (frame[Marker.response] !== undefined) {
      const resolve = pending.get(String(frame.clientRequestId));
      pending.delete(String(frame.clientRequestId));
      resolve?.(frame as ProbeResponse);
    }
  });
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  ws.on('error', () => {});
  await opened;
  await welcome;

  const request = (frame: Record<string, unknown>): Promise<ProbeResponse> => {
    const clientRequestId = typeof frame.clientRequestId === 'string' ? frame.clientRequestId : id('REQ-_');
    return new Promise((resolve) => {
      pending.set(clientRequestId, resolve);
      send({ ...frame, clientRequestId });
    });
  };
  const configured = await request({ requestType: 'CONFIGURE_CONNECTION', [Marker.configureConnectionRequest]: '_', clientIdInternalApp, clientType: 'flutter' });
  if (configured.error) throw new Error(`configure failed: ${JSON.stringify(configured.error)}`);

  const ping = setInterval(() => {
    const listeningToRoutes = [...streams.entries()].map(([listenId, s]) => ({ listenId, route: s.route, params: s.params, clientRequestId: s.clientRequestId }));
    send({ [Marker.pingPong]: '_', listeningToRoutes });
  }, pingMs);
  ws.once('close', () => clearInterval(ping));

  return {
    ws,
    clientIdInternalApp,
    frames,
    request,
    read: (route, params = null) => request({ requestType: 'READ', [Marker.read]: '_', route, params }),
    modify: (requestType, route, body, params = null) => request({ requestType, [Marker.modify]: '_', route, body, params }),
    authenticate: (credential) => request({ requestType: 'AUTHENTICATE', [Marker.authenticateRequest]: '_', clientIdInternalApp, clientType: 'flutter', credential }),
    listen: (route, params, onPush) => {
      const listenId = id('LIS-');
      const clientRequestId = id('LIS-_');
      streams.set(listenId, { route, params, clientRequestId, onPush });
      return request({ clientRequestId, requestType: 'LISTEN', [Marker.listen]: '_', route, params, listenId });
    },
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(ping);
        if (ws.readyState === WebSocket.CLOSED) return resolve();
        ws.once('close', () => resolve());
        ws.close();
      }),
  };
}

/**
 * Log `probe` in as `fromToken` and place a call to `userId` (a raw `call/request`, as Flutter
 * sends it), once that user's `call/receive` stream has *started* on `server`: a request that
 * arrives while the LISTEN is merely registered is pushed to nobody. The first time, the
 * callee's calls code loads lazily, hence the generous wait. Resolves with the request's answer.
 * @example
 * const sent = await callAsProbe(probe, app.server, 'token-1', 2, { callerName: 'Ada' });
 */
export async function callAsProbe(
  probe: Probe,
  server: { readRoute(route: string): { listeners(filter: { userId: number }): unknown[] } | undefined },
  fromToken: string,
  userId: number,
  additionalData: Record<string, unknown>,
): Promise<ProbeResponse> {
  const login = await probe.authenticate({ accessToken: fromToken });
  if (login.error) throw new Error(`probe login failed: ${login.error.code}`);
  const receive = server.readRoute('askless-internal/call/receive');
  if (!receive) throw new Error('no call routes on this server');
  await vi.waitFor(() => expect(receive.listeners({ userId }), `user ${userId}'s call/receive streams`).toHaveLength(1), { timeout: 10_000 });
  return probe.modify('CREATE', 'askless-internal/call/request', { remoteUserId: userId, sdp: { type: 'offer', sdp: 'v=0\r\n' }, additionalData });
}
