import { useEffect, useState } from 'react';
import { useAskless } from '../../src/index.js';
import { CallView, IncomingCallDialog, MissedCalls, PreJoin, useCalls, type Call } from '../../src/calls.js';
import { Modal } from './Modal.js';
import { useCalling } from './calling.js';
import { nameOf, type Contact } from './users.js';

const MEDIA: MediaStreamConstraints = { audio: true, video: true };
const live = (call: Call) => call.state !== 'ended';

/**
 * Calls in the demo, on the library's call manager (`client.calls`, read with `useCalls()`):
 * the pre-join screen, the incoming-call dialog (with call waiting), and the call itself in a
 * modal with the controls, held calls to swap to, and the end reason until it is closed.
 * @example
 * <CallLayer />
 */
export function CallLayer() {
  const client = useAskless<string>();
  const { calls, activeCallId } = useCalls();
  const calling = useCalling();
  // The call on screen: the active one, else the latest live one, else the one that just ended
  // (kept until closed, so its end reason can be read; the manager forgets ended calls after 2 s).
  const [shownId, setShownId] = useState<string | undefined>();
  const ringing = calls.find((c) => c.state === 'incoming');
  const current = calls.find((c) => c.id === activeCallId) ?? calls.filter((c) => live(c) && c.state !== 'incoming').at(-1);
  useEffect(() => {
    if (current) setShownId(current.id);
  }, [current?.id]);
  const shown = current ?? (shownId ? (calls.find((c) => c.id === shownId) ?? client.calls.getCall(shownId)) : undefined);
  const held = calls.filter((c) => c.id !== shown?.id && live(c) && c.isLocalOnHold);

  return (
    <>
      {calling.target && !current && (
        <Modal label={`Call ${calling.target.name}`} onEscape={calling.cancel}>
          <PreJoin
            title={`Call ${calling.target.name}`}
            onJoin={({ media, audioOutputDeviceId }) => {
              const target = calling.target!;
              calling.cancel();
              if (audioOutputDeviceId) void client.calls.setAudioOutput(audioOutputDeviceId);
              setShownId(client.calls.call({ userId: target.id, media, additionalData: { callerName: nameOf(client.authentication.userId) } }).id);
            }}
          />
          <button type="button" className="modal-cancel" onClick={calling.cancel}>
            Cancel
          </button>
        </Modal>
      )}
      {shown && shown.state !== 'incoming' && (
        <Modal label={`Call with ${nameOf(shown.remoteUserId)}`} attributes={{ 'data-state': shown.state, 'data-end-reason': shown.endReason }}>
          <CallView call={shown} remoteName={nameOf(shown.remoteUserId)} theme="dark" />
          {held.map((h) => (
            <p key={h.id} className="held-call">
              {nameOf(h.remoteUserId)} is on hold.{' '}
              <button type="button" onClick={() => h.resume()}>
                Switch to {nameOf(h.remoteUserId)}
              </button>
            </p>
          ))}
          {shown.state === 'ended' && (
            <p className="call-ended-actions">
              {shown.error && <span className="error">{shown.error.description} </span>}
              <button type="button" onClick={() => setShownId(undefined)}>
                Close
              </button>
            </p>
          )}
        </Modal>
      )}
      {ringing && (
        <IncomingCallDialog
          call={ringing}
          activeCall={current && current.id !== ringing.id ? current : undefined}
          acceptOptions={{ media: MEDIA }}
          callerName={(c) => nameOf(c.remoteUserId)}
        />
      )}
    </>
  );
}

/**
 * The missed calls of this tab, as a badge in the contacts header.
 * @example
 * <MissedCallsBadge />
 */
export function MissedCallsBadge() {
  const client = useAskless<string>();
  const { missedCalls } = useCalls();
  const calling = useCalling();
  return (
    <MissedCalls
      missedCalls={missedCalls}
      callerName={(m) => nameOf(m.remoteUserId)}
      onCallBack={(m) => calling.prepare({ id: String(m.remoteUserId), name: nameOf(m.remoteUserId) })}
      onClear={() => client.calls.clearMissedCalls()}
    />
  );
}

/**
 * The Call button of a contact: opens the pre-join screen; disabled while they are offline or a
 * call is live.
 * @example
 * <CallButton contact={bob} />
 */
export function CallButton({ contact }: { contact: Contact }) {
  const { calls } = useCalls();
  const calling = useCalling();
  const busy = calls.some((c) => live(c));
  return (
    <button type="button" className="call-button" aria-label={`Call ${contact.name}`} disabled={!contact.online || busy} onClick={() => calling.prepare({ id: contact.id, name: contact.name })}>
      Call
    </button>
  );
}
