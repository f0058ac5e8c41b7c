/**
 * The part of the client core the React layer uses, as a structural type: the real
 * `AsklessClient` satisfies it, and unit tests can hand the hooks a small fake.
 */
import type {
  AsklessResponse,
  AsklessStream,
  AuthenticateOptions,
  AuthenticateResponse,
  AuthenticationState,
  ConnectionChangeOptions,
  ConnectionState,
  ModifyOptions,
  ReadStreamOptions,
  RequestOptions,
} from '../../core/types.js';
import type { CallCapableClient } from './callsTypes.js';
import type { CallManager } from '../../core/calls/manager-types.js';

/**
 * What the provider and hooks call on a client.
 * @example
 * const client: AsklessClientLike = new AsklessClient({ serverUrl: 'ws://127.0.0.1:3000' });
 */
export interface AsklessClientLike {
  readonly connection: ConnectionState;
  onConnectionChange(listener: (state: ConnectionState) => void, options?: ConnectionChangeOptions): () => void;
  readonly authentication: AuthenticationState;
  onAuthenticationChange(
    listener: (state: AuthenticationState) => void,
    options?: ConnectionChangeOptions,
  ): () => void;
  start(): void;
  close(): void;
  authenticate(options: AuthenticateOptions): Promise<AuthenticateResponse>;
  clearAuthentication(): Promise<void>;
  read<T = unknown>(options: RequestOptions): Promise<AsklessResponse<T>>;
  create<T = unknown>(options: ModifyOptions): Promise<AsklessResponse<T>>;
  update<T = unknown>(options: ModifyOptions): Promise<AsklessResponse<T>>;
  delete<T = unknown>(options: ModifyOptions): Promise<AsklessResponse<T>>;
  readStream<T = unknown>(options: ReadStreamOptions): AsklessStream<T>;
}

/**
 * What `<AsklessProvider client={...}>` accepts: the hooks' client plus, optionally, the call
 * methods (`useCall()`/`useIncomingCall()` throw a clear error without them). Structural, so a
 * fake or a wrapper needs no cast; the real `AsklessClient` satisfies it.
 * @example
 * <AsklessProvider client={new AsklessClient({ serverUrl: 'ws://127.0.0.1:3000' })}>…</AsklessProvider>
 */
export interface AsklessProviderClient extends AsklessClientLike, Partial<CallCapableClient> {
  /** The call manager (issue 15): what `useCalls`, `useCall`, `useIncomingCall` and `useMediaDevices` read. */
  readonly calls?: CallManager;
}
