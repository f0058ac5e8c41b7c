/**
 * Pending READ / CREATE / UPDATE / DELETE requests (askless-protocol.md §4.1, §4.3, §5.5):
 * resend while unconfirmed, time out, abort, wait for a login after PENDING_AUTHENTICATION, and
 * decide what survives a reconnect without running a write twice.
 */
import { AbortedRequestError, AbortWatch } from './abort.js';
import { AsklessError, ClientErrorCode, ServerErrorCode } from './errors.js';
import { reportListenerError } from './internal/listeners.js';
import { cancelFrame } from './protocol/extension.js';
import type { RequestInspection } from './inspect.js';
import { newRequestId } from './ids.js';
import type { ClientRequest, ConnectionConfiguration, WireError } from './protocol/wire.js';
import type { AsklessResponse } from './types.js';

/**
 * What the request manager needs from the client.
 * @example
 * const requests = new RequestManager({ isReady, send, config, clientId, connectionNumber, resume, log });
 */
export interface RequestHost {
  /** Configured and not re-authenticating: requests may go out. */
  isReady(): boolean;
  /** Logged in now, and how many logins succeeded so far (see `AuthService.logins`). */
  isAuthenticated(): boolean;
  logins(): number;
  send(message: object): boolean;
  config(): ConnectionConfiguration;
  clientId(): string;
  connectionNumber(): number;
  /** The current connection advertises the resume extension. */
  resume(): boolean;
  /** The server process we talk to (resume extension `instanceId`), if it says. */
  serverInstance(): string | undefined;
  log(message: string): void;
  /** A request was settled (lets the client rotate connections at a quiet moment). */
  onSettled?(): void;
  /** The server aborts a handler on a cancel frame (extension `cancel`). */
  canCancel?(): boolean;
}

/**
 * READs may be resent with a new id after a reconnect; modifies may not (they could run twice).
 * @example
 * const kind: RequestKind = type === 'READ' ? 'read' : 'modify';
 */
export type RequestKind = 'read' | 'modify';

/**
 * Per-request options of {@link RequestManager.submit}.
 * @example
 * requests.submit('read', build, 'READ products', { neverTimeout: true, signal });
 */
export interface SubmitOptions {
  neverTimeout?: boolean | undefined;
  persevere?: boolean | undefined;
  signal?: AbortSignal | undefined;
  /** Receives the server's `ctx.progress` values of this request, in order, before the answer. */
  onProgress?: ((value: unknown) => void) | undefined;
}

type State = 'queued' | 'sent' | 'confirmed' | 'waitingAuth';

interface Pending {
  id: string;
  kind: RequestKind;
  label: string;
  build: (clientRequestId: string) => ClientRequest;
  state: State;
  sentAt: number;
  sentOnConnection: number;
  sentWithClientId: string;
  sentToInstance: string | undefined;
  everSent: boolean;
  neverTimeout: boolean;
  persevere: boolean;
  pendingAuthError?: WireError;
  timer?: ReturnType<typeof setTimeout>;
  cleanupAbort?: () => void;
  onProgress?: ((value: unknown) => void) | undefined;
  attempts?: number;
  deadline?: number;
  /** The number of logins seen when it was last sent (see `onResponse`). */
  sentAtLogin?: number;
  resolve: (response: AsklessResponse) => void;
}

const failure = (code: string, description: string): AsklessResponse => ({
  success: false,
  output: undefined,
  error: new AsklessError(code, description),
});

/**
 * Owns every pending request; the client routes confirms and responses here.
 * @example
 * const response = await requests.submit('read', (id) => encodeRead(id, 'products', null), 'READ products', {});
 */
export class RequestManager {
  private readonly pending = new Map<string, Pending>();
  private resendTimer: ReturnType<typeof setInterval> | undefined;
  private readonly aborted = new AbortWatch();

  constructor(private readonly host: RequestHost) {}

  get size(): number {
    return this.pending.size;
  }

  /** Queue a request; resolves with its response or a client error, never rejects. */
  submit(kind: RequestKind, build: (id: string) => ClientRequest, label: string, options: SubmitOptions): Promise<AsklessResponse> {
    if (options.signal?.aborted) return Promise.resolve(failure(ClientErrorCode.ABORTED, 'The request was aborted before it was sent'));
    return new Promise<AsklessResponse>((resolve) => {
      const p: Pending = {
        id: newRequestId(),
        kind,
        label,
        build,
        state: 'queued',
        sentAt: 0,
        sentOnConnection: -1,
        sentWithClientId: '',
        sentToInstance: undefined,
        everSent: false,
        neverTimeout: options.neverTimeout === true,
        persevere: options.persevere === true,
        onProgress: options.onProgress,
        resolve,
      };
      const signal = options.signal;
      if (signal) {
        const onAbort = () => this.abort(p);
        signal.addEventListener('abort', onAbort, { once: true });
        p.cleanupAbort = () => signal.removeEventListener('abort', onAbort);
      }
      this.pending.set(p.id, p);
      this.armTimeout(p);
      if (this.host.isReady()) this.transmit(p);
    });
  }

