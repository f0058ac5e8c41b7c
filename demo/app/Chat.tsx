import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useCreate, useReadStream } from '../../src/index.js';
import { nameOf, type Contact, type Message } from './users.js';

/** Props of {@link Chat}. */
export interface ChatProps {
  me: string;
  contact: Contact | null;
  /** Told the newest message id on screen, so the contact list can clear its unread badge. */
  onSeen(contactId: string, messageId: number): void;
}

/**
 * The conversation with one contact: a `messages` stream (params `{ with }`) plus `message`
 * creates. The other side's stream gets the push, so new messages appear in both tabs.
 * @example
 * <Chat me="alice" contact={bob} onSeen={(id, messageId) => markSeen(id, messageId)} />
 */
export function Chat({ me, contact, onSeen }: ChatProps) {
  if (!contact) {
    return (
      <section className="panel chat" aria-label="Chat">
        <p className="muted">Pick a contact to chat with.</p>
      </section>
    );
  }
  // Keyed by contact: a fresh draft and scroll position per conversation.
  return <Conversation key={contact.id} me={me} contact={contact} onSeen={onSeen} />;
}

function Conversation({ me, contact, onSeen }: { me: string; contact: Contact; onSeen: ChatProps['onSeen'] }) {
  const { data, status, error } = useReadStream<Message[]>({ route: 'messages', params: { with: contact.id } });
  const send = useCreate({ route: 'message' });
  const [draft, setDraft] = useState('');
  const listRef = useRef<HTMLOListElement>(null);

  useEffect(() => {
    listRef.current?.lastElementChild?.scrollIntoView({ block: 'end' });
    const newest = data?.at(-1);
    if (newest) onSeen(contact.id, newest.id);
  }, [data, contact.id, onSeen]);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const text = draft.trim();
    if (!text) return;
    send.mutate({ body: { to: contact.id, text } }, { onSuccess: () => setDraft('') });
  };

  return (
    <section className="panel chat" aria-labelledby="chat-title">
      <h2 id="chat-title">Chat with {contact.name}</h2>
      {status === 'pending' && <p className="muted">Loading messages…</p>}
      {error && <p role="alert" className="error">{error.description}</p>}
      <ol className="messages" ref={listRef} aria-live="polite" aria-label={`Messages with ${contact.name}`}>
        {(data ?? []).map((m) => (
          <li key={m.id} className={m.from === me ? 'message mine' : 'message'} data-message-id={m.id}>
            <span className="message-author">{m.from === me ? 'You' : nameOf(m.from)}</span>
            <span className="message-text wrap">{m.text}</span>
            <time className="message-time" dateTime={new Date(m.createdAt).toISOString()}>
              {new Date(m.createdAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}
            </time>
          </li>
        ))}
        {data && data.length === 0 && <li className="muted">No messages yet. Say hello!</li>}
      </ol>
      <form className="composer" onSubmit={onSubmit}>
        <label className="visually-hidden" htmlFor="composer-input">
          Message to {contact.name}
        </label>
        <input
          id="composer-input"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          placeholder={`Message ${contact.name}`}
          maxLength={2000}
          autoComplete="off"
        />
        <button type="submit" disabled={send.isPending || !draft.trim()}>
          Send
        </button>
      </form>
      {send.error && (
        <p role="alert" className="error">
          Not sent: {send.error.description} ({send.error.code})
        </p>
      )}
    </section>
  );
}
