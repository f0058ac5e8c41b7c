import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AsklessClient } from '../../src/core/index.js';
import type { AuthenticationState } from '../../src/core/index.js';
import { FakeSocketFactory } from './support/fake-socket.js';
import { RESUME, authResponseFrame, confirmFrame, handshake, lastSent, pushFrame, responseFrame, work } from './support/script.js';

const AUTH = '_class_type_authenticaterequest';
const READ = '_class_type_read';
const MODIFY = '_class_type_modify';
const PING = '_class_type_pingpong';

let factory: FakeSocketFactory;
let client: AsklessClient<number>;
let reauthFailures: string[];

beforeEach(() => {
  vi.useFakeTimers();
  factory = new FakeSocketFactory();
  reauthFailures = [];
  client = new AsklessClient<number>({
    serverUrl: 'ws://127.0.0.1:1',
    WebSocket: factory.WebSocket,
    onAutoReauthenticationFails: (code) => reauthFailures.push(code),
  });
  client.start();
});
afterEach(() => {
  client.close();
  vi.useRealTimers();
});

/** Log in as user 1 on the current socket. */
async function login(): Promise<void> {
  const pending = client.authenticate({ credential: { accessToken: 'token-1' } });
  factory.last.deliver(authResponseFrame(lastSent(factory.last, AUTH).clientRequestId as string, { userId: 1, claims: ['user'] }));
  await expect(pending).resolves.toEqual({ success: true, userId: 1, claims: ['user'] });
}

function reconnect(config: Record<string, unknown> = {}): void {
  factory.last.drop();
  vi.advanceTimersByTime(250);
  handshake(factory.last, config);
}

describe('authenticate', () => {
  it('sends the credential and exposes the user', async () => {
    handshake(factory.last);
    const states: AuthenticationState<number>[] = [];
    client.onAuthenticationChange((s) => states.push(s));
    await login();
    expect(lastSent(factory.last, AUTH)).toMatchObject({ credential: { accessToken: 'token-1' }, clientType: 'flutter' });
    expect(client.userId).toBe(1);
    expect(client.authentication).toEqual({ status: 'authenticated', userId: 1, claims: ['user'] });
    expect(states.map((s) => s.status)).toEqual(['unauthenticated', 'authenticating', 'authenticated']);
  });

  it('reports a rejection as a credential error and keeps the socket usable', async () => {
    handshake(factory.last);
    const pending = client.authenticate({ credential: { accessToken: 'expired' } });
    factory.last.deliver(
      authResponseFrame(lastSent(factory.last, AUTH).clientRequestId as string, { credentialErrorCode: 'EXPIRED_ACCESS_TOKEN' }, {
        code: 'EXPIRED_ACCESS_TOKEN',
        description: 'The authentication was rejected: undefined',
      }),
    );
    await expect(pending).resolves.toMatchObject({ success: false, error: { code: 'EXPIRED_ACCESS_TOKEN', isCredentialError: true } });
    expect(client.authentication.status).toBe('unauthenticated');
  });

  it('accepts an unauthenticated success ({}) without a user', async () => {
    handshake(factory.last);
    const pending = client.authenticate({ credential: {} });
    factory.last.deliver(authResponseFrame(lastSent(factory.last, AUTH).clientRequestId as string, {}));
    await expect(pending).resolves.toEqual({ success: true, claims: [] });
    expect(client.userId).toBeUndefined();
  });

  it('refuses a second concurrent login with CONFLICT', async () => {
    handshake(factory.last);
    void client.authenticate({ credential: { accessToken: 'token-1' } });
    await expect(client.authenticate({ credential: { accessToken: 'token-2' } })).resolves.toMatchObject({ error: { code: 'CONFLICT' } });
  });

  it('waits for the connection, bounded by the request timeout unless neverTimeout', async () => {
    const bounded = client.authenticate({ credential: { accessToken: 'token-1' } });
    vi.advanceTimersByTime(7000);
    await expect(bounded).resolves.toMatchObject({ success: false, error: { code: 'NO_CONNECTION' } });
    const patient = client.authenticate({ credential: { accessToken: 'token-1' }, neverTimeout: true });
    vi.advanceTimersByTime(30_000);
    // The server shows up: wait for the client's next connection attempt, then answer it.
    const attempts = factory.sockets.length;
    while (factory.sockets.length === attempts) vi.advanceTimersByTime(10);
    handshake(factory.last);
    factory.last.deliver(authResponseFrame(lastSent(factory.last, AUTH).clientRequestId as string, { userId: 1, claims: [] }));
    await expect(patient).resolves.toMatchObject({ success: true, userId: 1 });
  });
});

