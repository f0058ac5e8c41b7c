// The data-only app of the size budget: what an app that reads and writes data (no calls)
// imports from askless-react. Measured by bench/lib/bundle-size.mjs (src/index.ts is what `askless-react` exports); never run.
import { AsklessProvider, useCreate, useRead, useReadStream } from '../../src/index.js';

function Messages() {
  const stream = useReadStream<string[]>({ route: 'messages' });
  const profile = useRead<{ name: string }>({ route: 'profile' });
  const create = useCreate({ route: 'messages' });
  return (
    <button type="button" onClick={() => create.mutate({ body: { text: 'hi' } })}>
      {profile.data?.name} {stream.data?.length}
    </button>
  );
}

export function App() {
  return (
    <AsklessProvider serverUrl="ws://127.0.0.1:3000">
      <Messages />
    </AsklessProvider>
  );
}
