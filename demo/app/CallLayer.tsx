import { useEffect, useState } from 'react';
import { CallView, IncomingCallDialog, useCall } from '../../src/calls.js';
import { nameOf, type Contact } from './users.js';

// Ask for both; the fake devices of the e2e test and any laptop provide them.
const MEDIA: MediaStreamConstraints = { audio: true, video: true };

/**
 * Calls in the demo: the incoming-call dialog and, while a call exists, `CallView` in an overlay
 * (with a Close button once it ended).
 * @example
 * <CallLayer />
 */
export function CallLayer() {
  const call = useCall();
  // The store keeps an ended call (with its reason) until the next one; the overlay closes on
  // demand and opens again with the next call.
  const [dismissed, setDismissed] = useState(false);
  useEffect(() => {
    if (call.state !== 'ended') setDismissed(false);
  }, [call.state]);
  const visible = call.state !== 'idle' && call.state !== 'incoming' && !(call.state === 'ended' && dismissed);
  return (
    <>
      <IncomingCallDialog acceptOptions={{ media: MEDIA }} callerName={(c) => nameOf(c.remoteUserId)} />
      {visible && (
        <div className="call-overlay">
          <div>
            <CallView remoteName={nameOf(call.remoteUserId)} />
            {call.state === 'ended' && (
              <p className="call-ended-actions">
                {call.error && <span className="error">{call.error.description} </span>}
                <button type="button" onClick={() => setDismissed(true)}>
                  Close
                </button>
              </p>
            )}
          </div>
        </div>
      )}
    </>
  );
}

/**
 * The Call button of a contact: disabled while they are offline or a call is active.
 * @example
 * <CallButton contact={bob} />
 */
export function CallButton({ contact }: { contact: Contact }) {
  const call = useCall();
  const busy = call.state !== 'idle' && call.state !== 'ended';
  return (
    <button
      type="button"
      className="call-button"
      aria-label={`Call ${contact.name}`}
      disabled={!contact.online || busy}
      onClick={() => void call.requestCall({ userId: contact.id, media: MEDIA })}
    >
      Call
    </button>
  );
}
