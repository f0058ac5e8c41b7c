/**
 * Authentication (askless-protocol.md §5): `authenticate`, automatic re-login before anything
 * else on every reconnect, `onAutoReauthenticationFails` once per failure, and the
 * authentication state the React layer observes. One AUTHENTICATE is in flight at a time (Q9).
 */
import { ClientErrorCode, ServerErrorCode } from './errors.js';
import { newRequestId } from './ids.js';
import { Listeners } from './internal/listeners.js';
import { encodeAuthenticate } from './protocol/encode.js';
import type { AuthenticateOutput, ConnectionConfiguration, WireError } from './protocol/wire.js';
import type { AuthenticateError, AuthenticateResponse, AuthenticationState } from './types.js';

/**
 * What the auth service needs from the client.
 * @example
 * const auth = new AuthService({ configured: () => conn.configured, send, clientId, config, log, onGateChange, onLogin, clearAuthentication });
 */
export interface AuthHost {
  configured(): boolean;
  send(message: object): boolean;
  clientId(): string;
  config(): ConnectionConfiguration;
  log(message: string): void;
  /** The re-login gate closed or opened: requests and pings wait while it is closed. */
  onGateChange(): void;
  /** A login succeeded: wake requests and streams waiting after PENDING_AUTHENTICATION. */
  onLogin(): void;
  onAutoReauthenticationFails?: ((code: string, clearAuthentication: () => Promise<void>) => void) | undefined;
  clearAuthentication(): Promise<void>;
}

interface UserLogin {
  credential: unknown;
  neverTimeout: boolean;
  resolve: (r: AuthenticateResponse<unknown>) => void;
  timer?: ReturnType<typeof setTimeout>;
  sent: boolean;
}

interface InFlight {
  id: string;
  credential: unknown;
  user?: UserLogin;
  timer?: ReturnType<typeof setTimeout>;
}

const UNAUTHENTICATED: AuthenticationState<never> = Object.freeze({ status: 'unauthenticated', claims: [] });
const RETRY_DELAY_MS = 1000;

/**
 * The client's authentication service.
 * @example
 * const res = await auth.authenticate({ accessToken: 't' }, false);
 */
