/**
 * One WebSocket at a time and its lifecycle (askless-protocol.md §2, §3): handshake in the order
 * of §2.1, ping, pong watchdog, reconnect with capped exponential backoff, the
 * `clientIdInternalApp` policy (fresh per connection unless the server advertises "resume"),
 * and the inbound pipeline: decode → confirm every `serverId` → process each at most once.
 */
import { AsklessError, ClientErrorCode } from './errors.js';
import { newClientIdInternalApp, newRequestId } from './ids.js';
import { backoffDelay } from './internal/backoff.js';
import { ConfirmBatch } from './internal/confirm-batch.js';
import { ServerIdMemory, dedupeKey } from './internal/dedupe.js';
import { Listeners } from './internal/listeners.js';
import type { CoreLogger } from './logger.js';
import { decodeConfiguration, decodeFrame, isVersionSupported } from './protocol/decode.js';
import type { InboundMessage, PushMessage } from './protocol/decode.js';
import { encodeConfigure, encodeConfirm, encodePing } from './protocol/encode.js';
import { extensionFlags, supportsResume, unmarkResent } from './protocol/extension.js';
import { CLIENT_VERSION_CODE, DEFAULT_CONNECTION_CONFIGURATION, PONG_FRAME, WELCOME_FRAME } from './protocol/wire.js';
import type { ConnectionConfiguration, PingListenEntry } from './protocol/wire.js';
import type { ConnectionState, DisconnectionReason, WebSocketLikeConstructor, WebSocketLike } from './types.js';

/**
 * What the connection needs from the rest of the client.
 * @example
 * const handler: ConnectionHandler = { onMessage, onConfigured, onDisconnected, onFatal, pingEntries: () => [] };
 */
export interface ConnectionHandler {
  /** A decoded message, already confirmed and seen for the first time (never the configure response). */
  onMessage(message: InboundMessage): void;
  /** A push the server sent for the first time (markedResends), straight to its stream: the push path skips the dispatch by kind. */
  onPush(listenId: string, output: unknown): void;
  /** CONFIGURE_CONNECTION succeeded: the socket is usable. */
  onConfigured(): void;
  /** The socket is gone (a reconnect may follow). */
  onDisconnected(): void;
  /** The server refused us for good (version range). */
  onFatal(error: AsklessError): void;
  /** Streams to list in the next ping (Q13/Q14), or `null` to skip this ping. */
  pingEntries(): PingListenEntry[] | null;
}

/**
 * Construction options of {@link Connection}.
 * @example
 * const options: ConnectionOptions = { url: 'ws://127.0.0.1:3000', WebSocket, logger, reconnectBaseDelayMs: 250, reconnectMaxDelayMs: 10_000, handler };
 */
export interface ConnectionOptions {
  /** One URL, or several tried in turn (the next one after each failure). */
  url: string | readonly string[];
  WebSocket: WebSocketLikeConstructor;
  logger: CoreLogger;
  reconnectBaseDelayMs: number;
  reconnectMaxDelayMs: number;
  handler: ConnectionHandler;
}

const OPEN = 1;
const CONNECTING = 0;
const noop = (): void => undefined;

/**
 * The connection state machine; `AsklessClient` owns exactly one.
 * @example
 * const conn = new Connection({ url, WebSocket, logger, reconnectBaseDelayMs: 250, reconnectMaxDelayMs: 10_000, handler });
 * conn.start();
 */
export class Connection {
  state: ConnectionState = { status: 'disconnected', disconnectionReason: 'notStarted' };
  readonly changes = new Listeners<[ConnectionState]>();
  /** Frame tap for inspection (devtools): undefined unless someone listens, so the socket paths pay one check. */
  tap: ((direction: 'in' | 'out', frame: unknown) => void) | undefined = undefined;
  /** The configuration of the current (or last) server; 2.0.3 defaults before the first one. */
  config: ConnectionConfiguration = DEFAULT_CONNECTION_CONFIGURATION;
  clientId = newClientIdInternalApp();
  /** The current (or last configured) server advertises the resume extension. */
  resume = false;
  /** The current server's throughput flags (extension.ts); all false against 2.0.3. */
  flags = extensionFlags(undefined);
  configured = false;
  /** Increments with every socket, so requests know on which connection they were sent. */
  number = 0;

