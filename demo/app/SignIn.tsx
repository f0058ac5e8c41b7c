import { useCallback, useEffect, useRef } from 'react';
import { useAuthentication } from '../../src/index.js';
import { userFromUrl } from './config.js';
import { DEMO_USERS } from './users.js';

const STORAGE_KEY = 'askless-demo-user';

/**
 * Forget the tab's demo user (sessionStorage and `?as=`), so signing out does not sign in again.
 * @example
 * forgetDemoUser();
 */
export function forgetDemoUser(): void {
  sessionStorage.removeItem(STORAGE_KEY);
  const url = new URL(location.href);
  if (url.searchParams.has('as')) {
    url.searchParams.delete('as');
    history.replaceState(null, '', url);
  }
}

/**
 * Pick a demo user. The choice is kept per tab (sessionStorage), so two tabs can be two users and
 * a reload signs the tab in again; `?as=bob` preselects.
 * @example
 * <SignIn />
 */
export function SignIn() {
  const { authenticate, status, error } = useAuthentication();
  const autoTried = useRef(false);

  const signIn = useCallback(
    (id: string) => {
      sessionStorage.setItem(STORAGE_KEY, id);
      void authenticate({ credential: { demoUser: id } });
    },
    [authenticate],
  );

  useEffect(() => {
    // Once per mount, not once per StrictMode effect pass (the ref survives the replay).
    if (autoTried.current) return;
    autoTried.current = true;
    const remembered = userFromUrl() ?? sessionStorage.getItem(STORAGE_KEY);
    if (remembered && DEMO_USERS.some((u) => u.id === remembered)) signIn(remembered);
  }, [signIn]);

  return (
    <section className="signin" aria-labelledby="signin-title">
      <h2 id="signin-title">Sign in as</h2>
      <p>Open a second tab and pick another user to chat and call between them.</p>
      <div className="signin-users">
        {DEMO_USERS.map((u) => (
          <button
            key={u.id}
            type="button"
            className="user-button"
            disabled={status === 'authenticating'}
            onClick={() => signIn(u.id)}
          >
            <span className="avatar" style={{ background: `hsl(${u.hue} 60% 45%)` }} aria-hidden="true">
              {u.name[0]}
            </span>
            {u.name}
          </button>
        ))}
      </div>
      {status === 'authenticating' && <p role="status">Signing in…</p>}
      {error && (
        <p role="alert" className="error">
          Sign-in failed: {error.description} ({error.code})
        </p>
      )}
    </section>
  );
}