export class AuthService {
  state: AuthenticationState<unknown> = UNAUTHENTICATED;
  /**
   * Successful logins so far (automatic re-logins included). A request or LISTEN remembers the
   * count it was sent under: a PENDING_AUTHENTICATION for one sent before a later login is late.
   */
  logins = 0;
  readonly changes = new Listeners<[AuthenticationState<unknown>]>();
  /** Credential of the last successful login: replayed on every reconnect. */
  private credential: { value: unknown } | undefined;
  private userLogin: UserLogin | undefined;
  private inFlight: InFlight | undefined;
  /** True from CONFIGURE until the re-login of this connection settled. */
  private reauthenticating = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly host: AuthHost) {}

  /** Requests and stream listings must wait while a re-login is in progress (§2.1 step 7). */
  get gateClosed(): boolean {
    return this.reauthenticating;
  }

  /** Public `authenticate`: waits for the connection, bounded by `requestTimeoutInMs` unless `neverTimeout`. */
  authenticate(credential: unknown, neverTimeout: boolean): Promise<AuthenticateResponse<unknown>> {
    if (this.userLogin) return Promise.resolve(authFailure(ClientErrorCode.CONFLICT, 'A login is already in progress', false));
    return new Promise((resolve) => {
      const login: UserLogin = { credential, neverTimeout, resolve, sent: false };
      this.userLogin = login;
      const ms = this.host.config().requestTimeoutInMs;
      if (!neverTimeout && ms > 0) {
        login.timer = setTimeout(() => {
          if (this.userLogin !== login) return;
          const wasInFlight = this.inFlight?.user === login;
          if (wasInFlight) this.inFlight = undefined;
          this.finishUserLogin(
            login.sent
              ? authFailure(ClientErrorCode.TIMEOUT, `No answer to the login within ${ms} ms`, false)
              : authFailure(ClientErrorCode.NO_CONNECTION, `Not connected within ${ms} ms`, false),
          );
          this.setState({ ...this.state, status: this.credential ? 'authenticated' : 'unauthenticated' });
          // If this login was holding the re-login gate, fall back to the stored credential (or
          // open the gate) rather than blocking every request of the connection.
          if (wasInFlight) this.pump();
        }, ms);
      }
      this.setState({ ...this.state, status: 'authenticating' });
      this.pump();
    });
  }

  /** Forget the credential locally; the client sends the logout route and resets the server side. */
  forget(): boolean {
    const wasAuthenticated = this.state.status === 'authenticated' || this.credential !== undefined;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.credential = undefined;
    if (this.userLogin) this.finishUserLogin(authFailure(ClientErrorCode.ABORTED, 'clearAuthentication() was called during the login', false));
    // An in-flight AUTHENTICATE still gets answered: ignore it by forgetting its id.
    this.inFlight = undefined;
    this.setState(UNAUTHENTICATED);
    if (this.reauthenticating) this.openGate();
    return wasAuthenticated;
  }

  /** CONFIGURE_CONNECTION succeeded: re-login first if we hold a credential or a login waits. */
  onConfigured(): void {
    this.inFlight = undefined; // whatever was in flight died with the old socket
    if (this.credential || this.userLogin) {
      this.reauthenticating = true;
      this.host.onGateChange();
      if (this.credential && this.state.status !== 'authenticating') this.setState({ ...this.state, status: 'authenticating' });
    }
    this.pump();
  }

  onDisconnected(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    if (this.inFlight) clearTimeout(this.inFlight.timer);
    this.inFlight = undefined;
    if (this.userLogin) this.userLogin.sent = false;
  }

  /** Settle everything (client closed). */
  close(): void {
    this.onDisconnected();
    if (this.userLogin) this.finishUserLogin(authFailure(ClientErrorCode.CLIENT_CLOSED, 'The client was closed', false));
    this.reauthenticating = false;
  }

  /** An AuthenticateResponse; false when it answers nothing we are waiting for. */
  onResponse(clientRequestId: string, output: AuthenticateOutput | null, error: WireError | undefined): boolean {
    const flight = this.inFlight;
    if (!flight || flight.id !== clientRequestId) return false;
    clearTimeout(flight.timer);
    this.inFlight = undefined;
    const userId = output?.userId;
    if (!error && userId !== undefined) {
      this.credential = { value: flight.credential };
      this.setState({ status: 'authenticated', userId, claims: output?.claims ?? [] });
      if (flight.user) this.finishUserLogin({ success: true, userId, claims: output?.claims ?? [] });
      this.logins += 1;
      // Wake login waiters while the gate is still shut, so opening it sends each exactly once.
      this.host.onLogin();
      this.openGate();
    } else if (!error) {
      // asUnauthenticatedUser(): a success without a user (§5.2); nothing to replay later.
      this.credential = undefined;
      this.setState(UNAUTHENTICATED);
      if (flight.user) this.finishUserLogin({ success: true, claims: [] });
      this.openGate();
    } else this.onFailure(flight, output, error);
    this.pump();
    return true;
  }

  private onFailure(flight: InFlight, output: AuthenticateOutput | null, error: WireError): void {
    const code = error.code ?? ClientErrorCode.UNKNOWN;
    const isCredentialError = typeof output?.credentialErrorCode === 'string';
    const authError: AuthenticateError = { code, description: error.description ?? code, isCredentialError };
    if (flight.user) {
      this.credential = undefined;
      this.setState({ status: 'unauthenticated', claims: [], error: authError });
      this.finishUserLogin({ success: false, claims: [], error: authError });
      this.openGate();
      return;
    }
    // Q8: a timeout is reported as a credential error but is worth retrying.
    if (isCredentialError && code !== ServerErrorCode.AUTHORIZE_TIMEOUT) {
      this.credential = undefined;
      this.setState({ status: 'unauthenticated', claims: [], error: authError });
      this.openGate();
      this.host.log(`automatic re-login rejected (${code})`);
      try {
        this.host.onAutoReauthenticationFails?.(code, () => this.host.clearAuthentication());
      } catch (e) {
        this.host.log(`onAutoReauthenticationFails threw: ${String(e)}`);
      }
      return;
    }
    // Not the credential's fault: let other work through and retry the login shortly (§5.5).
    this.host.log(`automatic re-login failed (${code}); retrying`);
    this.openGate();
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (this.credential && !this.inFlight && this.host.configured()) this.sendLogin(this.credential.value, undefined);
    }, RETRY_DELAY_MS);
  }

  /** Send the next AUTHENTICATE if the socket is configured and none is in flight. */
  private pump(): void {
    if (this.inFlight || !this.host.configured()) return;
    if (this.userLogin && !this.userLogin.sent) this.sendLogin(this.userLogin.credential, this.userLogin);
    else if (this.reauthenticating && this.credential) this.sendLogin(this.credential.value, undefined);
    else if (this.reauthenticating) this.openGate();
  }

  private sendLogin(credential: unknown, user: UserLogin | undefined): void {
    const flight: InFlight = { id: newRequestId(), credential, ...(user ? { user } : {}) };
    this.inFlight = flight;
    if (user) user.sent = true;
    // Never log the credential itself.
    this.host.log(`sending AUTHENTICATE ${flight.id}${user ? '' : ' (automatic re-login)'}`);
    if (!this.host.send(encodeAuthenticate(flight.id, this.host.clientId(), credential))) {
      this.inFlight = undefined;
      if (user) user.sent = false;
      return;
    }
    if (!user) {
      // An automatic re-login that never gets an answer must not keep the gate shut forever.
      const ms = Math.max(this.host.config().requestTimeoutInMs, this.host.config().waitForAuthenticationTimeoutInMs + 1000);
      flight.timer = setTimeout(() => {
        if (this.inFlight !== flight) return;
        this.inFlight = undefined;
        this.openGate();
        this.scheduleRetry();
      }, ms);
    }
  }

  private finishUserLogin(response: AuthenticateResponse<unknown>): void {
    const login = this.userLogin;
    if (!login) return;
    this.userLogin = undefined;
    clearTimeout(login.timer);
    login.resolve(response);
  }

  private openGate(): void {
    if (!this.reauthenticating) return;
    this.reauthenticating = false;
    this.host.onGateChange();
  }

  private setState(next: AuthenticationState<unknown>): void {
    if (
      next.status === this.state.status &&
      next.userId === this.state.userId &&
      next.error === this.state.error &&
      next.claims.join('\n') === this.state.claims.join('\n')
    )
      return;
    this.state = next;
    this.changes.emit(next);
  }
}

function authFailure(code: string, description: string, isCredentialError: boolean): AuthenticateResponse<unknown> {
  return { success: false, claims: [], error: { code, description, isCredentialError } };
}
