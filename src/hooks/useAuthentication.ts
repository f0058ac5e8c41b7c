import { useCallback, useMemo } from 'react';
import { useStore } from 'zustand';
import type { AuthenticateError, AuthenticateOptions, AuthenticateResponse, AuthenticationState, AuthenticationStatus } from '../core/types.js';
import { useAsklessContext } from './internal/context.js';

/**
 * What `useAuthentication()` returns.
 * @example
 * const { status, userId, authenticate }: UseAuthenticationResult<number> = useAuthentication<number>();
 */
export interface UseAuthenticationResult<UserId = string | number> {
  /** Logs in; never rejects: a failure is `response.error` (and `error` here). */
  authenticate(options: AuthenticateOptions): Promise<AuthenticateResponse<UserId>>;
  /** Logs out (tells the server, forgets the credential). */
  clearAuthentication(): Promise<void>;
  readonly status: AuthenticationStatus;
  readonly userId: UserId | undefined;
  readonly claims: readonly string[];
  /** Why the last login (manual or automatic) failed, if it did. */
  readonly error: AuthenticateError | undefined;
}

const selectAuthentication = (state: { authentication: AuthenticationState }): AuthenticationState =>
  state.authentication;

/**
 * Authentication state and actions of the provider's client; re-renders only on auth changes.
 * @example
 * const { status, userId, authenticate, clearAuthentication } = useAuthentication<number>();
 * if (status === 'unauthenticated') return <button onClick={() => authenticate({ credential: { accessToken } })}>Log in</button>;
 */
export function useAuthentication<UserId = string | number>(): UseAuthenticationResult<UserId> {
  const { client, store } = useAsklessContext('useAuthentication');
  const state = useStore(store, selectAuthentication);
  const authenticate = useCallback(
    (options: AuthenticateOptions) => client.authenticate(options) as Promise<AuthenticateResponse<UserId>>,
    [client],
  );
  const clearAuthentication = useCallback(() => client.clearAuthentication(), [client]);
  return useMemo(
    () => ({
      authenticate,
      clearAuthentication,
      status: state.status,
      userId: state.userId as UserId | undefined,
      claims: state.claims,
      error: state.error,
    }),
    [authenticate, clearAuthentication, state],
  );
}
