/**
 * File-transfer stand-ins for stories: transfers in any state (the real core `TransferHandle`,
 * driven by the story instead of a server), and a provider client whose `client.files` records
 * what the components send.
 */
import { AsklessError } from '../../src/core/errors.js';
import { TransferHandle } from '../../src/core/files/transfer.js';
import type { IncomingFileOffer, SendFileOptions, Transfer, TransferSnapshot } from '../../src/core/files/types.js';
import type { FilesLike } from '../../src/hooks/internal/files.js';
import { FakeAsklessClient } from './fakeClient.js';

let counter = 0;

/**
 * A transfer showing `patch` (defaults: 10 MB, sending, 40 % done at 2 MB/s); cancel really
 * moves it to `canceled`.
 * @example
 * fakeTransfer({ state: 'verifying', bytesTransferred: 10 * 1024 * 1024 });
 */
export function fakeTransfer(patch: Partial<TransferSnapshot> = {}): TransferHandle {
  const size = patch.size ?? 10 * 1024 * 1024;
  const handle = new TransferHandle({
    id: `StoryTransfer${String(++counter).padStart(8, '0')}`,
    direction: 'send',
    peerUserId: 2,
    name: 'holiday-photos.zip',
    size,
    type: 'application/zip',
    metadata: {},
    state: 'transferring',
    bytesTransferred: Math.round(size * 0.4),
    bytesPerSecond: 2 * 1024 * 1024,
    etaMs: 3000,
    path: 'p2p',
    error: undefined,
    ...patch,
  });
  handle.onCancel = () => handle.update({ state: 'canceled', error: new AsklessError('CANCELED', 'You canceled the transfer') });
  return handle;
}

/**
 * An offer whose accept and reject are the given spies.
 * @example
 * fakeOffer({ accept: fn(), reject: fn() });
 */
export function fakeOffer(overrides: Partial<IncomingFileOffer<number>> = {}): IncomingFileOffer<number> {
  return {
    id: 'StoryOffer0000000001',
    fromUserId: 7,
    name: 'quarterly-report.pdf',
    size: 1_572_864,
    type: 'application/pdf',
    metadata: {},
    accept: () => fakeTransfer({ direction: 'receive', state: 'accepted', bytesTransferred: 0, bytesPerSecond: 0, etaMs: undefined }),
    reject: () => undefined,
    ...overrides,
  };
}

/** `client.files` that records each send and answers with a fake transfer. */
export class FakeFiles implements FilesLike {
  readonly sent: SendFileOptions<any>[] = [];
  private transfers: readonly Transfer[] = [];
  private readonly listeners = new Set<() => void>();

  send(options: SendFileOptions<any>): Transfer {
    this.sent.push(options);
    const transfer = fakeTransfer({ name: (options.file as File).name ?? 'file', size: (options.file as Blob).size ?? 0, state: 'offered', bytesTransferred: 0 });
    this.transfers = [...this.transfers, transfer];
    for (const l of [...this.listeners]) l();
    return transfer;
  }

  getTransfers = (): readonly Transfer[] => this.transfers;
  subscribeTransfers = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
  getOffers = (): readonly IncomingFileOffer<any>[] => [];
  subscribeOffers = (): (() => void) => () => undefined;
}

/** A connected fake provider client with {@link FakeFiles}. */
export class FakeFilesClient extends FakeAsklessClient {
  readonly files = new FakeFiles();
}
