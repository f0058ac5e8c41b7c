import { useReadStream } from '../../src/index.js';
import { CallButton, MissedCallsBadge } from './CallLayer.js';
import type { Contact } from './users.js';

/** Props of {@link Contacts}. */
export interface ContactsProps {
  me: string;
  selectedId: string | undefined;
  onSelect(contact: Contact): void;
  /** Highest message id seen per contact (from the chat). */
  seen: Record<string, number>;
}

/**
 * Everyone else, live: the `contacts` stream pushes when someone comes online or leaves and when
 * a message is exchanged (last message preview, unread badge).
 * @example
 * <Contacts me="alice" selectedId={undefined} onSelect={setSelected} seen={{}} />
 */
export function Contacts({ selectedId, onSelect, seen }: ContactsProps) {
  const { data, status, error } = useReadStream<Contact[]>({ route: 'contacts' });
  return (
    <section className="panel contacts" aria-labelledby="contacts-title">
      <div className="panel-heading">
        <h2 id="contacts-title">Contacts</h2>
        <MissedCallsBadge />
      </div>
      {status === 'pending' && <p className="muted">Loading…</p>}
      {error && <p role="alert" className="error">{error.description}</p>}
      <ul>
        {(data ?? []).map((c) => (
          <li key={c.id} className={c.id === selectedId ? 'contact selected' : 'contact'} data-contact={c.id}>
            <button type="button" className="contact-main" onClick={() => onSelect(c)} aria-pressed={c.id === selectedId}>
              <span className="avatar" style={{ background: `hsl(${c.hue} 60% 45%)` }} aria-hidden="true">
                {c.name[0]}
              </span>
              <span className="contact-text">
                <span className="contact-name">
                  {c.name}
                  <span className={c.online ? 'presence online' : 'presence'} data-online={c.online}>
                    {c.online ? 'online' : 'offline'}
                  </span>
                  {isUnread(c, seen) && (
                    <span className="unread" data-unread="">
                      new
                    </span>
                  )}
                </span>
                {c.lastMessage && <span className="contact-preview">{c.lastMessage.text}</span>}
              </span>
            </button>
            <CallButton contact={c} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function isUnread(contact: Contact, seen: Record<string, number>): boolean {
  const last = contact.lastMessage;
  return !!last && last.from === contact.id && last.id > (seen[contact.id] ?? 0);
}
