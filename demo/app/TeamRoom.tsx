import { useState } from 'react';
import { GroupCallView, useGroupCall } from '../../src/calls.js';
import { nameOf } from './users.js';

/**
 * The demo's group call: a "Team room" every signed-in tab can join (open several tabs, sign in
 * as different users, and join). Uses `useGroupCall` and `GroupCallView` as an app would.
 * @example
 * <TeamRoom />
 */
export function TeamRoom() {
  const [joined, setJoined] = useState(false);
  return (
    <section className="panel team-room" aria-labelledby="team-room-heading">
      <h2 id="team-room-heading">Team room</h2>
      {joined ? (
        <Room onLeft={() => setJoined(false)} />
      ) : (
        <button type="button" onClick={() => setJoined(true)}>
          Join team room
        </button>
      )}
    </section>
  );
}

function Room({ onLeft }: { onLeft: () => void }) {
  const groupCall = useGroupCall('team-room', { media: { audio: true, video: { width: 640, height: 360 } } });
  return (
    <>
      <GroupCallView groupCall={groupCall} nameOf={(p) => nameOf(String(p.userId))} labels={{ region: 'Team room call' }} />
      {groupCall.state === 'left' && (
        <button type="button" onClick={onLeft}>
          Back
        </button>
      )}
    </>
  );
}
