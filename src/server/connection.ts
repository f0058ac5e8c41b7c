/**
 * Per-socket state. 2.0.3 keeps state on a record shared by every socket of a client id, so a
 * late close of an old socket deafens the new one (Q3/Q4); here everything a socket needs
 * (auth, streams, outbound queue) lives on its own Connection and dies with it.
 */
import type { WebSocket } from 'ws';
import type { Locals, StopReason } from './types.js';
import type { StreamRegistration } from './readRoute.js';

/**
 * Login state of one connection (§2.5).
 * @example
 * if (conn.auth === 'authenticated') handle(conn.userId);
 */
export type AuthStatus = 'pending' | 'unauthenticated' | 'authenticated';

/**
 * How long a server-sent StopListening keeps pings from restarting that stream.
 * @example
 * if (Date.now() - stoppedAt < SERVER_STOP_MEMORY_MS) skipRestart();
 */
export const SERVER_STOP_MEMORY_MS = 30_000;

/**
 * An outbound message waiting for the client's confirmation (§4.2).
 * @example
 * for (const pending of conn.outbox.values()) socket.send(pending.text);
 */
export interface PendingMessage {
  serverId: string;
  text: string;
  /** The frame, for the tap; absent for frames built as text (the tap then gets them parsed). */
  frame: object | undefined;
  firstSentAt: number;
  lastSentAt: number;
  /** Runs once when the client confirms (onReceived, login refresh). */
  onConfirmed: (() => void) | undefined;
}

/**
 * One WebSocket and everything bound to it.
 * @example
 * const conn = new Connection('c1', ws, (event) => tap?.(event));
 * conn.sendNow('welcome');
 */
export class Connection<UserId = unknown> {
  clientId: string | undefined;
  configured = false;
  auth: AuthStatus = 'pending';
  userId: UserId | undefined;
  claims: string[] | undefined;
  locals: Locals = {};
  /** Bumped on every AUTHENTICATE and logout, so a stale login decision cannot apply. */
  authEpoch = 0;
  readonly streams = new Map<string, StreamRegistration<UserId>>();
  readonly outbox = new Map<string, PendingMessage>();
  /**
   * Streams the server ended with a StopListening, by listenId → when. A ping sent before the
   * client processed the StopListening still lists them; restarting those would fire spurious
   * start/stop hooks (the call routes react to them). Cleared when a ping omits the stream or a
   * LISTEN asks for it again; ignored after {@link SERVER_STOP_MEMORY_MS}.
   */
  readonly serverStopped = new Map<string, number>();
  lastInboundAt = Date.now();
  closed = false;
  /** Whether the tap wants outbound frames: frames built as text are parsed for it only then. */
  tapsOut = true;
  /** At most this many unconfirmed messages are kept (oldest dropped): a client that never confirms cannot grow memory without bound. */
  maxOutbox = Number.POSITIVE_INFINITY;

  constructor(
    readonly id: string,
    readonly socket: WebSocket,
    private readonly tap: (direction: 'in' | 'out', connectionId: string, frame: unknown) => void,
    readonly onStreamStopped: (stream: StreamRegistration<UserId>, reason: StopReason) => void,
  ) {}

  /** True when authenticated (handlers see `userId`). */
  get isAuthenticated(): boolean {
    return this.auth === 'authenticated';
  }

  /** Send a frame once (confirmations, `pong`, StopListening). No-op once closed. */
  sendNow(frame: object | string): void {
    if (this.closed || this.socket.readyState !== this.socket.OPEN) return;
    this.tap('out', this.id, frame);
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** Send a frame that carries a `serverId` and keep it for resending until confirmed. */
  sendQueued(frame: { serverId: string }, onConfirmed?: () => void): void {
    if (this.closed) return;
    const text = JSON.stringify(frame);
    const now = Date.now();
    this.outbox.set(frame.serverId, { serverId: frame.serverId, text, frame, firstSentAt: now, lastSentAt: now, onConfirmed });
    if (this.outbox.size > this.maxOutbox) this.outbox.delete(this.outbox.keys().next().value!);
    if (this.socket.readyState !== this.socket.OPEN) return;
    this.tap('out', this.id, frame);
    this.socket.send(text);
  }

  /**
   * {@link sendQueued} for a frame already serialised (a push built once for many listeners,
   * push-text.ts): no frame object is made unless the tap wants one.
   */
  sendQueuedText(serverId: string, text: string, onConfirmed?: () => void): void {
    if (this.closed) return;
    const now = Date.now();
    this.outbox.set(serverId, { serverId, text, frame: undefined, firstSentAt: now, lastSentAt: now, onConfirmed });
    if (this.outbox.size > this.maxOutbox) this.outbox.delete(this.outbox.keys().next().value!);
    if (this.socket.readyState !== this.socket.OPEN) return;
    if (this.tapsOut) this.tap('out', this.id, JSON.parse(text));
    this.socket.send(text);
  }

  /** The client confirmed `serverId`: drop it and run its hook once. */
  confirm(serverId: string): PendingMessage | undefined {
    const pending = this.outbox.get(serverId);
    if (!pending) return undefined;
    this.outbox.delete(serverId);
    return pending;
  }

  /**
   * Resend what is older than `intervalMs` (by last send) and drop what is older than `windowMs`
   * (by first send). Returns how many frames were resent.
   */
  resendDue(now: number, intervalMs: number, windowMs: number): number {
    if (this.closed || this.socket.readyState !== this.socket.OPEN) return 0;
    let resent = 0;
    for (const pending of this.outbox.values()) {
      if (now - pending.firstSentAt >= windowMs) {
        this.outbox.delete(pending.serverId);
        continue;
      }
      if (now - pending.lastSentAt < intervalMs) continue;
      pending.lastSentAt = now;
      if (this.tapsOut) this.tap('out', this.id, pending.frame ?? JSON.parse(pending.text));
      this.socket.send(pending.text);
      resent++;
    }
    return resent;
  }

  /** Send a StopListening for `listenId` and remember it (see {@link serverStopped}). */
  sendStop(frame: { listenId: string; serverId: string }): void {
    this.serverStopped.set(frame.listenId, Date.now());
    this.sendNow(frame);
  }

  /** True if pings should not restart `listenId` (the server stopped it recently). */
  isServerStopped(listenId: string, now: number): boolean {
    const at = this.serverStopped.get(listenId);
    if (at === undefined) return false;
    if (now - at < SERVER_STOP_MEMORY_MS) return true;
    this.serverStopped.delete(listenId);
    return false;
  }

  /** Forget the login (logout, re-login, reconfigure). */
  resetAuth(status: AuthStatus): void {
    this.auth = status;
    this.userId = undefined;
    this.claims = undefined;
    this.locals = {};
    this.authEpoch++;
  }

  /** Stop every stream of this connection matching `filter` (hooks fire). */
  stopStreams(reason: StopReason, filter: (s: StreamRegistration<UserId>) => boolean = () => true): StreamRegistration<UserId>[] {
    const stopped: StreamRegistration<UserId>[] = [];
    for (const stream of [...this.streams.values()]) {
      if (!filter(stream)) continue;
      this.streams.delete(stream.listenId);
      stopped.push(stream);
      this.onStreamStopped(stream, reason);
    }
    return stopped;
  }
}
