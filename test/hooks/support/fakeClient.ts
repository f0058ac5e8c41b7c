/**
 * A small in-memory stand-in for AsklessClient, for unit tests of the React layer's own logic
 * (the integration tests use the real client against the real server). Streams are shared per
 * key like the core's, without the release grace, and every 0 → 1 subscriber edge counts as one
 * LISTEN.
 */
import { AsklessError } from '../../../src/core/errors.js';
import { streamKey } from '../../../src/core/stream-key.js';
import type {
  AsklessResponse,
  AsklessStream,
  AuthenticateOptions,
  AuthenticateResponse,
  AuthenticationState,
  ConnectionState,
  ModifyOptions,
  ReadStreamOptions,
  RequestOptions,
  StreamSnapshot,
} from '../../../src/core/types.js';
import type { AsklessClientLike } from '../../../src/hooks/internal/client.js';

class FakeStreamState {
  snapshot: StreamSnapshot = { status: 'pending', data: undefined, hasData: false };
  readonly listeners = new Set<() => void>();
  listens = 0;
  constructor(readonly key: string) {}
  set(next: Partial<StreamSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...next };
    for (const l of [...this.listeners]) l();
  }
}

export class FakeClient implements AsklessClientLike {
  connection: ConnectionState = { status: 'disconnected', disconnectionReason: 'notStarted' };
  authentication: AuthenticationState = { status: 'unauthenticated', claims: [] };
  readonly calls: string[] = [];
  readonly streams = new Map<string, FakeStreamState>();
  readonly reads: RequestOptions[] = [];
  readonly writes: Array<{ op: string; options: ModifyOptions }> = [];
  readResponse: AsklessResponse = { success: true, output: null };
  private readonly connectionListeners = new Set<(s: ConnectionState) => void>();
  private readonly authListeners = new Set<(s: AuthenticationState) => void>();

  start(): void {
    this.calls.push('start');
  }
  close(): void {
    this.calls.push('close');
  }
  onConnectionChange(listener: (s: ConnectionState) => void, options?: { immediately?: boolean }): () => void {
    this.connectionListeners.add(listener);
    if (options?.immediately !== false) listener(this.connection);
    return () => this.connectionListeners.delete(listener);
  }
  onAuthenticationChange(listener: (s: AuthenticationState) => void, options?: { immediately?: boolean }): () => void {
    this.authListeners.add(listener);
    if (options?.immediately !== false) listener(this.authentication);
    return () => this.authListeners.delete(listener);
  }
  setConnection(state: ConnectionState): void {
    this.connection = state;
    for (const l of [...this.connectionListeners]) l(state);
  }
  setAuthentication(state: AuthenticationState): void {
    this.authentication = state;
    for (const l of [...this.authListeners]) l(state);
  }
  get connectionListenerCount(): number {
    return this.connectionListeners.size;
  }
  async authenticate(options: AuthenticateOptions): Promise<AuthenticateResponse> {
    this.calls.push(`authenticate:${JSON.stringify(options.credential)}`);
    this.setAuthentication({ status: 'authenticated', userId: 7, claims: ['user'] });
    return { success: true, userId: 7, claims: ['user'] };
  }
  async clearAuthentication(): Promise<void> {
    this.calls.push('clearAuthentication');
    this.setAuthentication({ status: 'unauthenticated', claims: [] });
  }
  async read<T>(options: RequestOptions): Promise<AsklessResponse<T>> {
    this.reads.push(options);
    return this.readResponse as AsklessResponse<T>;
  }
  create<T>(options: ModifyOptions): Promise<AsklessResponse<T>> {
    return this.write<T>('create', options);
  }
  update<T>(options: ModifyOptions): Promise<AsklessResponse<T>> {
    return this.write<T>('update', options);
  }
  delete<T>(options: ModifyOptions): Promise<AsklessResponse<T>> {
    return this.write<T>('delete', options);
  }
  private async write<T>(op: string, options: ModifyOptions): Promise<AsklessResponse<T>> {
    this.writes.push({ op, options });
    if ((options.body as { fail?: boolean } | undefined)?.fail) {
      return { success: false, output: undefined, error: new AsklessError('BAD_REQUEST', 'name is required') };
    }
    return { success: true, output: { op, body: options.body, params: options.params } as T };
  }

  /** The shared state of (route, params), created on first use. */
  stream(route: string, params?: Record<string, unknown> | null): FakeStreamState {
    const key = streamKey(route, params);
    let state = this.streams.get(key);
    if (!state) {
      state = new FakeStreamState(key);
      this.streams.set(key, state);
    }
    return state;
  }

  readStream<T>(options: ReadStreamOptions): AsklessStream<T> {
    const state = this.stream(options.route, options.params);
    const handle = {
      key: state.key,
      subscribe(): () => void {
        throw new Error('not used by the hooks');
      },
      subscribeSnapshot(listener: () => void): () => void {
        state.listeners.add(listener);
        if (state.listeners.size === 1) state.listens += 1;
        return () => state.listeners.delete(listener);
      },
      getSnapshot: () => state.snapshot as StreamSnapshot<T>,
      [Symbol.asyncIterator](): AsyncIterator<T> {
        throw new Error('not used by the hooks');
      },
    };
    return handle;
  }
}
