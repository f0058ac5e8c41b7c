/**
 * The client's inspection API against the real server: `inspect()` reports the connection (with
 * its timeline), streams and pending requests; `tapFrames` sees frames both ways and is
 * installed on the socket only while a listener is attached; nothing reported ever holds the
 * credential.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TappedFrame } from '../../src/core/index.js';
import { frameForDisplay, redact } from '../../src/devtools.js';
import { DevtoolsStore, summarize } from '../../src/core/devtools-store.js';
import { startReferenceServer, type ReferenceServer } from '../support/reference-app.js';
import { connected, startClient } from './support/clients.js';

let app: ReferenceServer;
beforeAll(async () => {
  app = await startReferenceServer();
});
afterAll(() => app.stop());

const socketTap = (client: object) => (client as { conn: { tap: unknown } }).conn.tap;

describe('redact', () => {
  it('hides credentials and tokens at any depth, cuts SDP and long strings, shortens the client id', () => {
    const shown = redact({
      credential: { accessToken: 'a' },
      nested: [{ refreshToken: 'b', password: 'c', Authorization: 'Bearer d', name: 'ok' }],
      sdp: 'v=0\r\n'.repeat(100),
      clientIdInternalApp: 'q3ZtV9aLm2Xc8RbK1uYw0PsE7dHf',
      text: 'x'.repeat(600),
    }) as Record<string, unknown>;
    expect(shown['credential']).toBe('[redacted]');
    expect(shown['nested']).toEqual([{ refreshToken: '[redacted]', password: '[redacted]', Authorization: '[redacted]', name: 'ok' }]);
    expect(shown['sdp']).toBe('[500 chars]');
    expect(shown['clientIdInternalApp']).toBe('q3Zt…');
    expect(String(shown['text'])).toMatch(/^x{500}… \(600 chars\)$/);
    expect(frameForDisplay('{"credential":"t","route":"r"}')).toEqual({ credential: '[redacted]', route: 'r' });
    expect(frameForDisplay('pong')).toBe('pong');
    expect(summarize({ _class_type_read: '_', requestType: 'READ', route: 'products' })).toBe('READ products');
  });
});

describe('client.inspect() and tapFrames() on the real server', () => {
  it('taps frames both ways only while a listener is attached', async () => {
    const client = startClient(app.url);
    await connected(client);
    expect(socketTap(client)).toBeUndefined();
    const frames: TappedFrame[] = [];
    const off = client.tapFrames((f) => frames.push(f));
    expect(socketTap(client)).toBeTypeOf('function');
    await client.read({ route: 'products' });
    expect(frames.some((f) => f.direction === 'out' && summarize(f.frame) === 'READ products')).toBe(true);
    expect(frames.some((f) => f.direction === 'in' && summarize(frameForDisplay(f.frame)).startsWith('response '))).toBe(true);
    off();
    expect(socketTap(client)).toBeUndefined();
    const count = frames.length;
    await client.read({ route: 'products' });
    expect(frames).toHaveLength(count);
  });

  it('reports connection timeline, streams, pending requests and the user, never the credential (it is not kept)', async () => {
    const client = startClient(app.url);
    await client.authenticate({ credential: { accessToken: 'token-8' } });
    const off = client.readStream({ route: 'products', params: { nameContains: 'o' } }).subscribe(() => undefined);
    await vi.waitFor(() => expect(client.inspect().streams[0]?.hasValue).toBe(true));
    const slow = client.read({ route: 'never-responds' });
    await vi.waitFor(() => expect(client.inspect().requests[0]?.state).toBe('confirmed'));
    const snapshot = client.inspect();
    expect(snapshot.connection).toMatchObject({ status: 'connected', serverVersion: '2.0.3', extension: { progress: true, cancel: true } });
    expect(snapshot.connection.timeline.map((e) => e.status)).toEqual(['inProgress', 'connected']);
    expect(snapshot.authentication).toEqual({ status: 'authenticated', userId: 8, claims: ['user'] });
    expect(snapshot.streams).toEqual([
      expect.objectContaining({ route: 'products', params: { nameContains: 'o' }, subscribers: 1, status: 'live', state: 'listening', hasValue: true }),
    ]);
    const [request] = snapshot.requests;
    expect(request).toMatchObject({ label: 'READ never-responds', kind: 'read', state: 'confirmed', attempts: 1 });
    // The timeout is armed at submit, just before the send: within a few ms of 7 s after it.
    expect(request!.deadline! - request!.sentAt).toBeGreaterThan(6900);
    expect(request!.deadline! - request!.sentAt).toBeLessThanOrEqual(7000);
    expect(JSON.stringify(snapshot)).not.toContain('token-8');
    off();
    client.close();
    await slow;
    expect(client.inspect().connection.timeline.at(-1)).toMatchObject({ status: 'disconnected', reason: 'closedByClient' });
  });

  it('DevtoolsStore records redacted frames and counts pushes per stream while subscribed', async () => {
    const client = startClient(app.url);
    const store = new DevtoolsStore(client, { maxFrames: 500 });
    const small = new DevtoolsStore(client, { maxFrames: 3 });
    const off = store.subscribe(() => undefined);
    const offSmall = small.subscribe(() => undefined);
    const values: unknown[] = [];
    const offStream = client.readStream({ route: 'counter' }).subscribe((v) => values.push(v));
    await vi.waitFor(() => expect(values.length).toBeGreaterThanOrEqual(3));
    await client.authenticate({ credential: { accessToken: 'token-9' } });
    await vi.waitFor(() => {
      const { frames, pushes, inspection } = store.getSnapshot();
      expect(frames.some((f) => f.summary === 'AUTHENTICATE')).toBe(true);
      expect(pushes[inspection.streams[0]!.listenId]!.count).toBeGreaterThanOrEqual(3);
    });
    const login = store.getSnapshot().frames.find((f) => f.summary === 'AUTHENTICATE')!;
    expect(JSON.parse(login.text)).toMatchObject({ credential: '[redacted]' });
    expect(JSON.stringify(store.getSnapshot())).not.toContain('token-9');
    expect(small.getSnapshot().frames).toHaveLength(3);
    off();
    offSmall();
    offStream();
    expect(socketTap(client)).toBeUndefined();
  });
});

describe('optional inspection sources', () => {
  it('adds registered sources and services offering getSnapshot() (calls, transfers) to extras; the devtools redact them', () => {
    const client = startClient(app.url);
    const remove = client.addInspectionSource('uploads', () => [{ name: 'a.png', token: 'upload-secret' }]);
    Object.defineProperty(client, 'files', { value: { getSnapshot: () => ({ transfers: 1 }) }, configurable: true });
    expect(client.inspect().extras).toMatchObject({ uploads: [{ name: 'a.png', token: 'upload-secret' }], files: { transfers: 1 } });
    expect(new DevtoolsStore(client).getSnapshot().inspection.extras).toMatchObject({ uploads: [{ name: 'a.png', token: '[redacted]' }], files: { transfers: 1 } });
    remove();
    expect(client.inspect().extras).not.toHaveProperty('uploads');
    expect(client.inspect().extras).toHaveProperty('files', { transfers: 1 });
  });
});