  /** Every pending request, for `client.inspect()`. */
  inspect(): RequestInspection[] {
    return [...this.pending.values()].map((p) => ({
      id: p.id,
      label: p.label,
      kind: p.kind,
      state: p.state,
      attempts: p.attempts ?? 0,
      sentAt: p.sentAt,
      ...(p.deadline !== undefined && !p.neverTimeout && p.state !== 'waitingAuth' ? { deadline: p.deadline } : {}),
    }));
  }

  /** True while a CREATE / UPDATE / DELETE was sent and not answered yet. */
  hasUnansweredWrites(): boolean {
    for (const p of this.pending.values()) if (p.kind === 'modify' && (p.state === 'sent' || p.state === 'confirmed')) return true;
    return false;
  }

  /** ServerConfirmReceipt for `clientRequestId`; false if not ours. */
  onServerConfirm(clientRequestId: string): boolean {
    const p = this.pending.get(clientRequestId);
    if (!p) return false;
    if (p.state === 'sent') p.state = 'confirmed';
    return true;
  }

  /** A progress frame for `clientRequestId` (extension); ignored unless its request is pending and asked. */
  onProgress(clientRequestId: string, value: unknown): void {
    const p = this.pending.get(clientRequestId);
    if (!p?.onProgress || (p.state !== 'sent' && p.state !== 'confirmed')) return;
    try {
      p.onProgress(value);
    } catch (error) {
      reportListenerError(error);
    }
  }

  /** A Response for `clientRequestId`; false if not ours. */
  onResponse(clientRequestId: string, output: unknown, error: WireError | undefined): boolean {
    const p = this.pending.get(clientRequestId);
    if (!p) return this.aborted.onResponse(clientRequestId, output, error);
    if (error?.code === ServerErrorCode.PENDING_AUTHENTICATION) {
      // Sent before a login that has since succeeded: the server answered it late (its handlers
      // are async, the login's answer overtook this one). Waiting would wait for a login that
      // already happened; go again now with a new id, as onLogin() does.
      if (this.host.isAuthenticated() && p.sentAtLogin !== this.host.logins()) this.resendAfterLogin(p);
      else this.waitForLogin(p, error);
      return true;
    }
    this.settle(p, error ? { success: false, output: undefined, error: AsklessError.fromWire(error) } : { success: true, output });
    return true;
  }

  /**
   * The connection became usable. Requests sent on an earlier connection follow §10 Q5, or the
   * resume extension when the server keeps our id and replays answers.
   */
  onReady(): void {
    this.startResendTimer();
    const current = this.host.connectionNumber();
    for (const p of [...this.pending.values()]) {
      if (p.state === 'queued') this.transmit(p);
      else if ((p.state === 'sent' || p.state === 'confirmed') && p.sentOnConnection !== current) {
        // A restarted server (new instanceId) has lost its replay memory: resending a confirmed
        // write there could run it twice, so only the same server instance may replay.
        const resumed =
          this.host.resume() && p.sentWithClientId === this.host.clientId() && p.sentToInstance === this.host.serverInstance();
        if (resumed || p.state === 'sent') this.transmit(p);
        else if (p.kind === 'read') this.transmit(p, newRequestId());
        else
          this.settle(
            p,
            failure(
              ClientErrorCode.OUTCOME_UNKNOWN,
              `${p.label} reached the server but the connection was lost before the answer; it was not retried so it cannot run twice`,
            ),
          );
      }
    }
  }

  /** The socket is gone: stop resending until the next `onReady`. */
  onDisconnected(): void {
    clearInterval(this.resendTimer);
    this.resendTimer = undefined;
    this.aborted.clear();
  }

  /** A login succeeded: requests waiting after PENDING_AUTHENTICATION go again with a new id. */
  onLogin(): void {
    for (const p of [...this.pending.values()]) if (p.state === 'waitingAuth') this.resendAfterLogin(p);
  }

  private resendAfterLogin(p: Pending): void {
    this.rekey(p, newRequestId());
    p.state = 'queued';
    this.armTimeout(p);
    if (this.host.isReady()) this.transmit(p);
  }