  private socket: WebSocketLike | undefined;
  private running = false;
  private attempt = 0;
  /** Index into the URL list: moves on after every failure, stays while a socket works. */
  private urlIndex = 0;
  private forceFreshId = false;
  private configureRequestId: string | undefined;
  private gotFirstFrame = false;
  private lastInboundAt = 0;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private watchdogTimer: ReturnType<typeof setTimeout> | undefined;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly seen = new ServerIdMemory();
  private readonly confirms = new ConfirmBatch((ids) => this.send(encodeConfirm(newRequestId(), ids[0]!, ids.slice(1))));

  constructor(private readonly options: ConnectionOptions) {}

  /** `clientId` prefix + connection number: the id on every log line. */
  get label(): string {
    return `${this.clientId.slice(0, 8)}#${this.number}`;
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Open the first socket; no-op when already running. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.attempt = 0;
    onlineEvents()?.addEventListener('online', this.onOnline);
    this.open();
  }

  /** Close the socket and stop every timer; `start()` may be called again later. */
  close(): void {
    const wasRunning = this.running;
    this.running = false;
    onlineEvents()?.removeEventListener('online', this.onOnline);
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    this.teardown();
    if (wasRunning) this.options.handler.onDisconnected();
    this.setState({ status: 'disconnected', disconnectionReason: 'closedByClient' });
  }

  /** Drop the socket and connect again at once with a fresh `clientIdInternalApp` (Q6 logout). */
  restartWithFreshId(): void {
    if (!this.running) return;
    this.forceFreshId = true;
    this.teardown();
    this.options.handler.onDisconnected();
    this.attempt = 0;
    this.open();
  }

  /** Send one message if the socket is open; false otherwise (the caller keeps it pending). */
  send(message: object): boolean {
    const socket = this.socket;
    if (!socket || socket.readyState !== OPEN) return false;
    try {
      socket.send(JSON.stringify(message));
      if (this.tap) this.tap('out', message);
      return true;
    } catch (error) {
      this.log(`send failed: ${String(error)}`);
      return false;
    }
  }

  /** Send a ping now (also called right after the connection becomes ready). */
  ping(): void {
    if (!this.configured) return;
    const entries = this.options.handler.pingEntries();
    if (entries === null) return;
    if (this.send(encodePing(entries))) this.lastPingAt = Date.now();
  }

  /** When the last ping went out (0 before the first on this connection). */
  lastPingAt = 0;

  log(message: string): void {
    this.options.logger.log(this.label, message);
  }

  /** The browser says the network is back: retry now instead of waiting out the backoff. */
  private readonly onOnline = (): void => {
    if (!this.running || this.reconnectTimer === undefined) return;
    this.log('network online: reconnecting now');
    this.attempt = 0;
    this.open();
  };

  private open(): void {
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    // With the resume extension our server keys state by socket, so keeping the id is safe and
    // lets it replay answers; against anything else a fresh id avoids Q2–Q5.
    if (this.forceFreshId || !this.resume) this.clientId = newClientIdInternalApp();
    this.forceFreshId = false;
    this.number += 1;
    this.lastPingAt = 0;
    this.configured = false;
    this.flags = extensionFlags(undefined);
    this.gotFirstFrame = false;
    this.configureRequestId = undefined;
    this.setState({ status: 'inProgress' });
    let socket: WebSocketLike;
    try {
      socket = new this.options.WebSocket(this.currentUrl());
    } catch (error) {
      this.log(`cannot create WebSocket: ${String(error)}`);
      this.fail('connectFailed');
      return;
    }
    this.socket = socket;
    socket.onopen = noop;
    socket.onerror = noop; // 'close' always follows 'error'; handled there
    socket.onmessage = (event: { data: unknown }) => {
      if (this.socket !== socket) return;
      // As guard() does, without a closure per frame (every push comes through here).
      try {
        this.onFrame(event.data);
      } catch (error) {
        this.failedWith('a frame', error);
      }
    };
    socket.onclose = (event: { code: number }) => {
      if (this.socket !== socket) return;
      this.log(`socket closed (code ${event.code})`);
      this.guard('the close', () => this.fail(this.gotFirstFrame ? 'socketClosed' : 'connectFailed'));
    };
    this.lastInboundAt = Date.now();
    this.armWatchdog();
    this.log('connecting');
  }

