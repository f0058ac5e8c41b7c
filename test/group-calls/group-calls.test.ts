/**
 * Group calls through the real server with real `@roamhq/wrtc` peers: four members in a full
 * mesh, leave, a member killed without leaving (gone at expiry), rejoin with a new membership,
 * `canJoin` refusal, stale-membership signals and a full call.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../support/reference-app.js';
import { registerGroupCallRoutes, type GroupCallRoutesHandle } from '../../src/server/group-calls/index.js';
import { GroupCallRoute } from '../../src/core/group-calls/wire.js';
import type { GroupCall } from '../../src/core/group-calls/types.js';
import { cleanup, flowingMedia, localMedia, loggedIn } from '../calls/helpers.js';

const TTL_MS = 1500;
let app: ReferenceServer;
let groupCalls: GroupCallRoutesHandle;
beforeAll(async () => {
  app = await startReferenceServer({
    beforeStart: (server) => {
      groupCalls = registerGroupCallRoutes(server, { membershipTtlMs: TTL_MS, canJoin: (ctx) => ctx.userId !== 666 });
    },
  });
});
afterEach(() => cleanup());
afterAll(async () => {
  await app.stop();
});

const remoteVideoCount = (call: GroupCall<number>): number =>
  call.getSnapshot().participants.filter((p) => (p.streams.userMedia?.getVideoTracks().length ?? 0) > 0).length;

async function joinAs(n: number, room: string): Promise<GroupCall<number>> {
  const client = await loggedIn(app.url, n);
  return client.groupCalls.join(room, { localStream: localMedia({ video: true, audio: true }) });
}

describe('group calls (wrtc mesh, real server)', () => {
  it('connects four members pairwise, drops a leaver at once, a killed member at expiry, and takes a rejoin back', async () => {
    const clients = await Promise.all([201, 202, 203, 204].map((n) => loggedIn(app.url, n)));
    const calls = clients.map((c) => c.groupCalls.join('mesh-room', { localStream: localMedia({ video: true, audio: true }) }));
    await vi.waitFor(() => {
      for (const call of calls) {
        expect(call.getSnapshot().state).toBe('joined');
        expect(call.getSnapshot().participants).toHaveLength(3);
        expect(remoteVideoCount(call)).toBe(3);
      }
    }, { timeout: 10_000, interval: 50 });
    // One membership per device: joining again hands back the same call.
    expect(clients[0]!.groupCalls.join('mesh-room')).toBe(calls[0]);
    const ids = calls.map((c) => c.getSnapshot().membershipId);
    expect(new Set(ids).size).toBe(4);
    expect(groupCalls.stats()).toEqual({ groupCalls: 1, members: 4 });

    // A leave reaches the others through the members stream, well within a second.
    await calls[3]!.leave();
    expect(calls[3]!.getSnapshot().state).toBe('left');
    await vi.waitFor(() => {
      for (const call of calls.slice(0, 3)) expect(call.getSnapshot().participants.map((p) => p.userId).sort()).toEqual([201, 202, 203].filter((u) => u !== call.getSnapshot().localParticipant.userId));
    }, { timeout: 1000, interval: 20 });

    // Killed without leaving: still listed until its membership expires, then gone everywhere.
    const killedId = calls[2]!.getSnapshot().membershipId;
    clients[2]!.close();
    // The others may drop it first (its peer connections close with the client); the server
    // forgets the membership only at expiry: wait for both, not one then the other.
    await vi.waitFor(() => {
      for (const call of calls.slice(0, 2)) expect(call.getSnapshot().participants.map((p) => p.id)).not.toContain(killedId);
      expect(groupCalls.stats().members).toBe(2);
    }, { timeout: TTL_MS + 5000, interval: 50 });

    // The same user comes back on a new client: a new membership, and media flows again.
    const back = await joinAs(203, 'mesh-room');
    await vi.waitFor(() => {
      expect(back.getSnapshot().state).toBe('joined');
      expect(remoteVideoCount(back)).toBe(2);
      for (const call of calls.slice(0, 2)) expect(remoteVideoCount(call)).toBe(2);
    }, { timeout: 10_000, interval: 50 });
    expect(back.getSnapshot().membershipId).not.toBe(killedId);

    await Promise.all([calls[0]!.leave(), calls[1]!.leave(), back.leave()]);
    expect(groupCalls.stats()).toEqual({ groupCalls: 0, members: 0 });
  }, 40_000);

  it('carries mute, camera-off and a screen share to the other members in-band', async () => {
    const a = await joinAs(241, 'share-room');
    const b = await joinAs(242, 'share-room');
    await vi.waitFor(() => {
      expect(b.getSnapshot().participants[0]?.connectionState).toBe('connected');
      expect(a.getSnapshot().participants[0]?.connectionState).toBe('connected');
    }, { timeout: 10_000, interval: 20 });
    const aId = a.getSnapshot().membershipId;

    a.setMicrophoneEnabled(false);
    a.setCameraEnabled(false);
    await vi.waitFor(() => {
      const seen = b.getSnapshot().participants[0]!;
      expect(seen.audioMuted).toBe(true);
      expect(seen.videoMuted).toBe(true);
    }, { timeout: 1000, interval: 10 });
    expect(a.getSnapshot().localParticipant.audioMuted).toBe(true);

    const screen = localMedia({ video: true });
    expect((await a.startScreenShare({ stream: screen })).ok).toBe(true);
    expect(a.getSnapshot().screenShareParticipantId).toBe('local');
    await vi.waitFor(() => {
      const seen = b.getSnapshot().participants[0]!;
      expect(seen.streams.screen?.id).toBe(screen.id);
      expect(seen.streams.userMedia?.id).not.toBe(screen.id);
      expect(b.getSnapshot().screenShareParticipantId).toBe(aId);
    }, { timeout: 10_000, interval: 20 });

    a.stopScreenShare();
    a.setMicrophoneEnabled(true);
    await vi.waitFor(() => {
      expect(b.getSnapshot().screenShareParticipantId).toBeUndefined();
      expect(b.getSnapshot().participants[0]!.audioMuted).toBe(false);
    }, { timeout: 2000, interval: 10 });
    await Promise.all([a.leave(), b.leave()]);
  });

  it('carries audio levels between quality ticks: the speaker sees its own level, the others see it speaking', async () => {
    const [ca, cb] = await Promise.all([loggedIn(app.url, 251), loggedIn(app.url, 252)]);
    // Quality is measured once per connection here, so every level after that comes from a level tick.
    const timers = { levelIntervalMs: 50, statsIntervalMs: 3_600_000 };
    const a = ca.groupCalls.join('level-room', { localStream: flowingMedia({ audio: true, video: false, loud: true }), ...timers });
    const b = cb.groupCalls.join('level-room', { localStream: flowingMedia({ audio: true, video: false }), ...timers });
    a.setMicrophoneEnabled(false);
    await vi.waitFor(() => {
      for (const call of [a, b]) expect(call.getSnapshot().participants[0]?.quality).toBe('good');
      expect(b.getSnapshot().participants[0]!.audioMuted).toBe(true);
    }, { timeout: 10_000, interval: 20 });
    expect(a.getSnapshot().localParticipant.audioLevel).toBe(0);

    a.setMicrophoneEnabled(true);
    await vi.waitFor(() => {
      const seen = b.getSnapshot().participants[0]!;
      expect(seen.audioLevel).toBeGreaterThan(0.06);
      expect(seen.isSpeaking).toBe(true);
      expect(b.getSnapshot().activeSpeakerId).toBe(seen.id);
      expect(a.getSnapshot().localParticipant.audioLevel).toBeGreaterThan(0.06);
      expect(a.getSnapshot().activeSpeakerId).toBe('local');
    }, { timeout: 5000, interval: 20 });
    expect(b.getSnapshot().localParticipant.isSpeaking).toBe(false);
    await Promise.all([a.leave(), b.leave()]);
  });

  it('refuses a join that canJoin denies: the joiner ends with PERMISSION_DENIED and nobody sees it', async () => {
    const member = await joinAs(211, 'private-room');
    await vi.waitFor(() => expect(member.getSnapshot().state).toBe('joined'));
    const intruder = await joinAs(666, 'private-room');
    await vi.waitFor(() => expect(intruder.getSnapshot().state).toBe('left'));
    expect(intruder.getSnapshot().error?.code).toBe('PERMISSION_DENIED');
    expect(intruder.getSnapshot().participants).toEqual([]);
    expect(member.getSnapshot().participants).toEqual([]);
    expect(groupCalls.stats()).toEqual({ groupCalls: 1, members: 1 });
    await member.leave();
  });

  it('drops a signal addressed to a membership that is no longer current', async () => {
    const a = await loggedIn(app.url, 221);
    const b = await loggedIn(app.url, 222);
    const join = async (client: typeof a) => (await client.create({ route: GroupCallRoute.join, body: { groupCallId: 'sig-room' } })).output as { membershipId: string; deviceId: string };
    const ma = await join(a);
    const mb = await join(b);
    const received: unknown[] = [];
    const off = b.readStream({ route: GroupCallRoute.signals, params: { groupCallId: 'sig-room', membershipId: mb.membershipId } }).subscribe((v) => received.push(v));
    const send = (to: { membershipId: string; deviceId: string }, payload: unknown) =>
      a.create({ route: GroupCallRoute.signal, body: { groupCallId: 'sig-room', membershipId: ma.membershipId, to: { userId: 222, ...to }, payload } });

    expect((await send(mb, 'first')).success).toBe(true);
    await vi.waitFor(() => expect(JSON.stringify(received)).toContain('first'));
    // b rejoins from the same device: its old membership is replaced.
    const mb2 = await join(b);
    expect(mb2.membershipId).not.toBe(mb.membershipId);
    const stale = await send(mb, 'to-the-old-one');
    expect(stale.success).toBe(false);
    expect(stale.error?.code).toBe('STALE_MEMBERSHIP');
    // A forged device id for a current membership is stale too.
    expect((await send({ membershipId: mb2.membershipId, deviceId: 'forged' }, 'forged')).error?.code).toBe('STALE_MEMBERSHIP');
    expect(JSON.stringify(received)).not.toContain('to-the-old-one');
    off();
    for (const [client, m] of [[a, ma], [b, mb2]] as const) await client.create({ route: GroupCallRoute.leave, body: { groupCallId: 'sig-room', membershipId: m.membershipId } });
    expect(groupCalls.stats()).toEqual({ groupCalls: 0, members: 0 });
  });

  it('answers GROUP_FULL to the ninth member of a full call', async () => {
    const clients = await Promise.all(Array.from({ length: 9 }, (_, i) => loggedIn(app.url, 231 + i)));
    const answers = [];
    for (const client of clients.slice(0, 8)) answers.push(await client.create({ route: GroupCallRoute.join, body: { groupCallId: 'full-room' } }));
    expect(answers.every((a) => a.success)).toBe(true);
    const ninth = await clients[8]!.create({ route: GroupCallRoute.join, body: { groupCallId: 'full-room' } });
    expect(ninth.error?.code).toBe('GROUP_FULL');
    expect(groupCalls.stats().members).toBe(8);
    for (const [i, a] of answers.entries()) {
      await clients[i]!.create({ route: GroupCallRoute.leave, body: { groupCallId: 'full-room', membershipId: (a.output as { membershipId: string }).membershipId } });
    }
    expect(groupCalls.stats()).toEqual({ groupCalls: 0, members: 0 });
  });
});
