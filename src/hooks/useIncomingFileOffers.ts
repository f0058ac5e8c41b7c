import { useSyncExternalStore } from 'react';
import type { IncomingFileOffer } from '../core/files/types.js';
import { useFiles } from './internal/files.js';

/**
 * Offers not answered yet (the same array until one comes or goes). Mounting it makes this
 * client reachable for files: offers then arrive live instead of being stored for later.
 * @example
 * const offers = useIncomingFileOffers();
 * return offers.map((offer) => <IncomingFileOffer key={offer.id} offer={offer} />);
 */
export function useIncomingFileOffers<UserId = string | number>(): readonly IncomingFileOffer<UserId>[] {
  const files = useFiles('useIncomingFileOffers');
  return useSyncExternalStore(
    (listener) => files.subscribeOffers(listener),
    () => files.getOffers() as readonly IncomingFileOffer<UserId>[],
    () => files.getOffers() as readonly IncomingFileOffer<UserId>[],
  );
}
