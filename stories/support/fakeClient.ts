/**
 * An in-memory stand-in for `AsklessClient` that stories hand to `<AsklessProvider client={…}>`:
 * no socket, no timers, every state set by the story. Components are the thing under test here;
 * the real client is tested against the real server elsewhere.
 */
import { AsklessError, ClientErrorCode } from '../../src/core/errors.js';
import type {
  AsklessResponse,
  AsklessStream,
  AuthenticateOptions,
  AuthenticateResponse,
  AuthenticationState,
  ConnectionChangeOptions,
  ConnectionState,
  ReadStreamOptions,
  StreamSnapshot,
} from '../../src/core/types.js';
import type { AsklessClientLike } from '../../src/hooks/internal/client.js';
import type { CallManager } from '../../src/core/calls/manager-types.js';
import { FakeCallClient } from '../../test/components/support/fakeCallClient.js';

type Listener<T> = (value: T) => void;

function emit<T>(listeners: Set<Listener<T>>, value: T): void {
  for (const listener of [...listeners]) listener(value);
}

const PENDING: StreamSnapshot<never> = { status: 'pending', data: undefined, hasData: false };

/** A stream that stays `pending`: stories never wait for data that cannot come. */
function pendingStream<T>(key: string): AsklessStream<T> {
  return {
    key,
    subscribe: () => () => {},
    subscribeSnapshot: () => () => {},
    getSnapshot: () => PENDING,
    async *[Symbol.asyncIterator]() {
      // Never yields: nothing will ever arrive from a fake server.
    },
  };
}

/**
 * A scriptable fake client: `setConnection(...)` and `setAuthentication(...)` drive the UI;
 * `phone` scripts the calls (the other side and the server) through the real call manager.
 * @example
 * const client = new FakeAsklessClient({ status: 'inProgress' });
 * <AsklessProvider client={client}><ConnectionIndicator /></AsklessProvider>
 * client.setConnection({ status: 'connected' });
 */
export class FakeAsklessClient implements AsklessClientLike {
  private connectionState: ConnectionState;
  private authenticationState: AuthenticationState = { status: 'unauthenticated', claims: [] };
  private readonly connectionListeners = new Set<Listener<ConnectionState>>();
  private readonly authenticationListeners = new Set<Listener<AuthenticationState>>();
  /** The real call manager over a scriptable fake server: `phone.requests`, `phone.ring(...)`. */
  readonly phone = new FakeCallClient();
  /** `client.calls`: the real manager over `phone`, unless a story hands in its own (a seeded `FakeCallManager`). */
  readonly calls: CallManager;

  constructor(connection: ConnectionState = { status: 'connected' }, calls?: CallManager) {
    this.calls = calls ?? this.phone.calls;
    this.connectionState = connection;
  }

  get connection(): ConnectionState {
    return this.connectionState;
  }

  get authentication(): AuthenticationState {
    return this.authenticationState;
  }

  setConnection(state: ConnectionState): void {
    this.connectionState = state;
    emit(this.connectionListeners, state);
  }

  setAuthentication(state: AuthenticationState): void {
    this.authenticationState = state;
    emit(this.authenticationListeners, state);
  }

  onConnectionChange(listener: Listener<ConnectionState>, { immediately = true }: ConnectionChangeOptions = {}): () => void {
    this.connectionListeners.add(listener);
    if (immediately) listener(this.connectionState);
    return () => this.connectionListeners.delete(listener);
  }

  onAuthenticationChange(listener: Listener<AuthenticationState>, { immediately = true }: ConnectionChangeOptions = {}): () => void {
    this.authenticationListeners.add(listener);
    if (immediately) listener(this.authenticationState);
    return () => this.authenticationListeners.delete(listener);
  }

  start(): void {}
  close(): void {}

  async authenticate({ credential }: AuthenticateOptions): Promise<AuthenticateResponse> {
    const userId = typeof credential === 'string' || typeof credential === 'number' ? credential : 'me';
    this.setAuthentication({ status: 'authenticated', userId, claims: [] });
    return { success: true, userId, claims: [] };
  }

  async clearAuthentication(): Promise<void> {
    this.setAuthentication({ status: 'unauthenticated', claims: [] });
  }

  private offline<T>(): Promise<AsklessResponse<T>> {
    return Promise.resolve({
      success: false,
      output: undefined,
      error: new AsklessError(ClientErrorCode.NO_CONNECTION, 'This story has no server'),
    });
  }

  read<T>(): Promise<AsklessResponse<T>> {
    return this.offline<T>();
  }
  create<T>(): Promise<AsklessResponse<T>> {
    return this.offline<T>();
  }
  update<T>(): Promise<AsklessResponse<T>> {
    return this.offline<T>();
  }
  delete<T>(): Promise<AsklessResponse<T>> {
    return this.offline<T>();
  }
  readStream<T>({ route }: ReadStreamOptions): AsklessStream<T> {
    return pendingStream<T>(route);
  }
  /** No wire here, so no frames: the tap never fires. */
  tapFrames(): () => void {
    return () => undefined;
  }
}
