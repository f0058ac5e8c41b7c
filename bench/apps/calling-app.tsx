// The calling app of the size budget: the data-only app plus a call screen from
// askless-react/calls. Measured by bench/lib/bundle-size.mjs (src/index.ts is what `askless-react` exports); never run.
import { AsklessProvider, useCreate, useRead, useReadStream } from '../../src/index.js';
import { IncomingCallDialog, VideoTile, useCall, useIncomingCall } from '../../src/calls.js';

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

function CallScreen() {
  const call = useCall();
  const incoming = useIncomingCall();
  return (
    <>
      <button type="button" onClick={() => void call.requestCall({ userId: 2, media: { audio: true, video: true } })}>
        Call {incoming.incomingCall ? 'busy' : ''}
      </button>
      <VideoTile stream={call.remoteStream} label="Them" />
      <VideoTile stream={call.localStream} muted mirrored label="You" />
      <IncomingCallDialog />
    </>
  );
}

export function App() {
  return (
    <AsklessProvider serverUrl="ws://127.0.0.1:3000">
      <Messages />
      <CallScreen />
    </AsklessProvider>
  );
}
