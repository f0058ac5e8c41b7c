/**
 * The narrow view of the client the call service needs: write to a route, listen to a route,
 * know who we are. Keeps the service testable with a fake and independent of the client's
 * internals; `clientCallTransport` adapts the real `AsklessClient`.
 */
import type { AsklessError } from '../errors.js';
import type { WebRTCParams } from '../types.js';
import type { WireUserId } from './wire.js';

/** A CREATE's outcome; never rejected. */
export interface CallWriteResult {
  readonly ok: boolean;
  readonly output?: unknown;
  readonly error?: AsklessError;
}

/** Callbacks of one route subscription. */
export interface CallListenHandlers {
  onValue(value: unknown): void;
  /** The server stopped the stream (StopListening) or it failed; no value follows. */
  onStop(error?: AsklessError): void;
}

/**
 * What the call service needs from a client.
 * @example
 * const transport: CallTransport = clientCallTransport(client);
 */
export interface CallTransport {
  /** CREATE on `route` with `body` (params null). */
  create(route: string, body: unknown): Promise<CallWriteResult>;
  /**
   * LISTEN to `route` with `params`. Each call MUST get its own server stream (the first value is
   * that stream's initial value); returns unsubscribe.
   */
  listen(route: string, params: Record<string, unknown>, handlers: CallListenHandlers): () => void;
  /** The authenticated user's id, if logged in. */
  userId(): WireUserId | undefined;
  /** ICE servers and constraints for calls with `userId`. */
  getWebRTCParams?(userId: WireUserId): Promise<WebRTCParams>;
  /** Node only: a WebRTC implementation for simple-peer. */
  readonly wrtc?: unknown;
  /** Our own signaling connection going down/up (a live call shows `reconnecting` meanwhile). */
  onConnectionChange?(listener: (connected: boolean) => void): () => void;
  /** Debug log line (never SDP, candidates or tokens). */
  log(message: string): void;
}
