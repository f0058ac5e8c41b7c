/**
 * Per-socket state. 2.0.3 keeps state on a record shared by every socket of a client id, so a
 * late close of an old socket deafens the new one (Q3/Q4); here everything a socket needs
 * (auth, streams, outbound queue) lives on its own Connection and dies with it.
 */
import type { WebSocket } from 'ws';
import { markResent } from '../core/protocol/extension.js';
import type { CloseReason } from './limits.js';
import type { Locals, StopReason } from './types.js';
import type { StreamRegistration } from './readRoute.js';

/** Frames held for one `writev` are flushed early past this many bytes (see `batchWrites`). */
const TURN_FLUSH_BYTES = 256 * 1024;

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
  /** Kept only while a `tap` is installed (resends are tapped); the text is enough otherwise. */
  frame: object | undefined;
  firstSentAt: number;
  lastSentAt: number;
  /** Runs once when the client confirms (onReceived, login refresh). */
  onConfirmed: (() => void) | undefined;
}

/**
 * Unconfirmed bytes over every connection of a server, shared by them (the server-wide limit).
 * @example
 * const budget: UnconfirmedBudget = { bytes: 0, max: 256 << 20 };
 */
export interface UnconfirmedBudget {
  bytes: number;
  max: number;
}

/**
 * Outbound limits of one connection (issue 14); `onLimit` closes it (set by the server).
 * @example
 * conn.limits = { maxBuffered: 4 << 20, maxUnconfirmedBytes: 8 << 20, budget, keepFrames: false };
 */