  /** Socket events run `fn` here: a bug in our own handling must not escape into the WebSocket's event loop. */
  private guard(what: string, fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.failedWith(what, error);
    }
  }

  private failedWith(what: string, error: unknown): void {
    this.log(`error while handling ${what}: ${String(error)}`);
  }

  // The push path is a chain of small functions (onFrame → onPushFrame) and the
  // rest of the protocol sits in others: V8 optimizes a function after a number of calls that
  // grows with its bytecode length, so a push no longer runs unoptimized code for thousands of
  // pushes (bench figure 1: its p50 over the first 5,000 pushes is what was slow).
  private onFrame(data: unknown): void {
    const now = Date.now();
    this.lastInboundAt = now;
    if (this.tap !== undefined || !this.gotFirstFrame) this.onFirstFrameOrTap(data);
    // The two bare-text frames end here, before decodeFrame: a pong arrives every ping period
    // and, decoded, would be the one message of another shape on the push path, deoptimizing
    // this function (and every push behind it) each time (V8 --trace-deopt: "wrong map").
    if (data === PONG_FRAME || data === WELCOME_FRAME) return;
    const message = decodeFrame(data);
    if (message.kind === 'push') this.onPushFrame(message, data, now);
    else this.onOtherFrame(message, data, now);
  }

  private onFirstFrameOrTap(data: unknown): void {
    this.tap?.('in', data);
    if (this.gotFirstFrame) return;
    // §2.1: the first frame (normally `welcome`) means the socket is usable.
    this.gotFirstFrame = true;
    this.configureRequestId = newRequestId();
    this.send(encodeConfigure(this.configureRequestId, this.clientId));
  }

  /** §4.2: a push is confirmed right after its listeners ran (the confirm's id and send stay off its latency). */
  private onPushFrame(message: PushMessage, data: unknown, now: number): void {
    try {
      // A push the server sends for the first time (markedResends: it carries no mark) goes to
      // its listeners before its id is looked up among thousands: it is recorded after them, so
      // a marked copy of it is still recognised.
      if (this.flags.markedResends && !message.resent) {
        try {
          this.options.handler.onPush(message.listenId, message.output);
        } catch (error) {
          this.failedWith('a push', error);
        }
        this.seen.markSeen(message.serverId, now);
      } else this.process(message, data, now);
    } finally {
      this.confirmPush(message.serverId);
    }
  }

  private onOtherFrame(message: InboundMessage, data: unknown, now: number): void {
    if (message.kind === 'ignored') this.log(`ignored frame: ${message.reason}`);
    // §4.2: confirm everything with a serverId, copies included, except confirms and stops;
    // before processing it, which keeps the handshake order.
    if ('serverId' in message && message.serverId !== undefined && message.kind !== 'stop') this.send(encodeConfirm(newRequestId(), message.serverId));
    this.process(message, data, now);
  }

  /** After delivery: in the next batch where the server takes batches, else in a frame of its own. */
  private confirmPush(serverId: string): void {
    if (this.flags.batchedConfirms) this.confirms.add(serverId);
    else this.send(encodeConfirm(newRequestId(), serverId));
  }

  private process(message: InboundMessage, data: unknown, now: number): void {
    if (message.kind === 'ignored') return;
    // A server with unique ids needs no hash of the text to tell a copy from a new message.
    // Without unique ids, a copy is the same text: a copy marked as resent (our server marks them
    // for every client that says hello, whatever it is told) is compared unmarked.
    const key = 'serverId' in message && (this.flags.uniqueServerIds ? message.serverId : dedupeKey(message.serverId, typeof data === 'string' ? unmarkResent(data) : data));
    if (key && !this.seen.markSeen(key, now)) {
      this.log(`duplicate ${message.kind} ${message.serverId} ignored`);
      return;
    }
    if (message.kind === 'configureResponse') {
      if (message.clientRequestId === this.configureRequestId) this.onConfigureResponse(message);
      return;
    }
    if (this.configured && message.kind === 'response' && message.clientRequestId === this.configureRequestId) {
      this.options.logger.warn(this.label, 'ignored a second configure response on this connection');
      return;
    }
    if (message.kind === 'serverConfirm' && message.clientRequestId === this.configureRequestId) return;
    if (message.kind === 'response' && message.clientRequestId === this.configureRequestId) {
      // A failed configuration is a plain error response, without the configure marker (§1.6.3);
      // be lenient with a success that lacks the marker but carries a configuration.
      const configuration = message.error ? undefined : decodeConfiguration(message.output);
      this.onConfigureResponse({
        kind: 'configureResponse',
        clientRequestId: message.clientRequestId,
        serverId: message.serverId,
        ...(configuration ? { configuration } : { error: message.error ?? { code: 'none' } }),
      });
      return;
    }
    // As guard() does, without a closure per frame (every push comes through here).
    try {
      this.options.handler.onMessage(message);
    } catch (error) {
      this.failedWith(message.kind, error);
    }
  }

  private onConfigureResponse(message: Extract<InboundMessage, { kind: 'configureResponse' }>): void {
    // One configuration per connection: a server that sends another cannot change the timers
    // (or the resume promise) under running requests.
    if (this.configured) {
      this.options.logger.warn(this.label, 'ignored a second configure response on this connection');
      return;
    }
    if (message.error || !message.configuration) {
      this.log(`configure failed: ${message.error?.code ?? 'no configuration'}`);
      this.fail('configureFailed');
      return;
    }
    const config = message.configuration;
    if (!isVersionSupported(CLIENT_VERSION_CODE, config.clientVersionCodeSupported)) {
      this.log('client version not supported by the server');
      this.running = false;
      // As in close(): the window listener would otherwise keep this client reachable.
      onlineEvents()?.removeEventListener('online', this.onOnline);
      this.teardown();
      this.setState({ status: 'disconnected', disconnectionReason: 'unsupportedVersionCode' });
      this.options.handler.onFatal(
        new AsklessError(ClientErrorCode.UNSUPPORTED_VERSION, `The server does not support client version code ${CLIENT_VERSION_CODE}`),
      );
      return;
    }
    this.config = config;
    this.resume = supportsResume(config.asklessReact);
    this.flags = extensionFlags(config.asklessReact);
    this.configured = true;
    this.attempt = 0;
    this.log(`connected (server ${config.serverVersion}${this.resume ? ', resume' : ''})`);
    clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => this.ping(), config.intervalInMsClientPing);
    this.armWatchdog();
    this.setState({ status: 'connected' });
    this.options.handler.onConfigured();
  }

  /** §3.4, improved: any inbound frame proves the link alive; silence for one period means dead. */
  private armWatchdog(): void {
    clearTimeout(this.watchdogTimer);
    const period = this.config.reconnectClientAfterMillisecondsWithoutServerPong;
    this.watchdogTimer = setTimeout(() => {
      if (Date.now() - this.lastInboundAt >= period) {
        this.log(`no frame for ${period} ms`);
        this.fail('pongTimeout');
      } else this.armWatchdog();
    }, Math.max(0, this.lastInboundAt + period - Date.now()));
  }

  /** The URL the next socket opens. */
  private currentUrl(): string {
    const url = this.options.url;
    return typeof url === 'string' ? url : url[this.urlIndex % url.length]!;
  }

  private fail(reason: DisconnectionReason): void {
    if (!this.running) return;
    // A list of URLs: the next attempt goes to the next server (a dead process is skipped at once).
    if (typeof this.options.url !== 'string') this.urlIndex = (this.urlIndex + 1) % this.options.url.length;
    this.teardown();
    this.setState({ status: 'disconnected', disconnectionReason: reason });
    this.options.handler.onDisconnected();
    if (!this.running) return; // a listener may have closed the client
    const delay = backoffDelay(this.attempt, this.options.reconnectBaseDelayMs, this.options.reconnectMaxDelayMs);
    this.attempt += 1;
    this.log(`reconnecting in ${delay} ms (${reason})`);
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (this.running) this.open();
    }, delay);
  }

  private teardown(): void {
    clearInterval(this.pingTimer);
    clearTimeout(this.watchdogTimer);
    this.pingTimer = undefined;
    this.watchdogTimer = undefined;
    this.configured = false;
    this.confirms.clear();
    const socket = this.socket;
    this.socket = undefined;
    if (!socket) return;
    // Keep no-op handlers: `ws` emits 'error' when a CONNECTING socket is closed and would throw
    // without a listener.
    socket.onmessage = noop;
    socket.onclose = noop;
    socket.onerror = noop;
    try {
      if (socket.readyState === OPEN || socket.readyState === CONNECTING) socket.close(1000);
    } catch {
      // Some implementations throw when closing a socket that never opened.
    }
  }

  private setState(next: ConnectionState): void {
    if (next.status === this.state.status && next.disconnectionReason === this.state.disconnectionReason) return;
    this.state = next;
    this.changes.emit(next);
  }
}

/** `window` in browsers (it fires `online`); undefined in Node. */
function onlineEvents(): { addEventListener(type: string, fn: () => void): void; removeEventListener(type: string, fn: () => void): void } | undefined {
  const g = globalThis as { addEventListener?: unknown; removeEventListener?: unknown };
  return typeof g.addEventListener === 'function' && typeof g.removeEventListener === 'function'
    ? (g as unknown as ReturnType<typeof onlineEvents>)
    : undefined;
}
