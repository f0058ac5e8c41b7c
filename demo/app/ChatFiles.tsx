import { FileDropZone, IncomingFileOffer, TransferProgress, useIncomingFileOffers, useTransfers } from '../../src/index.js';
import { nameOf, type Contact } from './users.js';

/**
 * Files in a conversation: a drop zone that sends to the contact, the contact's offers to accept
 * or decline (offers sent while you were signed out wait here), and the transfers both ways with
 * their progress. Peer to peer when both browsers can, else through the demo server.
 * @example
 * <ChatFiles contact={bob} />
 */
export function ChatFiles({ contact }: { contact: Contact }) {
  const offers = useIncomingFileOffers().filter((o) => String(o.fromUserId) === contact.id);
  const transfers = useTransfers().filter((t) => String(t.getSnapshot().peerUserId) === contact.id);
  return (
    <section className="chat-files" aria-label={`Files with ${contact.name}`}>
      {offers.map((offer) => (
        <IncomingFileOffer key={offer.id} offer={offer} senderName={nameOf(offer.fromUserId)} />
      ))}
      {transfers.map((t) => (
        <TransferProgress key={t.id} transfer={t} />
      ))}
      <FileDropZone toUserId={contact.id} labels={{ prompt: `Drop files for ${contact.name} or choose files` }} />
    </section>
  );
}