describe('automatic re-login on reconnect (§2.1 step 7, §5.5)', () => {
  it('re-authenticates before anything else and lists no stream until it finished', async () => {
    handshake(factory.last);
    await login();
    client.readStream({ route: 'my-messages' }).subscribe(() => undefined);
    const listen = lastSent(factory.last, '_class_type_listen');
    factory.last.deliver(responseFrame(listen.clientRequestId as string, listen.listenId));
    factory.last.drop();
    void client.read({ route: 'products' });
    vi.advanceTimersByTime(250);
    handshake(factory.last);
    const socket = factory.last;
    expect(work(socket).map((f) => f.requestType)).toEqual(['CONFIGURE_CONNECTION', 'AUTHENTICATE']);
    vi.advanceTimersByTime(2000);
    expect(socket.sentWith(PING).every((p) => (p.listeningToRoutes as unknown[]).length === 0)).toBe(true);
    socket.deliver(confirmFrame(lastSent(socket, AUTH).clientRequestId as string));
    socket.deliver(authResponseFrame(lastSent(socket, AUTH).clientRequestId as string, { userId: 1, claims: ['user'] }));
    expect(work(socket).map((f) => f.requestType)).toEqual(['CONFIGURE_CONNECTION', 'AUTHENTICATE', 'READ']);
    expect(lastSent(socket, PING).listeningToRoutes).toMatchObject([{ route: 'my-messages' }]);
  });

  it('calls onAutoReauthenticationFails exactly once per rejected re-login, even with copies', async () => {
    handshake(factory.last);
    await login();
    reconnect();
    const reply = authResponseFrame(lastSent(factory.last, AUTH).clientRequestId as string, { credentialErrorCode: 'EXPIRED_ACCESS_TOKEN' }, {
      code: 'EXPIRED_ACCESS_TOKEN',
      description: 'x',
    });
    factory.last.deliver(reply);
    factory.last.deliver(reply); // a server resend of the same message
    for (let i = 0; i < 10; i++) {
      vi.advanceTimersByTime(1000);
      factory.last.deliver('pong');
    }
    expect(factory.sockets).toHaveLength(2);
    expect(reauthFailures).toEqual(['EXPIRED_ACCESS_TOKEN']);
    expect(client.authentication).toMatchObject({ status: 'unauthenticated', error: { code: 'EXPIRED_ACCESS_TOKEN' } });
    reconnect();
    expect(factory.last.sentWith(AUTH)).toHaveLength(0); // the rejected credential is not replayed
    expect(reauthFailures).toHaveLength(1);
  });

  it('retries a re-login that timed out server-side (AUTHORIZE_TIMEOUT) instead of giving up', async () => {
    handshake(factory.last);
    await login();
    reconnect();
    factory.last.deliver(
      authResponseFrame(lastSent(factory.last, AUTH).clientRequestId as string, { credentialErrorCode: 'INVALID_CREDENTIAL' }, {
        code: 'AUTHORIZE_TIMEOUT',
        description: "The server didn't authorize (TIMEOUT)",
      }),
    );
    expect(reauthFailures).toEqual([]);
    vi.advanceTimersByTime(1000);
    expect(factory.last.sentWith(AUTH)).toHaveLength(2);
    factory.last.deliver(authResponseFrame(lastSent(factory.last, AUTH).clientRequestId as string, { userId: 1, claims: [] }));
    expect(client.authentication.status).toBe('authenticated');
  });
});

