/**
 * `client.files`: file transfer, loading the transfer code on first use (like calls, lazy.ts in
 * ../calls): `send()` answers at once with a {@link TransferHandle} that the loaded service
 * drives; listeners subscribe as soon as the service is there. Apps that never touch
 * `client.files` load none of it, and open no stream for it.
 */
import { AsklessError } from '../errors.js';
import { randomAlphanumeric } from '../ids.js';
import { LazyService } from '../internal/lazy-service.js';
import { TransferHandle } from './transfer.js';
import type { IncomingFileOffer, SendFileOptions, Transfer } from './types.js';

/** What the loaded service offers (FileService satisfies it). */
export interface LoadedFiles {
  send(options: SendFileOptions<string | number>, handle: TransferHandle): void;
  onOffer(listener: (offer: IncomingFileOffer<string | number>) => void): () => void;
  getTransfers(): readonly Transfer[];
  subscribeTransfers(listener: () => void): () => void;
  getOffers(): readonly IncomingFileOffer<string | number>[];
  subscribeOffers(listener: () => void): () => void;
  dispose(): void;
}

const EMPTY: readonly never[] = Object.freeze([]);

/**
 * File transfer between users (see docs/files.md).
 * @example
 * const transfer = client.files.send({ toUserId: 2, file });
 * client.files.onOffer((offer) => offer.accept());
 */
export class LazyFiles<UserId = string | number> extends LazyService<LoadedFiles> {
  /**
   * Send a file; the transfer answers at once and never throws (problems are `state: 'failed'`).
   * @example
   * const t = client.files.send({ toUserId: 2, file: new Blob(['hi']), name: 'hi.txt' });
   */
  send(options: SendFileOptions<UserId>): Transfer {
    const file = options?.file as (Partial<Blob> & { name?: unknown; byteLength?: number }) | undefined;
    const handle = new TransferHandle({
      id: randomAlphanumeric(24),
      direction: 'send',
      peerUserId: options?.toUserId as string | number,
      name: options?.name ?? (typeof file?.name === 'string' ? file.name : 'file'),
      size: file?.size ?? file?.byteLength ?? 0,
      type: options?.type ?? file?.type ?? '',
      metadata: options?.metadata ?? {},
      state: 'offered',
      bytesTransferred: 0,
      bytesPerSecond: 0,
      etaMs: undefined,
      path: 'relay',
      error: undefined,
    });
    // The service checks the options (and fails the transfer if they are wrong).
    this.get().then(
      (service) => service.send(options as SendFileOptions<string | number>, handle),
      (error: unknown) => handle.update({ state: 'failed', error: new AsklessError('FILES_UNAVAILABLE', 'The file-transfer module could not be loaded', { cause: error }) }),
    );
    return handle;
  }

  /**
   * Receive offers (pending ones first) while subscribed; returns unsubscribe.
   * @example
   * const off = client.files.onOffer((offer) => offer.accept());
   */
  onOffer(listener: (offer: IncomingFileOffer<UserId>) => void): () => void {
    return this.whenLoaded((s) => s.onOffer(listener as (offer: IncomingFileOffer<string | number>) => void));
  }

  /** Every transfer of this client (both directions), oldest first; the same array until it changes. */
  getTransfers(): readonly Transfer[] {
    return this.service?.getTransfers() ?? EMPTY;
  }

  /** Observe {@link getTransfers} (loads the service). */
  subscribeTransfers(listener: () => void): () => void {
    return this.whenLoaded((s) => s.subscribeTransfers(listener), listener);
  }

  /** Offers not answered yet; the same array until it changes. */
  getOffers(): readonly IncomingFileOffer<UserId>[] {
    return (this.service?.getOffers() ?? EMPTY) as readonly IncomingFileOffer<UserId>[];
  }

  /** Observe {@link getOffers} (loads the service). */
  subscribeOffers(listener: () => void): () => void {
    return this.whenLoaded((s) => s.subscribeOffers(listener), listener);
  }


  /** Subscribe once loaded; `onLoad` runs then too (the snapshot getters start answering). */
  private whenLoaded(subscribe: (service: LoadedFiles) => () => void, onLoad?: () => void): () => void {
    if (this.service) return subscribe(this.service);
    let off: (() => void) | undefined;
    let active = true;
    this.get().then(
      (service) => {
        if (!active) return;
        off = subscribe(service);
        onLoad?.();
      },
      () => undefined,
    );
    return () => {
      active = false;
      off?.();
    };
  }
}
