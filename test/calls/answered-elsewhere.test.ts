/**
 * Multi-device (issue 15, behaviour 8): a user signed in twice rings on both; answering on one
 * ends the other with `answered_elsewhere` and records no missed call there.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../support/reference-app.js';
import type { Call, CallManager } from '../../src/core/calls/manager-types.js';
import { cleanup, flowingMedia, loggedIn } from './helpers.js';

let app: ReferenceServer;
beforeAll(async () => {
  app = await startReferenceServer();
});
afterEach(() => cleanup());
afterAll(async () => {
  await app.stop();
});

const fast = { calls: { statsIntervalMs: 300, endedCallLingerMs: 2000 } };

async function ringing(manager: CallManager): Promise<Call> {
  let found: Call | undefined;
  await vi.waitFor(() => {
    found = manager.getSnapshot().calls.find((c) => c.direction === 'incoming' && c.state === 'incoming');
    expect(found).toBeDefined();
  }, { timeout: 10_000 });
  return found!;
}

describe('a user on two devices', () => {
  it('rings on both; answering on one ends the other as answered_elsewhere, with no missed call', async () => {
    const caller = await loggedIn(app.url, 701, fast);
    const phone = await loggedIn(app.url, 702, fast);
    const laptop = await loggedIn(app.url, 702, fast);
    // An app that shows incoming calls subscribes to the manager (that is what makes it listen).
    const offs = [phone, laptop].map((c) => c.calls.subscribe(() => undefined));
    const outgoing = caller.calls.call({ userId: 702, localStream: flowingMedia() });
    const [onPhone, onLaptop] = await Promise.all([ringing(phone.calls), ringing(laptop.calls)]);
    expect((await onPhone.accept({ localStream: flowingMedia() })).ok).toBe(true);
    await vi.waitFor(() => {
      const other = laptop.calls.getCall(onLaptop.id);
      expect(other?.state).toBe('ended');
      expect(other?.endReason).toBe('answered_elsewhere');
    }, { timeout: 10_000 });
    expect(laptop.calls.getSnapshot().missedCalls).toEqual([]);
    await vi.waitFor(() => expect(caller.calls.getCall(outgoing.id)?.state).toBe('connected'), { timeout: 10_000 });
    outgoing.hangUp();
    for (const off of offs) off();
  });
});
