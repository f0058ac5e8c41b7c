/**
 * The server's limits and its distrust of clients: oversized files, quotas, `canSend`, names
 * that look like paths, a corrupted copy (integrity failure on both sides), malformed or
 * foreign requests, and expiry of stored files.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { WireClient } from '../support/wire-client.js';
import { FileRoute } from '../../src/core/files/wire.js';
import { FsFileStore } from '../../src/server/index.js';
import { cleanup, fileClient, nextOffer, randomFile, sha256, startFileApp, type FileApp } from './helpers.js';

const apps: FileApp[] = [];
afterEach(async () => {
  cleanup();
  for (const app of apps.splice(0)) await app.stop();
});
async function app(...args: Parameters<typeof startFileApp>): Promise<FileApp> {
  const started = await startFileApp(...args);
  apps.push(started);
  return started;
}
const id = () => 'T' + Math.random().toString(36).slice(2).replace(/[^a-z0-9]/g, '').padEnd(20, 'x');

describe('limits', () => {
  it('refuses a file over maxFileBytes with FILE_TOO_LARGE', async () => {
    const a = await app({ maxFileBytes: 1000 });
    const alice = await fileClient(a.url, 1);
    const final = await alice.files.send({ toUserId: 2, file: new Uint8Array(1001) }).done();
    expect(final.state).toBe('failed');
    expect(final.error?.code).toBe('FILE_TOO_LARGE');
    expect(a.files.transferCount).toBe(0);
  });

  it('refuses a transfer that would pass maxStoredBytesPerUser with FILE_QUOTA_EXCEEDED, and frees the quota when one ends', async () => {
    const a = await app({ maxStoredBytesPerUser: 1000 });
    const alice = await fileClient(a.url, 1);
    const first = alice.files.send({ toUserId: 2, file: new Uint8Array(600) });
    await vi.waitFor(() => expect(first.getSnapshot().state).toBe('waiting'), { timeout: 10_000 });
    const second = await alice.files.send({ toUserId: 3, file: new Uint8Array(600) }).done();
    expect(second.error?.code).toBe('FILE_QUOTA_EXCEEDED');
    expect(a.files.reservedBytes(1)).toBe(600);
    first.cancel();
    await vi.waitFor(() => expect(a.files.reservedBytes(1)).toBe(0), { timeout: 10_000 });
    const third = alice.files.send({ toUserId: 3, file: new Uint8Array(600) });
    await vi.waitFor(() => expect(third.getSnapshot().state).toBe('waiting'), { timeout: 10_000 });
  });

  it('refuses what canSend refuses with PERMISSION_DENIED, and passes it the context and receiver', async () => {
    const asked: unknown[] = [];
    const a = await app({ canSend: (ctx, to) => (asked.push([ctx.userId, to]), to !== 3) });
    const alice = await fileClient(a.url, 1);
    const refused = await alice.files.send({ toUserId: 3, file: new Blob(['x']) }).done();
    expect(refused.error?.code).toBe('PERMISSION_DENIED');
    const allowed = alice.files.send({ toUserId: 2, file: new Blob(['x']) });
    await vi.waitFor(() => expect(allowed.getSnapshot().state).toBe('waiting'), { timeout: 10_000 });
    expect(asked).toEqual([
      [1, 3],
      [1, 2],
    ]);
  });

  it('keeps a path-like name out of every path: the store holds only <id>.part files', async () => {
    const a = await app();
    const alice = await fileClient(a.url, 1);
    const evil = '../../etc/passwd';
    const sending = alice.files.send({ toUserId: 2, file: new Blob(['root:x:0:0']), name: evil });
    await vi.waitFor(() => expect(sending.getSnapshot().bytesTransferred).toBe(10), { timeout: 10_000 });
    expect(readdirSync(a.dir)).toEqual([`${sending.id}.part`]);
    expect(existsSync(join(dirname(a.dir), 'etc'))).toBe(false);
    const bob = await fileClient(a.url, 2);
    const offer = await nextOffer(bob);
    expect(offer.name).toBe(evil); // shown as sent, never used as a path
    const got = await offer.accept().done();
    expect(await got.blob!.text()).toBe('root:x:0:0');
    // Ids are the only names, and the store checks them too.
    expect(() => new FsFileStore(a.dir).pathOf('../../etc/passwd')).toThrow(/invalid transfer id/);
    const raw = await alice.create({ route: FileRoute.offer, body: { id: '../../etc/passwd', toUserId: 2, name: 'x', size: 1 } });
    expect(raw.error?.code).toBe('BAD_REQUEST');
  });
});

describe('integrity', () => {
  it('fails both sides with FILE_INTEGRITY when the stored copy is corrupted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'askless-corrupt-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const store = new FsFileStore(dir);
    const corrupting = {
      create: (i: string) => store.create(i),
      append: (i: string, bytes: Uint8Array) => store.append(i, bytes),
      delete: (i: string) => store.delete(i),
      close: () => store.close(),
      read: async (i: string, offset: number, length: number) => {
        const bytes = await store.read(i, offset, length);
        if (offset === 0) bytes[100] = (bytes[100]! + 1) % 256; // one flipped byte in the first chunk
        return bytes;
      },
    };
    // Without the memory relay, the online receiver's bytes are read back from this store.
    const a = await app({ store: corrupting, relayMemoryBytes: 0 });
    const alice = await fileClient(a.url, 1);
    const bob = await fileClient(a.url, 2);
    const offered = nextOffer(bob);
    await new Promise<void>((r) => bob.files.subscribeTransfers(r));
    const sending = alice.files.send({ toUserId: 2, file: new Blob([randomFile(300_000).bytes]) });
    const receiving = (await offered).accept();
    const [sent, got] = await Promise.all([sending.done(), receiving.done()]);
    expect(got.state).toBe('failed');
    expect(got.error?.code).toBe('FILE_INTEGRITY');
    expect(got.blob).toBeUndefined();
    expect(sent.state).toBe('failed');
    expect(sent.error?.code).toBe('FILE_INTEGRITY');
  });
});

describe('memory relay', () => {
  it('serves an online receiver from the uploaded text, never from the store, and holds nothing afterwards', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'askless-relay-mem-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const store = new FsFileStore(dir);
    let reads = 0;
    const counting = {
      create: (i: string) => store.create(i),
      append: (i: string, bytes: Uint8Array) => store.append(i, bytes),
      delete: (i: string) => store.delete(i),
      close: () => store.close(),
      read: (i: string, offset: number, length: number) => (reads++, store.read(i, offset, length)),
    };
    const a = await app({ store: counting });
    const alice = await fileClient(a.url, 1);
    const bob = await fileClient(a.url, 2);
    const offered = nextOffer(bob);
    await new Promise<void>((r) => bob.files.subscribeTransfers(r));
    const file = randomFile(1_000_000);
    const sending = alice.files.send({ toUserId: 2, file: new Blob([file.bytes]) });
    const receiving = (await offered).accept();
    const [sent, got] = await Promise.all([sending.done(), receiving.done()]);
    expect([sent.state, got.state]).toEqual(['completed', 'completed']);
    expect(sha256(new Uint8Array(await got.blob!.arrayBuffer()))).toBe(file.sha256);
    expect(reads).toBe(0);
    expect(a.files.relayMemoryBytes).toBe(0);
  });

  it('keeps nothing in memory for a stored transfer: its receiver reads from the store', async () => {
    const a = await app({});
    const alice = await fileClient(a.url, 1);
    const file = randomFile(300_000);
    const sending = alice.files.send({ toUserId: 2, file: new Blob([file.bytes]) });
    await new Promise<void>((resolve) => {
      const off = sending.subscribe(() => sending.getSnapshot().bytesTransferred === file.bytes.length && (off(), resolve()));
    });
    expect(a.files.relayMemoryBytes).toBe(0);
    const bob = await fileClient(a.url, 2);
    const got = await (await nextOffer(bob)).accept().done();
    expect(got.state).toBe('completed');
    expect(sha256(new Uint8Array(await got.blob!.arrayBuffer()))).toBe(file.sha256);
  });
});

describe('hostile requests', () => {
  it('answers malformed and foreign requests with clear errors and stays up', async () => {
    const a = await app({ maxChunkBytes: 1024 });
    const alice = await fileClient(a.url, 1);
    const mallory = await fileClient(a.url, 3);
    const sending = alice.files.send({ toUserId: 2, file: new Uint8Array(5000) });
    await vi.waitFor(() => expect(sending.getSnapshot().state).toBe('waiting'), { timeout: 10_000 });
    const tid = sending.id;
    const codeOf = async (p: Promise<{ error?: { code: string } }>) => (await p).error?.code;
    expect(await codeOf(mallory.create({ route: FileRoute.accept, body: { id: tid } }))).toBe('FILE_NOT_FOUND');
    expect(await codeOf(mallory.read({ route: FileRoute.download, params: { id: tid, offset: 0 } }))).toBe('FILE_NOT_FOUND');
    expect(await codeOf(mallory.create({ route: FileRoute.cancel, body: { id: tid } }))).toBe('FILE_NOT_FOUND');
    expect(await codeOf(alice.create({ route: FileRoute.upload, body: { id: tid, offset: 0, data: 'not base64!' } }))).toBe('BAD_REQUEST');
    expect(await codeOf(alice.create({ route: FileRoute.upload, body: { id: tid, offset: 0, data: Buffer.alloc(2048).toString('base64') } }))).toBe('BAD_REQUEST');
    expect(await codeOf(alice.create({ route: FileRoute.upload, body: { id: tid, offset: 4999, data: 'AAAA' } }))).toBe('BAD_REQUEST');
    expect(await codeOf(alice.create({ route: FileRoute.offer, body: { id: id(), toUserId: 1, name: 'x', size: 1 } }))).toBe('BAD_REQUEST');
    expect(await codeOf(alice.create({ route: FileRoute.offer, body: { id: id(), toUserId: 2, name: 'x'.repeat(300), size: 1 } }))).toBe('BAD_REQUEST');
    expect(await codeOf(alice.create({ route: FileRoute.offer, body: { id: id(), toUserId: 2, name: 'x', size: -1 } }))).toBe('BAD_REQUEST');
    expect(await codeOf(alice.create({ route: FileRoute.offer, body: { id: id(), toUserId: 2, name: 'x', size: 1, metadata: { big: 'y'.repeat(5000) } } }))).toBe('BAD_REQUEST');
    expect(await codeOf(alice.create({ route: FileRoute.signal, body: { id: tid, data: { sdp: 1 } } }))).toBe('BAD_REQUEST');
    expect(await codeOf(alice.create({ route: FileRoute.offer, body: null }))).toBe('BAD_REQUEST');
    // Unauthenticated users reach none of it.
    const anonymous = await WireClient.connect(a.url);
    try {
      await anonymous.configure();
      const offer = await anonymous.modify('CREATE', FileRoute.offer, { id: id(), toUserId: 2, name: 'x', size: 1 });
      expect(offer.error?.code).toBe('PENDING_AUTHENTICATION');
      expect((await anonymous.read(FileRoute.events)).error?.code).toBe('PENDING_AUTHENTICATION');
    } finally {
      await anonymous.close();
    }
    // The transfer itself still completes.
    const bob = await fileClient(a.url, 2);
    expect((await (await nextOffer(bob)).accept().done()).state).toBe('completed');
  });
});

describe('expiry', () => {
  it('fails a stored transfer past ttlMs with FILE_EXPIRED and deletes its bytes', async () => {
    const a = await app({ ttlMs: 60_000 });
    const alice = await fileClient(a.url, 1);
    const sending = alice.files.send({ toUserId: 2, file: new Uint8Array(1000) });
    await vi.waitFor(() => expect(sending.getSnapshot().bytesTransferred).toBe(1000), { timeout: 10_000 });
    expect(readdirSync(a.dir)).toHaveLength(1);
    a.files.sweep(Date.now() + 60_001);
    const final = await sending.done();
    expect(final).toMatchObject({ state: 'failed', error: expect.objectContaining({ code: 'FILE_EXPIRED' }) });
    await vi.waitFor(() => expect(readdirSync(a.dir)).toEqual([]), { timeout: 10_000 });
    expect(a.files.reservedBytes(1)).toBe(0);
    a.files.sweep(Date.now() + 10 * 3600_000);
    expect(a.files.transferCount).toBe(0);
  });
});