describe('PENDING_AUTHENTICATION (§5.5)', () => {
  it('waits for a login, then resends with a new id', async () => {
    handshake(factory.last);
    const pending = client.create({ route: 'message', body: { to: 2, text: 'hi' } });
    const first = lastSent(factory.last, MODIFY).clientRequestId as string;
    factory.last.deliver(responseFrame(first, null, { code: 'PENDING_AUTHENTICATION', description: 'login first' }));
    await login();
    const again = lastSent(factory.last, MODIFY);
    expect(again.clientRequestId).not.toBe(first);
    factory.last.deliver(responseFrame(again.clientRequestId as string, { id: 1 }));
    await expect(pending).resolves.toEqual({ success: true, output: { id: 1 } });
  });

  // The server's handlers are async: a LISTEN or write sent just before AUTHENTICATE can be
  // answered PENDING_AUTHENTICATION *after* the login's answer (seen with our server whenever
  // both frames arrive in one read). Waiting for a login that already happened left the stream
  // `waitingAuth` for good (the incoming-call listener of a page never rang).
  it('a LISTEN answered PENDING_AUTHENTICATION after the login succeeded LISTENs again at once', async () => {
    handshake(factory.last);
    const values: unknown[] = [];
    client.readStream({ route: 'my-messages' }).subscribe((v) => values.push(v));
    const first = lastSent(factory.last, '_class_type_listen');
    await login();
    factory.last.deliver(responseFrame(first.clientRequestId as string, null, { code: 'PENDING_AUTHENTICATION', description: 'login first' }));
    const again = lastSent(factory.last, '_class_type_listen');
    expect(again.clientRequestId).not.toBe(first.clientRequestId);
    expect(again.listenId).toBe(first.listenId);
    factory.last.deliver(responseFrame(again.clientRequestId as string, again.listenId));
    factory.last.deliver(pushFrame(again.listenId as string, ['hello']));
    expect(values).toEqual([['hello']]);
  });

  it('a LISTEN answered PENDING_AUTHENTICATION with no login since it was sent still waits for one', async () => {
    handshake(factory.last);
    await login();
    client.readStream({ route: 'my-messages' }).subscribe(() => undefined);
    const first = lastSent(factory.last, '_class_type_listen');
    // Authenticated all along, yet refused (the server lost our login): no resend loop.
    factory.last.deliver(responseFrame(first.clientRequestId as string, null, { code: 'PENDING_AUTHENTICATION' }));
    expect(factory.last.sentWith('_class_type_listen')).toHaveLength(1);
    expect(client.inspect().streams[0]).toMatchObject({ state: 'waitingAuth' });
  });

  it('a write answered PENDING_AUTHENTICATION after the login succeeded goes again at once', async () => {
    handshake(factory.last, { waitForAuthenticationTimeoutInMs: 2000 });
    const pending = client.create({ route: 'message', body: { text: 'hi' } });
    const first = lastSent(factory.last, MODIFY).clientRequestId as string;
    await login();
    factory.last.deliver(responseFrame(first, null, { code: 'PENDING_AUTHENTICATION', description: 'login first' }));
    const again = lastSent(factory.last, MODIFY).clientRequestId as string;
    expect(again).not.toBe(first);
    factory.last.deliver(responseFrame(again, { id: 1 }));
    await expect(pending).resolves.toEqual({ success: true, output: { id: 1 } });
  });

  it('gives up after waitForAuthenticationTimeoutInMs', async () => {
    handshake(factory.last, { waitForAuthenticationTimeoutInMs: 2000 });
    const pending = client.read({ route: 'my-messages' });
    factory.last.deliver(responseFrame(lastSent(factory.last, READ).clientRequestId as string, null, { code: 'PENDING_AUTHENTICATION', description: 'x' }));
    vi.advanceTimersByTime(2000);
    await expect(pending).resolves.toMatchObject({ success: false, error: { code: 'PENDING_AUTHENTICATION' } });
  });

  it('clearAuthentication fails non-persevere waiters at once and keeps persevere ones', async () => {
    handshake(factory.last);
    const plain = client.read({ route: 'a', neverTimeout: true });
    factory.last.deliver(responseFrame(lastSent(factory.last, READ).clientRequestId as string, null, { code: 'PENDING_AUTHENTICATION' }));
    const persevering = client.read({ route: 'b', neverTimeout: true, persevere: true });
    factory.last.deliver(responseFrame(lastSent(factory.last, READ).clientRequestId as string, null, { code: 'PENDING_AUTHENTICATION' }));
    await client.clearAuthentication();
    await expect(plain).resolves.toMatchObject({ error: { code: 'PENDING_AUTHENTICATION' } });
    await login();
    const resent = lastSent(factory.last, READ);
    expect(resent.route).toBe('b');
    factory.last.deliver(responseFrame(resent.clientRequestId as string, 'ok'));
    await expect(persevering).resolves.toEqual({ success: true, output: 'ok' });
  });
});

describe('clearAuthentication (§5.5, Q6)', () => {
  it('sends the logout route, then reconnects with a fresh id against a 2.0.3 server', async () => {
    const firstId = handshake(factory.last);
    await login();
    const done = client.clearAuthentication();
    const logout = lastSent(factory.last, MODIFY);
    expect(logout).toMatchObject({ requestType: 'DELETE', route: 'askless-internal/authentication', body: {}, params: null });
    expect(client.authentication.status).toBe('unauthenticated');
    factory.last.deliver(responseFrame(logout.clientRequestId as string, { result: 'OK' }));
    await done;
    expect(factory.sockets).toHaveLength(2);
    const secondId = handshake(factory.last);
    expect(secondId).not.toBe(firstId);
    expect(factory.last.sentWith(AUTH)).toHaveLength(0);
  });

  it('does not reconnect when the server advertises the resume extension (its logout works)', async () => {
    handshake(factory.last, { asklessReact: RESUME });
    await login();
    const done = client.clearAuthentication();
    factory.last.deliver(responseFrame(lastSent(factory.last, MODIFY).clientRequestId as string, { result: 'OK' }));
    await done;
    expect(factory.sockets).toHaveLength(1);
    expect(client.userId).toBeUndefined();
  });

  it('sends nothing when nobody is logged in', async () => {
    handshake(factory.last);
    await client.clearAuthentication();
    expect(factory.last.sentWith(MODIFY)).toHaveLength(0);
  });
});

describe('a login that never gets an answer', () => {
  it('does not keep the re-login gate shut: other requests go out after its timeout', async () => {
    handshake(factory.last, { requestTimeoutInMs: 2000 });
    factory.last.drop();
    const login = client.authenticate({ credential: { accessToken: 'hang' } });
    vi.advanceTimersByTime(250);
    handshake(factory.last, { requestTimeoutInMs: 2000 });
    expect(factory.last.sentWith(AUTH)).toHaveLength(1); // the pending login goes first
    void client.read({ route: 'products' });
    expect(factory.last.sentWith(READ)).toHaveLength(0);
    vi.advanceTimersByTime(1000);
    factory.last.deliver('pong');
    vi.advanceTimersByTime(1000);
    await expect(login).resolves.toMatchObject({ success: false, error: { code: 'TIMEOUT' } });
    expect(factory.last.sentWith(READ)).toHaveLength(1);
  });
});
