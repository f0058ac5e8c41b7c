import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TapEvent } from '../../src/server/index.js';
import { startReferenceServer } from '../support/reference-app.js';
import type { Product, ReferenceServer } from '../support/reference-app.js';
import { connected, startClient } from './support/clients.js';

let app: ReferenceServer;
const taps: TapEvent[] = [];

beforeAll(async () => {
  app = await startReferenceServer({ init: { tap: (e) => taps.push(e), requestTimeoutInMs: 1500, authorizeTimeoutInMs: 300, waitForAuthenticationTimeoutInMs: 1000 } });
});
afterAll(() => app.stop());

describe('against the real server: handshake and requests', () => {
  it('performs the handshake of §2.1 and reads', async () => {
    const client = startClient(app.url);
    const res = await client.read<Product[]>({ route: 'products' });
    expect(res.success).toBe(true);
    expect(res.output?.map((p) => p.name)).toEqual(['Video Game', 'Notebook']);
    const mine = taps.filter((t) => t.connectionId === taps.find((x) => x.direction === 'in')?.connectionId);
    const order = mine.map((t) => (typeof t.frame === 'string' ? t.frame : ((t.frame as Record<string, unknown>).requestType ?? Object.keys(t.frame as object).find((k) => k.startsWith('_class_type_')))));
    expect(order.slice(0, 2)).toEqual(['welcome', 'CONFIGURE_CONNECTION']);
    expect(client.connection.status).toBe('connected');
  });

  it('creates, updates and deletes, passing app error codes through', async () => {
    const client = startClient(app.url);
    const created = await client.create<Product>({ route: 'product', body: { name: 'Lamp', price: 30 } });
    expect(created).toMatchObject({ success: true, output: { name: 'Lamp', price: 30 } });
    const id = created.output?.id;
    await expect(client.update({ route: 'product', params: { id }, body: { price: 31 } })).resolves.toMatchObject({ output: { price: 31 } });
    await expect(client.delete({ route: 'product', params: { id } })).resolves.toMatchObject({ success: true, output: { id } });
    await expect(client.delete({ route: 'product', params: { id } })).resolves.toMatchObject({ success: false, error: { code: 'NOT_FOUND' } });
    await expect(client.create({ route: 'product', body: {} })).resolves.toMatchObject({ error: { code: 'BAD_REQUEST' } });
    await expect(client.read({ route: 'custom-error' })).resolves.toMatchObject({ error: { code: 'CUSTOM_ERR' } });
    await expect(client.read({ route: 'nope' })).resolves.toMatchObject({ error: { code: 'INVALID_ROUTE' } });
    await expect(client.read({ route: 'throws' })).resolves.toMatchObject({ error: { code: 'INTERNAL_ERROR' } });
  });

  it('times out with TIMEOUT after the advertised requestTimeoutInMs', async () => {
    const client = startClient(app.url);
    await connected(client);
    const started = Date.now();
    const res = await client.read({ route: 'never-responds' });
    expect(res.error?.code).toBe('TIMEOUT');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
  });
});

describe('against the real server: authentication', () => {
  it('logs in, reads an auth-only route, and reports rejections', async () => {
    const client = startClient(app.url);
    await expect(client.authenticate({ credential: { accessToken: 'token-7' } })).resolves.toEqual({ success: true, userId: 7, claims: ['user'] });
    await expect(client.read({ route: 'my-messages' })).resolves.toEqual({ success: true, output: [] });
    await expect(client.authenticate({ credential: { accessToken: 'expired' } })).resolves.toMatchObject({
      success: false,
      error: { code: 'EXPIRED_ACCESS_TOKEN', isCredentialError: true },
    });
    await expect(client.authenticate({ credential: { accessToken: 'bogus' } })).resolves.toMatchObject({ error: { code: 'INVALID_CREDENTIAL' } });
    await expect(client.authenticate({ credential: { accessToken: 'hang' } })).resolves.toMatchObject({ error: { code: 'AUTHORIZE_TIMEOUT' } });
    await expect(client.authenticate({ credential: {} })).resolves.toEqual({ success: true, claims: [] });
  });

  it('a request answered PENDING_AUTHENTICATION completes once the user logs in', async () => {
    const client = startClient(app.url);
    await connected(client);
    const pending = client.create({ route: 'message', body: { to: 3, text: 'hi' } });
    await vi.waitFor(() => expect(taps.some((t) => t.direction === 'out' && JSON.stringify(t.frame).includes('PENDING_AUTHENTICATION'))).toBe(true));
    await client.authenticate({ credential: { accessToken: 'token-2' } });
    await expect(pending).resolves.toMatchObject({ success: true, output: { from: 2, to: 3, text: 'hi' } });
    expect(app.state.messages.filter((m) => m.text === 'hi')).toHaveLength(1);
  });

  it('clearAuthentication really logs out server-side', async () => {
    const client = startClient(app.url);
    await client.authenticate({ credential: { accessToken: 'token-3' } });
    await client.clearAuthentication();
    expect(client.authentication.status).toBe('unauthenticated');
    const res = await client.read({ route: 'my-messages' });
    expect(res.error?.code).toBe('PENDING_AUTHENTICATION');
  });
});

describe('against the real server: close()', () => {
  it('leaves no connection behind', async () => {
    await vi.waitFor(() => expect(app.server.connectionCount).toBe(0)); // earlier tests' clients
    const client = startClient(app.url);
    await connected(client);
    expect(app.server.connectionCount).toBe(1);
    client.close();
    await vi.waitFor(() => expect(app.server.connectionCount).toBe(0));
  });
});
