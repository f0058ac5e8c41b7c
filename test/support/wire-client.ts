/**
 * A raw, Flutter-shaped wire client for tests: sends frames exactly as given and lets a test
 * wait for the frames it expects (event-driven, no sleeps). Used by the server tests and
 * available to other areas that need to look at the wire directly.
 *
 * ```ts
 * const c = await WireClient.connect(app.url);
 * await c.configure();
 * c.send({ clientRequestId: 'REQ-_1', requestType: 'READ', _class_type_read: '_', route: 'products', params: null });
 * const res = await c.response('REQ-_1');
 * ```
 */
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';

/**
 * A frame as received: the parsed object, or the bare string.
 * @example
 * const pongs = client.received.filter((f: Received) => f === 'pong').length;
 */
export type Received = Record<string, any> | string;

/**
 * `n` random alphanumerics (Flutter's id alphabet).
 * @example
 * alnum(28);
 */
export function alnum(n: number): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(n)].map((b) => chars[b % chars.length]).join('');
}

/**
 * A WebSocket client that records every frame and can await the next matching one.
 * @example
 * const c = await WireClient.connect(url); await c.configure(); c.close();
 */
export class WireClient {
  /** Every frame received so far, in order. */
  readonly received: Received[] = [];
  private cursor = 0;
  private waiters: Array<() => void> = [];
  closeCode: number | undefined;
  readonly closed: Promise<number>;
  /** Confirm every serverId-bearing frame automatically (like Flutter). Default true. */
  autoConfirm = true;

  private constructor(
    readonly socket: WebSocket,
    readonly clientId: string,
  ) {
    this.closed = new Promise((resolve) => {
      socket.on('close', (code) => {
        this.closeCode = code;
        this.wake();
        resolve(code);
      });
    });
    socket.on('error', () => undefined);
    socket.on('message', (data, isBinary) => {
      const text = isBinary ? Buffer.from(data as Buffer).toString('utf8') : String(data);
      let frame: Received = text;
      try {
        const parsed = JSON.parse(text);
        if (typeof parsed === 'object' && parsed !== null) frame = parsed;
      } catch {
        // bare text frame
      }
      this.received.push(frame);
      if (this.autoConfirm && typeof frame === 'object' && typeof frame['serverId'] === 'string' && !frame['_class_type_serverconfirmreceipt'] && !frame['_class_type_stoplistening']) {
        this.confirm(frame['serverId']);
      }
      this.wake();
    });
  }

