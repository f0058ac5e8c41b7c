/**
 * {@link FileService}: the loaded half of `client.files`. One LISTEN of
 * `askless-react/files/events` per client brings every record of the user (in full after each
 * (re)connect, then one at a time) and the peer-to-peer signals; the service hands each to its
 * engine, turns records addressed to the user into offers, and restores the sender's side of
 * transfers it no longer holds (after a page reload), so a completion still reaches the sender.
 */
import { AsklessError, ClientErrorCode } from '../errors.js';
import { Listeners } from '../internal/listeners.js';
import type { EngineContext } from './context.js';
import { ReceiveEngine } from './receiver.js';
import { SendEngine } from './sender.js';
import { TransferHandle } from './transfer.js';
import type { AcceptFileOptions, IncomingFileOffer, SendFileOptions, Transfer } from './types.js';
import { FileRoute, parseFileRecord, parseFileSignal, sameFileUser, type FileRecord } from './wire.js';
import type { LoadedFiles } from './lazy.js';

type Engine = SendEngine | ReceiveEngine;
type Offer = IncomingFileOffer<string | number>;

/**
 * File transfer of one client.
 * @example
 * const files = new FileService(ctx);
 * files.onOffer((offer) => offer.accept());
 */
export class FileService implements LoadedFiles {
  private readonly engines = new Map<string, Engine>();
  private readonly offers = new Map<string, Offer>();
  private transfers: readonly Transfer[] = [];
  private offerList: readonly Offer[] = [];
  private readonly transfersChanged = new Listeners<[]>();
  private readonly offersChanged = new Listeners<[]>();
  private readonly offerListeners = new Listeners<[Offer]>();
  private stopEvents: (() => void) | undefined;
  private disposed = false;

  constructor(private readonly ctx: EngineContext) {}

  send(options: SendFileOptions<string | number>, handle: TransferHandle): void {
    const file = options?.file;
    if (options === null || typeof options !== 'object' || options.toUserId === undefined || options.toUserId === null) {
      return handle.update({ state: 'failed', error: new AsklessError(ClientErrorCode.INVALID_ARGUMENT, 'send: toUserId is required') });
    }
    if (!(file instanceof Blob || file instanceof Uint8Array || isAsyncIterable(file))) {
      return handle.update({ state: 'failed', error: new AsklessError(ClientErrorCode.INVALID_ARGUMENT, 'send: file must be a Blob, a Uint8Array/Buffer or a readable stream') });
    }
    this.listen();
    const engine = new SendEngine(this.ctx, handle);
    this.add(engine);
    void engine.start(options);
  }

  onOffer(listener: (offer: Offer) => void): () => void {
    this.listen();
    const off = this.offerListeners.add(listener);
    for (const offer of this.offerList) listener(offer);
    return off;
  }

  getTransfers = (): readonly Transfer[] => this.transfers;

  subscribeTransfers(listener: () => void): () => void {
    this.listen();
    return this.transfersChanged.add(listener);
  }

  getOffers = (): readonly Offer[] => this.offerList;

  subscribeOffers(listener: () => void): () => void {
    this.listen();
    return this.offersChanged.add(listener);
  }

  dispose(): void {
    this.disposed = true;
    this.stopEvents?.();
    this.stopEvents = undefined;
    for (const engine of this.engines.values()) engine.dispose();
  }

  private listen(): void {
    if (this.stopEvents || this.disposed) return;
    this.stopEvents = this.ctx.listen(FileRoute.events, (value) => this.onEvent(value));
  }

  private onEvent(value: unknown): void {
    if (typeof value !== 'object' || value === null) return;
    const v = value as { transfers?: unknown; full?: unknown; signal?: unknown };
    if (Array.isArray(v.transfers)) {
      const records = v.transfers.map(parseFileRecord).filter((r): r is FileRecord => r !== undefined);
      if (v.full === true) {
        // A fresh list (after a (re)connect): offers that vanished meanwhile are gone.
        const present = new Set(records.map((r) => r.id));
        for (const id of [...this.offers.keys()]) if (!present.has(id)) this.dropOffer(id);
      }
      for (const record of records) this.onRecord(record);
    }
    const signal = parseFileSignal(v.signal);
    if (signal) this.engines.get(signal.id)?.onSignal(signal.data);
  }

  private onRecord(record: FileRecord): void {
    const me = this.ctx.userId();
    const engine = this.engines.get(record.id);
    if (engine) return engine.onRecord(record);
    if (sameFileUser(record.toUserId, me)) {
      if (record.state === 'offered' || record.state === 'waiting') this.addOffer(record);
      else this.dropOffer(record.id); // accepted on another device, canceled, expired...
    } else if (sameFileUser(record.fromUserId, me)) {
      // Ours, from before a reload: show where it stands (and learn its completion).
      const restored = new SendEngine(this.ctx, new TransferHandle({ ...snapshotOf(record, 'send'), state: 'offered' }));
      this.add(restored);
      restored.onRecord(record);
    }
  }

  private add(engine: Engine): void {
    this.engines.set(engine.handle.id, engine);
    this.transfers = [...this.transfers, engine.handle];
    this.transfersChanged.emit();
  }

  private addOffer(record: FileRecord): void {
    if (this.offers.has(record.id)) return;
    const offer: Offer = {
      id: record.id,
      fromUserId: record.fromUserId,
      name: record.name,
      size: record.size,
      type: record.type,
      metadata: record.metadata,
      accept: (options?: AcceptFileOptions) => this.accept(record, options),
      reject: (reason?: string) => {
        if (this.engines.has(record.id)) return;
        this.dropOffer(record.id);
        void this.ctx.create(FileRoute.reject, { id: record.id, ...(typeof reason === 'string' ? { reason } : {}) });
      },
    };
    this.offers.set(record.id, offer);
    this.offerList = [...this.offers.values()];
    this.offersChanged.emit();
    this.offerListeners.emit(offer);
  }

  private dropOffer(id: string): void {
    if (!this.offers.delete(id)) return;
    this.offerList = [...this.offers.values()];
    this.offersChanged.emit();
  }

  private accept(record: FileRecord, options?: AcceptFileOptions): Transfer {
    const existing = this.engines.get(record.id);
    if (existing) return existing.handle;
    this.dropOffer(record.id);
    const engine = new ReceiveEngine(this.ctx, new TransferHandle({ ...snapshotOf(record, 'receive'), state: 'accepted' }), record);
    this.add(engine);
    void engine.accept(options);
    return engine.handle;
  }
}

function snapshotOf(record: FileRecord, direction: 'send' | 'receive'): ConstructorParameters<typeof TransferHandle>[0] {
  return {
    id: record.id,
    direction,
    peerUserId: direction === 'send' ? record.toUserId : record.fromUserId,
    name: record.name,
    size: record.size,
    type: record.type,
    metadata: record.metadata,
    state: record.state,
    bytesTransferred: 0,
    bytesPerSecond: 0,
    etaMs: undefined,
    path: record.path,
    error: undefined,
  };
}

const isAsyncIterable = (v: unknown): v is AsyncIterable<Uint8Array> =>
  typeof v === 'object' && v !== null && typeof (v as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function';
