import { useReadStream } from '../../src/index.js';
import { CallButton } from './CallLayer.js';
import type { Contact } from './users.js';

/** Props of {@link Contacts}. */
export interface ContactsProps {
  me: string;
  selectedId: string | undefined;
  onSelect(contact: Contact): void;
}

/**
 * Everyone else, live: the `contacts` stream pushes when someone comes online or leaves.
 * @example
 * <Contacts me="alice" selectedId={undefined} onSelect={setSelected} />
 */
export function Contacts({ selectedId, onSelect }: ContactsProps) {
  const { data, status, error } = useReadStream<Contact[]>({ route: 'contacts' });
  return (
    <section className="panel contacts" aria-labelledby="contacts-title">
      <h2 id="contacts-title">Contacts</h2>
      {status === 'pending' && <p className="muted">Loading…</p>}
      {error && <p role="alert" className="error">{error.description}</p>}
      <ul>
        {(data ?? []).map((c) => (
          <li key={c.id} className={c.id === selectedId ? 'contact selected' : 'contact'} data-contact={c.id}>
            <button type="button" className="contact-main" onClick={() => onSelect(c)} aria-pressed={c.id === selectedId}>
              <span className="avatar" style={{ background: `hsl(${c.hue} 60% 45%)` }} aria-hidden="true">
                {c.name[0]}
              </span>
              <span className="contact-name">{c.name}</span>
              <span className={c.online ? 'presence online' : 'presence'} data-online={c.online}>
                {c.online ? 'online' : 'offline'}
              </span>
            </button>
            <CallButton contact={c} />
          </li>
        ))}
      </ul>
    </section>
  );
}