export interface OutboundLimits {
  maxBuffered: number;
  maxUnconfirmedBytes: number;
  budget: UnconfirmedBudget;
  /** Keep the frame object of queued messages (a `tap` wants it on resends). */
  keepFrames: boolean;
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
  /** Resent frames carry `asklessReact: { resent: true }` (the client said hello; extension.ts, markedResends). */
  marksResends = false;
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
  /** At most this many unconfirmed messages are kept (oldest dropped): a client that never confirms cannot grow memory without bound. */
  maxOutbox = Number.POSITIVE_INFINITY;
  /** Bytes (UTF-16 units) of the texts in {@link outbox}. */
  unconfirmedBytes = 0;
  /** Remote address (from `X-Forwarded-For` with `trustProxy`). */
  address = '';
  readonly openedAt = Date.now();
  limits: OutboundLimits = { maxBuffered: Number.POSITIVE_INFINITY, maxUnconfirmedBytes: Number.POSITIVE_INFINITY, budget: { bytes: 0, max: Number.POSITIVE_INFINITY }, keepFrames: true };
  /** A limit was passed: the server closes this connection (with a close code) and logs why. */
  onLimit: (reason: CloseReason, detail: string) => void = () => undefined;
  /** Login attempts in the current window (see `authAttemptWindowMs`). */
  authAttempts = { windowStart: 0, count: 0 };

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
    this.write(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /**
   * The one place bytes are handed to the socket: a client that stopped reading (its socket
   * buffer past `maxBuffered`, not counting the last two messages written, so one large answer
   * alone never trips it) is closed instead of growing the server's memory, by one message at
   * most. Checked after the send, off a push's latency; one property read per send, no allocation.
   */
  private write(text: string): void {
    // A slow consumer's close (below) marks the connection closed at once: nothing more is written.
    if (this.closed) return;
    // The first frame of a turn leaves at once, and the end-of-turn callback is scheduled only
    // after it (a push's latency is this send; the tick bookkeeping can follow it).
    const first = this.turnWrites === 0;
    if (first) {
      this.turnWrites = 1;
      this.turnBytes = text.length;
    } else this.batchWrites(text.length);
    const previous = this.lastWritten;
    try {
      this.socket.send(text);
      this.lastWritten = text.length;
    } finally {
      if (first) process.nextTick(this.endTurn);
    }
    if (this.socket.bufferedAmount - text.length - previous > this.limits.maxBuffered) this.slowConsumer();
  }


  private slowConsumer(): void {
    this.onLimit('slowConsumer', `${this.socket.bufferedAmount} bytes waiting in the socket (limit ${this.limits.maxBuffered})`);
  }

  /** Frames and bytes written in the current turn of the event loop, and the socket corked for them. */
  private turnWrites = 0;
  private turnBytes = 0;
  private corkedSocket: { cork(): void; uncork(): void } | undefined;

  /**
   * The first frame of a turn of the event loop leaves at once (no added latency, see
   * {@link write}); from the second one on (a notify's pushes, a burst of answers) they are held
   * and leave together in one `writev` at the end of the turn, or once 256 KiB are held (so a
   * burst never sits in our buffer where the slow-reader check would count it). On loopback the
   * system call per frame, not the JSON, was half of a push's server CPU (cpu profile of bench
   * figure 2). Called for the second and later frames of a turn only.
   */
  private batchWrites(bytes: number): void {
    this.turnWrites += 1;
    this.turnBytes += bytes;
    if (this.corkedSocket) {
      if (this.turnBytes > TURN_FLUSH_BYTES) this.flushTurn();
      return;
    }
    if (this.turnBytes > TURN_FLUSH_BYTES) return;
    // ws keeps its net.Socket as `_socket` (not typed); without it (a test double) frames just go one by one.
    const raw = (this.socket as unknown as { _socket?: { cork(): void; uncork(): void } })._socket;
    raw?.cork();
    this.corkedSocket = raw;
  }

  private flushTurn(): void {
    const raw = this.corkedSocket;
    this.corkedSocket = undefined;
    this.turnBytes = 0;
    raw?.uncork();
  }

  private readonly endTurn = (): void => {
    this.turnWrites = 0;
    this.flushTurn();
  };

  /** Length of the last text written (see {@link write}). */
  private lastWritten = 0;

  /** Send a frame that carries a `serverId` and keep it for resending until confirmed. */
  sendQueued(frame: { serverId: string }, onConfirmed?: () => void): void {
    if (this.closed) return;
    this.enqueue(frame.serverId, JSON.stringify(frame), frame, onConfirmed);
  }

  /**
   * {@link sendQueued} for a frame already serialised (a push built once for many listeners,
   * push-text.ts): no frame object is made unless a tap wants one.
   */
  sendQueuedText(serverId: string, text: string, onConfirmed?: () => void): void {
    if (this.closed) return;
    // A push id ends with a sequence number (ids.ts pushUnique): never queued before, nothing to replace.
    this.enqueue(serverId, text, undefined, onConfirmed, true);
  }

  /** Keep a frame for resending until confirmed and write it. `fresh`: the id was never queued (nothing to replace). */
  private enqueue(serverId: string, text: string, built: object | undefined, onConfirmed: (() => void) | undefined, fresh = false): void {
    const now = Date.now();
    const frame = this.limits.keepFrames ? (built ?? (JSON.parse(text) as object)) : undefined;
    const previous = fresh ? undefined : this.outbox.get(serverId);
    if (previous) this.forget(previous);
    const pending: PendingMessage = { serverId, text, frame, firstSentAt: now, lastSentAt: now, onConfirmed };
    // Not counting this message: one large answer alone never closes a connection.
    if (this.outbox.size >= this.maxOutbox || this.unconfirmedBytes > this.limits.maxUnconfirmedBytes || this.limits.budget.bytes + text.length > this.limits.budget.max) {
      return this.enqueueAtLimit(pending);
    }
    if (this.socket.readyState === this.socket.OPEN) {
      if (frame) this.tap('out', this.id, frame);
      this.write(text);
    }
    // Kept once written: the outbox entry (its id hashed into a Map) is off the frame's latency.
    // Not by a connection the write closed (slow consumer): its outbox is gone.
    if (!this.closed) this.keep(pending);
  }

  /** {@link enqueue} at the outbox's size or a byte limit: kept first, so the oldest goes and the limit counts it. */
  private enqueueAtLimit(pending: PendingMessage): void {
    this.keep(pending);
    if (this.outbox.size > this.maxOutbox) this.forget(this.outbox.values().next().value!);
    if (this.unconfirmedBytes - pending.text.length > this.limits.maxUnconfirmedBytes || this.limits.budget.bytes > this.limits.budget.max) {
      if (this.overLimit(pending.text)) return;
    }
    if (this.socket.readyState !== this.socket.OPEN) return;
    if (pending.frame) this.tap('out', this.id, pending.frame);
    this.write(pending.text);
  }

  /** Apart from {@link enqueueAtLimit} (kept small for V8, see client connection.ts onFrame): true when the connection was closed. */
  private overLimit(text: string): boolean {
    if (this.unconfirmedBytes - text.length > this.limits.maxUnconfirmedBytes) {
      this.onLimit('unconfirmedBytes', `${this.unconfirmedBytes} unconfirmed bytes (limit ${this.limits.maxUnconfirmedBytes})`);
      return true;
    }
    this.onLimit('unconfirmedBytesTotal', `${this.limits.budget.bytes} unconfirmed bytes on the server (limit ${this.limits.budget.max})`);
    return this.closed;
  }

  /** Drop every unconfirmed message (the connection closed). */
  clearOutbox(): void {
    for (const pending of this.outbox.values()) this.forget(pending);
  }

  private keep(pending: PendingMessage): void {
    this.outbox.set(pending.serverId, pending);
    this.unconfirmedBytes += pending.text.length;
    this.limits.budget.bytes += pending.text.length;
  }

  private forget(pending: PendingMessage): void {
    if (!this.outbox.delete(pending.serverId)) return;
    this.unconfirmedBytes -= pending.text.length;
    this.limits.budget.bytes -= pending.text.length;
  }

  /** The client confirmed `serverId`: drop it and run its hook once. */
  confirm(serverId: string): PendingMessage | undefined {
    const pending = this.outbox.get(serverId);
    if (!pending) return undefined;
    this.forget(pending);
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
        this.forget(pending);
        continue;
      }
      if (now - pending.lastSentAt < intervalMs) continue;
      pending.lastSentAt = now;
      if (pending.frame) this.tap('out', this.id, pending.frame);
      this.write(this.marksResends ? markResent(pending.text) : pending.text);
      if (this.closed) break;
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
