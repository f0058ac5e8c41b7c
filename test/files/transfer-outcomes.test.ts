/**
 * What happens around a transfer, with real clients and the real server: a receiver offline at
 * send time gets the file from the store later and the sender learns of the completion on its
 * next connect; a dropped connection resumes without re-sending much; reject; cancel from each
 * side (the stored bytes are deleted).
 */
import { readdirSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { FileRoute } from '../../src/core/files/wire.js';
import { LinkProxy } from '../integration/support/link-proxy.js';
import { cleanup, fileClient, nextOffer, randomFile, sha256, startFileApp, type FileApp } from './helpers.js';

/** Upload bytes that reached the server (decoded chunk sizes, duplicates included). */
let uploadedBytesOnWire = 0;
let app: FileApp;
beforeAll(async () => {
  app = await startFileApp(
    {},
    {
      tap: ({ direction, frame }) => {
        const f = frame as { route?: unknown; body?: { data?: unknown } } | null;
        if (direction === 'in' && f && f.route === FileRoute.upload && typeof f.body?.data === 'string') uploadedBytesOnWire += (f.body.data.length * 3) / 4;
      },
    },
  );
});
afterEach(() => cleanup());
afterAll(async () => {
  await app.stop();
});

const storedFiles = (id?: string) => readdirSync(app.dir).filter((n) => n.endsWith('.part') && (id === undefined || n === `${id}.part`));

describe('stored and forwarded', () => {
  it('keeps the file for an offline receiver, who accepts it later; the sender, reconnected, sees completed', async () => {
    const file = randomFile(1024 * 1024 + 123);
    const alice = await fileClient(app.url, 11);
    const sending = alice.files.send({ toUserId: 12, file: new Blob([file.bytes]), name: 'later.bin' });
    await vi.waitFor(() => expect(sending.getSnapshot()).toMatchObject({ state: "waiting", path: "stored", bytesTransferred: file.bytes.length }), { timeout: 15_000 });
    alice.close(); // the sender goes away for good (a new page load later)

    const bob = await fileClient(app.url, 12);
    const offer = await nextOffer(bob);
    expect(offer).toMatchObject({ id: sending.id, fromUserId: 11, name: 'later.bin', size: file.bytes.length });
    const got = await offer.accept().done();
    expect(got).toMatchObject({ state: 'completed', path: 'stored' });
    expect(sha256(new Uint8Array(await got.blob!.arrayBuffer()))).toBe(file.sha256);
    await vi.waitFor(() => expect(storedFiles(sending.id)).toEqual([]), { timeout: 10_000 });

    const aliceAgain = await fileClient(app.url, 11);
    await new Promise<void>((r) => aliceAgain.files.subscribeTransfers(r));
    await vi.waitFor(() => expect(aliceAgain.files.getTransfers().map((t) => t.id)).toContain(sending.id), { timeout: 10_000 });
    const restored = aliceAgain.files.getTransfers().find((t) => t.id === sending.id)!;
    expect(await restored.done()).toMatchObject({ state: 'completed', direction: 'send', peerUserId: 12, bytesTransferred: file.bytes.length });
  });
});

describe('resume', () => {
  it('continues after both connections drop half way, re-sending under 10 % of the file', async () => {
    const proxy = await LinkProxy.start(app.url);
    try {
      // 4 MB in 64 KiB chunks, 4 in flight each way: what a drop can cost is at most a window.
      const file = randomFile(4 * 1024 * 1024);
      const alice = await fileClient(proxy.url, 13, { files: { chunkBytes: 64 * 1024 } });
      const bob = await fileClient(proxy.url, 14, { files: { chunkBytes: 64 * 1024 } });
      const offered = nextOffer(bob);
      await new Promise<void>((r) => bob.files.subscribeTransfers(r));
      uploadedBytesOnWire = 0;
      const sending = alice.files.send({ toUserId: 14, file: new Blob([file.bytes]) });
      const receiving = (await offered).accept();
      let dropped = false;
      receiving.subscribe(() => {
        if (!dropped && receiving.getSnapshot().bytesTransferred >= file.bytes.length / 2) {
          dropped = true;
          proxy.dropAll();
        }
      });
      const [sent, got] = await Promise.all([sending.done(), receiving.done()]);
      expect(dropped).toBe(true);
      expect(proxy.pairs.length).toBeGreaterThanOrEqual(4); // both clients reconnected
      expect([sent.state, got.state]).toEqual(['completed', 'completed']);
      expect(sha256(new Uint8Array(await got.blob!.arrayBuffer()))).toBe(file.sha256);
      expect(uploadedBytesOnWire).toBeGreaterThanOrEqual(file.bytes.length);
      expect(uploadedBytesOnWire - file.bytes.length).toBeLessThan(file.bytes.length * 0.1);
    } finally {
      await proxy.stop();
    }
  }, 60_000);
});

describe('reject and cancel', () => {
  it('a rejection reaches the sender with its reason', async () => {
    const alice = await fileClient(app.url, 15);
    const bob = await fileClient(app.url, 16);
    const offered = nextOffer(bob);
    await new Promise<void>((r) => bob.files.subscribeTransfers(r));
    const sending = alice.files.send({ toUserId: 16, file: new Blob(['hello']), name: 'hi.txt' });
    (await offered).reject('not now');
    const final = await sending.done();
    expect(final.state).toBe('rejected');
    expect(final.error).toMatchObject({ code: 'REJECTED', description: 'not now' });
    expect(bob.files.getOffers()).toEqual([]);
  });

  it('the sender cancels mid-transfer: the receiver ends canceled and the stored bytes are deleted', async () => {
    const alice = await fileClient(app.url, 17, { files: { chunkBytes: 16 * 1024, window: 1 } });
    const bob = await fileClient(app.url, 18, { files: { chunkBytes: 16 * 1024, window: 1 } });
    const offered = nextOffer(bob);
    await new Promise<void>((r) => bob.files.subscribeTransfers(r));
    const file = randomFile(4 * 1024 * 1024);
    const sending = alice.files.send({ toUserId: 18, file: new Blob([file.bytes]) });
    const receiving = (await offered).accept();
    await vi.waitFor(() => expect(receiving.getSnapshot().bytesTransferred).toBeGreaterThan(0), { timeout: 10_000 });
    sending.cancel();
    expect(sending.getSnapshot().state).toBe('canceled');
    const got = await receiving.done();
    expect(got.state).toBe('canceled');
    expect(got.error?.description).toBe('The sender canceled the transfer');
    expect(got.bytesTransferred).toBeLessThan(file.bytes.length);
    await vi.waitFor(() => expect(storedFiles(sending.id)).toEqual([]), { timeout: 10_000 });
  });

  it('the receiver cancels mid-transfer: the sender ends canceled', async () => {
    const alice = await fileClient(app.url, 19, { files: { chunkBytes: 16 * 1024, window: 1 } });
    const bob = await fileClient(app.url, 20, { files: { chunkBytes: 16 * 1024, window: 1 } });
    const offered = nextOffer(bob);
    await new Promise<void>((r) => bob.files.subscribeTransfers(r));
    const sending = alice.files.send({ toUserId: 20, file: new Blob([randomFile(4 * 1024 * 1024).bytes]) });
    const receiving = (await offered).accept();
    await vi.waitFor(() => expect(receiving.getSnapshot().bytesTransferred).toBeGreaterThan(0), { timeout: 10_000 });
    receiving.cancel();
    const sent = await sending.done();
    expect(sent.state).toBe('canceled');
    expect(sent.error?.description).toBe('The receiver canceled the transfer');
    expect((await receiving.done()).state).toBe('canceled');
  });
});