  /** `clearAuthentication()`: non-persevere login waiters fail now (§5.5). */
  onLogout(): void {
    for (const p of [...this.pending.values()]) {
      if (p.state === 'waitingAuth' && !p.persevere) this.settle(p, this.pendingAuthFailure(p));
    }
  }

  /** Settle everything with one error (client closed, unsupported version). */
  failAll(code: string, description: string): void {
    for (const p of [...this.pending.values()]) this.settle(p, failure(code, description));
    this.onDisconnected();
  }

  /**
   * The caller aborted: answer ABORTED at once; if the request is out, tell the server (when it
   * supports cancel) and keep listening for its answer, which says whether it ran anyway.
   */
  private abort(p: Pending): void {
    if (this.pending.get(p.id) !== p) return;
    const out = p.state === 'sent' || p.state === 'confirmed';
    if (out && this.host.canCancel?.() && this.host.isReady()) {
      this.host.send(cancelFrame(p.id));
      this.host.log(`canceled ${p.label} ${p.id}`);
    }
    const config = this.host.config();
    const watchMs = config.requestTimeoutInMs > 0 ? config.requestTimeoutInMs : config.intervalInMsClientSendSameMessage * 6;
    const outcome = out ? this.aborted.track(p.id, watchMs) : Promise.resolve({ status: 'notRun' as const });
    this.settle(p, { success: false, output: undefined, error: new AbortedRequestError('The request was aborted', outcome) });
  }

  private transmit(p: Pending, newId?: string): void {
    if (newId) this.rekey(p, newId);
    p.state = 'sent';
    p.sentAt = Date.now();
    p.sentOnConnection = this.host.connectionNumber();
    p.sentWithClientId = this.host.clientId();
    p.sentToInstance = this.host.serverInstance();
    p.everSent = true;
    p.attempts = (p.attempts ?? 0) + 1;
    p.sentAtLogin = this.host.logins();
    if (!this.host.send(p.build(p.id))) p.state = 'queued';
    else this.host.log(`sent ${p.label} ${p.id}`);
  }

  private rekey(p: Pending, id: string): void {
    this.pending.delete(p.id);
    p.id = id;
    this.pending.set(id, p);
  }

  private waitForLogin(p: Pending, error: WireError): void {
    // Flutter gives the request a new id and waits for a login (§5.5); the old id is spent.
    clearTimeout(p.timer);
    p.state = 'waitingAuth';
    p.pendingAuthError = error;
    this.host.log(`${p.label} waits for a login`);
    if (!p.neverTimeout) {
      const ms = this.host.config().waitForAuthenticationTimeoutInMs;
      p.timer = setTimeout(() => this.settle(p, this.pendingAuthFailure(p)), ms);
    }
  }

  private pendingAuthFailure(p: Pending): AsklessResponse {
    return { success: false, output: undefined, error: AsklessError.fromWire(p.pendingAuthError ?? { code: ServerErrorCode.PENDING_AUTHENTICATION }) };
  }

  private armTimeout(p: Pending): void {
    clearTimeout(p.timer);
    const ms = this.host.config().requestTimeoutInMs;
    if (p.neverTimeout || ms <= 0) return;
    p.deadline = Date.now() + ms;
    p.timer = setTimeout(() => {
      // Flutter reports both cases as NO_CONNECTION; we tell them apart.
      if (p.everSent) this.settle(p, failure(ClientErrorCode.TIMEOUT, `${p.label}: no answer within ${ms} ms`));
      else this.settle(p, failure(ClientErrorCode.NO_CONNECTION, `${p.label}: not connected within ${ms} ms`));
    }, ms);
  }

  private startResendTimer(): void {
    clearInterval(this.resendTimer);
    const period = this.host.config().intervalInMsClientSendSameMessage;
    this.resendTimer = setInterval(() => {
      if (!this.host.isReady()) return;
      const now = Date.now();
      const current = this.host.connectionNumber();
      for (const p of [...this.pending.values()]) {
        // Same id: the server de-duplicates it (§4.1).
        if (p.state === 'sent' && p.sentOnConnection === current && now - p.sentAt >= period) {
          this.host.log(`resending unconfirmed ${p.label} ${p.id}`);
          this.transmit(p);
        }
      }
    }, period);
  }

  private settle(p: Pending, response: AsklessResponse): void {
    if (this.pending.get(p.id) !== p) return;
    this.pending.delete(p.id);
    clearTimeout(p.timer);
    p.cleanupAbort?.();
    p.resolve(response);
    this.host.onSettled?.();
  }
}