  /** Open a socket and wait for `welcome`. */
  static async connect(url: string, clientId = alnum(28)): Promise<WireClient> {
    const socket = new WebSocket(url);
    const client = new WireClient(socket, clientId);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    await client.next((f) => f === 'welcome');
    return client;
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  /** Send an object as JSON, or a string/buffer as is. */
  send(frame: unknown): void {
    if (typeof frame === 'string' || Buffer.isBuffer(frame)) this.socket.send(frame as string | Buffer);
    else this.socket.send(JSON.stringify(frame));
  }

  /** Confirm a server message. */
  confirm(serverId: string): void {
    this.send({ clientRequestId: `REQ-_${alnum(28)}`, requestType: 'CONFIRM_RECEIPT', _class_type_clientconfirmreceipt: '_', serverId });
  }

  /**
   * Wait for the next not-yet-consumed frame matching `predicate` (frames before it stay
   * available to later waits only if `consume` is false). Rejects after `timeoutMs`.
   */
  async next(predicate: (frame: Received) => boolean, timeoutMs = 5000): Promise<Received> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (let i = this.cursor; i < this.received.length; i++) {
        const frame = this.received[i]!;
        if (predicate(frame)) {
          this.received.splice(i, 1);
          this.received.splice(this.cursor, 0, frame);
          this.cursor++;
          return frame;
        }
      }
      if (this.closeCode !== undefined) throw new Error(`socket closed (${this.closeCode}) while waiting`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for a frame; unconsumed: ${JSON.stringify(this.received.slice(this.cursor)).slice(0, 500)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Frames received and not consumed by `next` yet. */
  unconsumed(): Received[] {
    return this.received.slice(this.cursor);
  }

  /** Wait for the (non-confirm) response to `clientRequestId`. */
  response(clientRequestId: string, timeoutMs?: number): Promise<Record<string, any>> {
    return this.next(
      (f) => typeof f === 'object' && f['clientRequestId'] === clientRequestId && f['_class_type_response'] === '_' && !f['_class_type_serverconfirmreceipt'],
      timeoutMs,
    ) as Promise<Record<string, any>>;
  }

  /** Wait for the ServerConfirmReceipt of `clientRequestId`. */
  confirmReceipt(clientRequestId: string, timeoutMs?: number): Promise<Record<string, any>> {
    return this.next((f) => typeof f === 'object' && f['clientRequestId'] === clientRequestId && !!f['_class_type_serverconfirmreceipt'], timeoutMs) as Promise<
      Record<string, any>
    >;
  }

  /** Wait for the next push for `listenId`. */
  push(listenId: string, timeoutMs?: number): Promise<Record<string, any>> {
    return this.next((f) => typeof f === 'object' && f['listenId'] === listenId && !!f['_class_type_newDataForListener'], timeoutMs) as Promise<Record<string, any>>;
  }

  /** Send CONFIGURE_CONNECTION and wait for the configuration. */
  async configure(extra: Record<string, unknown> = {}): Promise<Record<string, any>> {
    const id = `REQ-_${alnum(28)}`;
    this.send({ clientRequestId: id, requestType: 'CONFIGURE_CONNECTION', _class_type_configureconnectionrequest: '_', clientIdInternalApp: this.clientId, clientType: 'flutter', ...extra });
    return this.response(id);
  }

  /** AUTHENTICATE with `credential` and wait for the answer. */
  async authenticate(credential: unknown): Promise<Record<string, any>> {
    const id = `REQ-_${alnum(28)}`;
    this.send({ clientRequestId: id, requestType: 'AUTHENTICATE', _class_type_authenticaterequest: '_', clientIdInternalApp: this.clientId, clientType: 'flutter', credential });
    return this.response(id);
  }

  /** READ and wait for the answer. */
  async read(route: string, params: unknown = null, clientRequestId = `REQ-_${alnum(28)}`): Promise<Record<string, any>> {
    this.send({ clientRequestId, requestType: 'READ', _class_type_read: '_', route, params });
    return this.response(clientRequestId);
  }

  /** CREATE/UPDATE/DELETE and wait for the answer. */
  async modify(requestType: 'CREATE' | 'UPDATE' | 'DELETE', route: string, body: unknown = {}, params: unknown = null, clientRequestId = `REQ-_${alnum(28)}`): Promise<Record<string, any>> {
    this.send({ clientRequestId, requestType, _class_type_modify: '_', route, body, params });
    return this.response(clientRequestId);
  }

  /** LISTEN; resolves with the response (the initial push follows; await it with `push`). */
  async listen(route: string, params: unknown = null, listenId = `LIS-${alnum(28)}`, clientRequestId = `LIS-_${alnum(28)}`): Promise<{ listenId: string; clientRequestId: string; response: Record<string, any> }> {
    this.send({ clientRequestId, requestType: 'LISTEN', _class_type_listen: '_', route, params, listenId });
    return { listenId, clientRequestId, response: await this.response(clientRequestId) };
  }

  /** Send a ping listing `streams`. */
  ping(streams: Array<{ listenId: string; route: string; params?: unknown; clientRequestId: string }> = []): void {
    this.send({ _class_type_pingpong: '_', listeningToRoutes: streams.map((s) => ({ params: null, ...s, requestType: 'LISTEN', _class_type_listen: '_' })) });
  }

  /** Close the socket and wait for the close event. */
  async close(): Promise<void> {
    if (this.closeCode === undefined) this.socket.close();
    await this.closed;
  }
}
