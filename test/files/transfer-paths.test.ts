/**
 * Files between two real Node clients through the project's server: peer to peer with
 * @roamhq/wrtc, the relay when peer connections are off, both sides `completed` only after the
 * receiver's SHA-256 acknowledgement.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TransferSnapshot, TransferState } from '../../src/core/files/types.js';
import { cleanup, fileClient, nextOffer, randomFile, sha256, startFileApp, type FileApp } from './helpers.js';

let app: FileApp;
beforeAll(async () => {
  app = await startFileApp();
});
afterEach(() => cleanup());
afterAll(async () => {
  await app.stop();
});

const statesOf = (t: { getSnapshot(): TransferSnapshot; subscribe(l: () => void): () => void }): TransferState[] => {
  const seen: TransferState[] = [t.getSnapshot().state];
  t.subscribe(() => {
    const s = t.getSnapshot().state;
    if (seen.at(-1) !== s) seen.push(s);
  });
  return seen;
};

describe('file transfer paths', () => {
  it('sends 10 MB by relay when peer connections are off; both sides complete after the hash acknowledgement', async () => {
    const alice = await fileClient(app.url, 1);
    const bob = await fileClient(app.url, 2);
    const offered = nextOffer(bob);
    await new Promise<void>((r) => bob.files.subscribeTransfers(r)); // bob's events stream is live
    const file = randomFile(10 * 1024 * 1024);
    const sending = alice.files.send({ toUserId: 2, file: new Blob([file.bytes]), name: 'ten.bin', metadata: { chat: 'c1' } });
    const senderStates = statesOf(sending);
    const offer = await offered;
    expect(offer).toMatchObject({ fromUserId: 1, name: 'ten.bin', size: file.bytes.length, metadata: { chat: 'c1' } });
    const receiving = offer.accept();
    const receiverStates = statesOf(receiving);
    const [sent, got] = await Promise.all([sending.done(), receiving.done()]);
    expect(got.state).toBe('completed');
    expect(sent.state).toBe('completed');
    expect(sent.path).toBe('relay');
    expect(got.bytesTransferred).toBe(file.bytes.length);
    expect(sha256(new Uint8Array(await got.blob!.arrayBuffer()))).toBe(file.sha256);
    expect(receiverStates).toEqual(['accepted', 'transferring', 'verifying', 'completed']);
    expect(senderStates.slice(0, 2)).toEqual(['offered', 'accepted']);
    expect(senderStates.slice(-2)).toEqual(['verifying', 'completed']);
    expect(app.files.reservedBytes(1)).toBe(0);
  }, 60_000);

  it('sends 10 MB peer to peer with wrtc (no ICE servers); the hash is verified and both sides complete', async () => {
    const alice = await fileClient(app.url, 3, { p2p: true });
    const bob = await fileClient(app.url, 4, { p2p: true });
    const offered = nextOffer(bob);
    await new Promise<void>((r) => bob.files.subscribeTransfers(r));
    const file = randomFile(10 * 1024 * 1024);
    const sending = alice.files.send({ toUserId: 4, file: new Blob([file.bytes]), name: 'p2p.bin' });
    const receiving = (await offered).accept();
    const [sent, got] = await Promise.all([sending.done(), receiving.done()]);
    expect(got.state).toBe('completed');
    expect(sent.state).toBe('completed');
    expect(sent.path).toBe('p2p');
    expect(got.path).toBe('p2p');
    expect(sha256(new Uint8Array(await got.blob!.arrayBuffer()))).toBe(file.sha256);
    expect(sent.bytesTransferred).toBe(file.bytes.length);
  }, 60_000);

  it('falls back to the relay when the peer connection cannot open in time', async () => {
    const alice = await fileClient(app.url, 5, { p2p: true, files: { p2pTimeoutMs: 300, rtcConfiguration: { iceTransportPolicy: 'relay' } } });
    const bob = await fileClient(app.url, 6, { p2p: true, files: { rtcConfiguration: { iceTransportPolicy: 'relay' } } });
    const offered = nextOffer(bob);
    await new Promise<void>((r) => bob.files.subscribeTransfers(r));
    const file = randomFile(300 * 1024);
    const sending = alice.files.send({ toUserId: 6, file: new Blob([file.bytes]) });
    const receiving = (await offered).accept();
    const [sent, got] = await Promise.all([sending.done(), receiving.done()]);
    expect([sent.state, got.state]).toEqual(['completed', 'completed']);
    expect([sent.path, got.path]).toEqual(['relay', 'relay']);
    expect(sha256(new Uint8Array(await got.blob!.arrayBuffer()))).toBe(file.sha256);
  });
});
