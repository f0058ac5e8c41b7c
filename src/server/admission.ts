/**
 * Who may connect and how often they may try to log in (issue 14): the handshake timeout for
 * TCP connections that never finish the WebSocket upgrade, the connection caps (total and per
 * remote address, refused with HTTP 503 before the upgrade), and the login-attempt windows per
 * connection and per address. The remote address comes from `X-Forwarded-For` only with
 * `trustProxy`: anyone can write that header.
 */
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Socket } from 'node:net';
import type { ServerOptions as WsServerOptions } from 'ws';
import type { ServerLimits } from './limits.js';

type VerifyInfo = { origin: string; secure: boolean; req: IncomingMessage };
type VerifyCallback = (ok: boolean, code?: number, message?: string) => void;

/** A fixed window counter: `count` attempts since `windowStart`. */
interface Window {
  windowStart: number;
  count: number;
}

/** Count one attempt in `w`; false when the window already holds `max`. */
function attempt(w: Window, now: number, windowMs: number, max: number): boolean {
  if (now - w.windowStart >= windowMs) {
    w.windowStart = now;
    w.count = 0;
  }
  if (w.count >= max) return false;
  w.count++;
  return true;
}

/**
 * Admission control of one server.
 * @example
 * const admission = new Admission(limits);
 * admission.watch(httpServer);
 * const refusal = admission.refusal(req); // 'too many connections from 10.0.0.7' or undefined
 */
export class Admission {
  /** TCP sockets accepted but not yet upgraded, with when. */
  private readonly handshaking = new Map<Socket, number>();
  /** Open WebSockets per remote address. */
  private readonly perAddress = new Map<string, number>();
  private readonly loginsPerAddress = new Map<string, Window>();
  private open = 0;
  /** Upgrades refused (connection caps) and sockets destroyed by the handshake timeout. */
  refused = 0;
  handshakeTimeouts = 0;

  constructor(private readonly limits: ServerLimits) {}

  /** Track the TCP connections of `server` until they upgrade (or send any HTTP request). */
  watch(server: HttpServer): () => void {
    const onConnection = (socket: Socket): void => {
      this.handshaking.set(socket, Date.now());
      socket.once('close', () => this.handshaking.delete(socket));
    };
    const onRequest = (req: IncomingMessage): void => void this.handshaking.delete(req.socket);
    server.on('connection', onConnection);
    server.on('request', onRequest);
    return () => {
      server.off('connection', onConnection);
      server.off('request', onRequest);
    };
  }

  /** Sockets still in their handshake. */
  get handshakingCount(): number {
    return this.handshaking.size;
  }

  /** The remote address of an upgrade request. */
  addressOf(req: IncomingMessage): string {
    if (this.limits.trustProxy) {
      const header = req.headers['x-forwarded-for'];
      const first = (Array.isArray(header) ? header[0] : header)?.split(',')[0]?.trim();
      if (first) return first;
    }
    return req.socket.remoteAddress ?? 'unknown';
  }

  /** Why this upgrade must be refused (503), or undefined to let it in. */
  refusal(req: IncomingMessage): string | undefined {
    if (this.open >= this.limits.maxConnections) return `too many connections (${this.limits.maxConnections})`;
    const address = this.addressOf(req);
    if ((this.perAddress.get(address) ?? 0) >= this.limits.maxConnectionsPerAddress) {
      return `too many connections from this address (${this.limits.maxConnectionsPerAddress})`;
    }
    return undefined;
  }

  /**
   * `verifyClient` for ws: the connection caps first (HTTP 503, reported to `onRefused`), then
   * the application's own `verifyClient`, sync or async.
   */
  verifier(appVerify: WsServerOptions['verifyClient'], onRefused: (address: string, refusal: string) => void): NonNullable<WsServerOptions['verifyClient']> {
    return (info: VerifyInfo, callback: VerifyCallback) => {
      const refusal = this.refusal(info.req);
      if (refusal) {
        onRefused(this.addressOf(info.req), refusal);
        return callback(false, 503, refusal);
      }
      if (!appVerify) return callback(true);
      if (appVerify.length >= 2) return (appVerify as (i: VerifyInfo, cb: VerifyCallback) => void)(info, callback);
      callback((appVerify as (i: VerifyInfo) => boolean)(info));
    };
  }

  /** A WebSocket opened from `address` on `socket` (its handshake is over). */
  opened(socket: Socket | undefined, address: string): void {
    if (socket) this.handshaking.delete(socket);
    this.open++;
    this.perAddress.set(address, (this.perAddress.get(address) ?? 0) + 1);
  }

  /** That WebSocket closed. */
  closed(address: string): void {
    this.open--;
    const left = (this.perAddress.get(address) ?? 1) - 1;
    if (left > 0) this.perAddress.set(address, left);
    else this.perAddress.delete(address);
  }

  /**
   * Count a login attempt of a connection (its own window) from `address`; a reason to refuse
   * it, or undefined.
   */
  loginRefusal(connectionWindow: Window, address: string, now: number): string | undefined {
    const { authAttemptWindowMs: windowMs, maxAuthAttemptsPerConnection, maxAuthAttemptsPerAddress } = this.limits;
    if (!attempt(connectionWindow, now, windowMs, maxAuthAttemptsPerConnection)) {
      return `more than ${maxAuthAttemptsPerConnection} login attempts on this connection within ${windowMs} ms`;
    }
    let w = this.loginsPerAddress.get(address);
    if (!w) this.loginsPerAddress.set(address, (w = { windowStart: now, count: 0 }));
    if (!attempt(w, now, windowMs, maxAuthAttemptsPerAddress)) {
      return `more than ${maxAuthAttemptsPerAddress} login attempts from this address within ${windowMs} ms`;
    }
    return undefined;
  }

  /** Destroy sockets whose handshake outlived its timeout; forget finished login windows. */
  sweep(now: number): void {
    // Oldest first: stop at the first socket still within its time.
    for (const [socket, since] of this.handshaking) {
      if (now - since < this.limits.handshakeTimeoutMs) break;
      this.handshaking.delete(socket);
      this.handshakeTimeouts++;
      socket.destroy();
    }
    for (const [address, w] of this.loginsPerAddress) if (now - w.windowStart >= this.limits.authAttemptWindowMs) this.loginsPerAddress.delete(address);
  }
}
