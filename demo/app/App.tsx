import { useCallback, useState } from 'react';
import { useAuthentication } from '../../src/index.js';
import { ConnectionBanner } from './ConnectionBanner.js';
import { PageBoundary } from './PageBoundary.js';
import { CallingProvider } from './calling.js';
import { SignIn, forgetDemoUser } from './SignIn.js';
import { Contacts } from './Contacts.js';
import { Chat } from './Chat.js';
import { Catalog } from './Catalog.js';
import { CallLayer } from './CallLayer.js';
import { TeamRoom } from './TeamRoom.js';
import { nameOf, type Contact } from './users.js';
import { useDemoDebugHandle } from './debugHandle.js';

/**
 * The demo: sign in as a demo user, then contacts with presence, a chat with the selected contact,
 * the shared catalog, and calls.
 * @example
 * <AsklessProvider serverUrl={url}><App /></AsklessProvider>
 */
export function App() {
  useDemoDebugHandle();
  const auth = useAuthentication();
  // While the client logs in again after a reconnect (same stored credential, same user), keep the
  // workspace: unmounting it would drop what the user was typing and end their call.
  const signedIn = auth.status === 'authenticated' || (auth.status === 'authenticating' && auth.userId !== undefined);
  const me = signedIn && auth.userId !== undefined ? String(auth.userId) : null;
  return (
    <div className="app">
      <header className="topbar">
        <h1>askless-react demo</h1>
        <ConnectionBanner />
        {me && (
          <span className="me">
            Signed in as <strong>{nameOf(me)}</strong>{' '}
            <button
              type="button"
              className="link"
              onClick={() => {
                forgetDemoUser();
                void auth.clearAuthentication();
              }}
            >
              Sign out
            </button>
          </span>
        )}
      </header>
      {me ? (
        <Workspace me={me} />
      ) : (
        <PageBoundary name="sign-in page">
          <SignIn />
        </PageBoundary>
      )}
    </div>
  );
}

function Workspace({ me }: { me: string }) {
  const [selected, setSelected] = useState<Contact | null>(null);
  // Highest message id shown per conversation: what is newer (and from them) is unread.
  const [seen, setSeen] = useState<Record<string, number>>({});
  const markSeen = useCallback((contactId: string, messageId: number) => {
    setSeen((current) => ((current[contactId] ?? 0) >= messageId ? current : { ...current, [contactId]: messageId }));
  }, []);
  return (
    <CallingProvider>
      <main className="workspace">
        <PageBoundary name="contacts">
          <Contacts me={me} selectedId={selected?.id} onSelect={setSelected} seen={seen} />
        </PageBoundary>
        <PageBoundary name="chat">
          <Chat me={me} contact={selected} onSeen={markSeen} />
        </PageBoundary>
        <PageBoundary name="catalog">
          <Catalog />
        </PageBoundary>
        <PageBoundary name="team room">
          <TeamRoom />
        </PageBoundary>
        <PageBoundary name="call">
          <CallLayer />
        </PageBoundary>
      </main>
    </CallingProvider>
  );
}
