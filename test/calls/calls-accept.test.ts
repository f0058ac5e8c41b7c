/**
 * Two real clients call each other through the project's server with `@roamhq/wrtc`: accept,
 * media arrival, hang-up from each side, and the c2s shapes our client puts on the wire.
 */
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../support/reference-app.js';
import type { ReceivingCall } from '../../src/core/calls/types.js';
import { cleanup, localMedia, loggedIn, recordStates } from './helpers.js';
import { FIXTURES_DIR } from '../support/fixtures.js';

let app: ReferenceServer;
/** Every c2s frame of the call routes, by connection id. */
const c2s: Array<Record<string, any>> = [];
beforeAll(async () => {
  app = await startReferenceServer({
    init: {
      tap: ({ direction, frame }) => {
        if (direction === 'in' && typeof frame === 'object' && frame !== null && String((frame as { route?: unknown }).route).startsWith('askless-internal/call/')) {
          c2s.push(frame as Record<string, any>);
        }
      },
    },
  });
});
afterEach(() => cleanup());
afterAll(async () => {
  await app.stop();
});

describe('an accepted call (wrtc, real server)', () => {
  it('connects both sides, delivers each remote track, and a caller hang-up ends both with the right reasons', async () => {
    const caller = await loggedIn(app.url, 101);
    const callee = await loggedIn(app.url, 102);
    const incoming = new Promise<ReceivingCall>((resolve) => callee.onIncomingCall(resolve));

    const handle = caller.requestCallToUser({ userId: 102, localStream: localMedia({ video: true }), additionalData: { callerName: 'user one' } });
    const callerStates = recordStates(handle);
    const call = await incoming;
    expect(call.remoteUserId).toBe(101);
    expect(call.additionalData).toEqual({ callerName: 'user one' });
    expect(call.state).toBe('incoming');
    const calleeStates = recordStates(call);

    const accepted = await call.acceptCall({ localStream: localMedia({ video: false, audio: true }), additionalData: { calleeName: 'user two' } });
    expect(accepted.error).toBeUndefined();
    expect(accepted.success).toBe(true);
    const result = await handle.response();
    expect(result.callAccepted).toBe(true);
    expect(result.additionalData).toEqual({ calleeName: 'user two' });
    const callerLive = result.liveCall!;
    const calleeLive = accepted.liveCall!;

    await vi.waitFor(() => {
      expect(callerLive.state).toBe('connected');
      expect(calleeLive.state).toBe('connected');
    }, { timeout: 10_000 });
    await vi.waitFor(() => {
      expect(calleeLive.remoteStream?.getVideoTracks()).toHaveLength(1);
      expect(callerLive.remoteStream?.getAudioTracks()).toHaveLength(1);
    });

    const closedOnCallee = new Promise((resolve) => calleeLive.onClose(resolve));
    callerLive.closeCall();
    expect(await closedOnCallee).toBe('remote_hangup');
    expect(callerLive.endReason).toBe('hangup');
    expect(callerStates).toEqual(['requesting', 'ringing', 'connecting', 'connected', 'ended']);
    expect(calleeStates).toEqual(['incoming', 'accepting', 'connecting', 'connected', 'ended']);
  });

  it('a callee hang-up ends the caller with remote_hangup; closing twice sends one call/close', async () => {
    const caller = await loggedIn(app.url, 111);
    const callee = await loggedIn(app.url, 112);
    const calleeLive = new Promise<import('../../src/core/calls/types.js').LiveCall>((resolve) =>
      callee.onIncomingCall(async (call) => resolve((await call.acceptCall({ localStream: localMedia() })).liveCall!)),
    );
    const result = await caller.requestCallToUser({ userId: 112, localStream: localMedia() }).response();
    expect(result.callAccepted).toBe(true);
    const callerLive = result.liveCall!;
    const live = await calleeLive;
    await vi.waitFor(() => expect([callerLive.state, live.state]).toEqual(['connected', 'connected']), { timeout: 10_000 });
    const callerClosed = new Promise((resolve) => callerLive.onClose(resolve));
    const closesBefore = c2s.filter((f) => f.route === 'askless-internal/call/close').length;
    live.closeCall();
    live.closeCall();
    live.dispose();
    expect(await callerClosed).toBe('remote_hangup');
    expect(live.endReason).toBe('hangup');
    expect(live.state).toBe('ended');
    const closes = c2s.filter((f) => f.route === 'askless-internal/call/close').slice(closesBefore);
    expect(closes.map((f) => f.body)).toEqual([{ remoteUserId: 111, callClosed: true }]);
  });

  it("puts the fixtures' c2s shapes on the wire (request, listen-for-a-call, ice-candidate-list, response)", async () => {
    c2s.length = 0;
    const caller = await loggedIn(app.url, 121);
    const callee = await loggedIn(app.url, 122);
    let calleeLive: import('../../src/core/calls/types.js').LiveCall | undefined;
    callee.onIncomingCall(async (call) => {
      calleeLive = (await call.acceptCall({ localStream: localMedia() })).liveCall;
    });
    const result = await caller.requestCallToUser({ userId: 122, localStream: localMedia(), additionalData: { a: 1 } }).response();
    await vi.waitFor(() => expect(calleeLive?.state).toBe('connected'), { timeout: 10_000 });
    const closed = new Promise((resolve) => result.liveCall!.onClose(resolve));
    calleeLive!.closeCall();
    expect(await closed).toBe('remote_hangup');
    await vi.waitFor(() => expect(c2s.some((f) => f.route === 'askless-internal/call/close')).toBe(true));

    const byRoute = (route: string) => c2s.filter((f) => f.route === `askless-internal/call/${route}`);
    const [request] = byRoute('request');
    expect(Object.keys(request!).sort()).toEqual(['_class_type_modify', 'body', 'clientRequestId', 'params', 'requestType', 'route']);
    expect(request).toMatchObject({ requestType: 'CREATE', params: null, body: { remoteUserId: 122, additionalData: { a: 1 }, sdp: { type: 'offer' } } });
    expect(Object.keys(request!.body).sort()).toEqual(['additionalData', 'remoteUserId', 'sdp']);
    expect(request!.body.sdp.sdp).toContain('a=candidate:'); // gathered before the offer (trickle:false)

    const listens = byRoute('listen-for-a-call');
    expect(listens.map((f) => f.params)).toEqual(expect.arrayContaining([{ remoteUserId: 122 }, { remoteUserId: 121 }]));
    for (const l of listens) expect(l).toMatchObject({ requestType: 'LISTEN', _class_type_listen: '_' });
    expect(byRoute('receive')[0]).toMatchObject({ requestType: 'LISTEN', params: null });

    const [response] = byRoute('response');
    expect(response!.body).toMatchObject({ callAccepted: true, remoteUserId: 121, sdp: { type: 'answer' }, additionalData: {} });
    expect(byRoute('ice-candidate-list').find((f) => f.requestType === 'LISTEN')?.params).toEqual({ remoteUserId: 121 });

    const [icePost] = byRoute('ice-candidate-list').filter((f) => f.requestType === 'CREATE');
    expect(icePost!.body.remoteUserId).toBe(122);
    expect(icePost!.body.iceCandidateList.length).toBeGreaterThan(0);
    for (const c of icePost!.body.iceCandidateList) {
      expect(Object.keys(c).sort()).toEqual(['candidate', 'id', 'label']);
      expect(c.candidate).toMatch(/^candidate:/);
      expect(typeof c.label).toBe('number');
    }
    expect(byRoute('close').map((f) => f.body)).toEqual([{ remoteUserId: 121, callClosed: true }]);

    // Same frame and body keys as the Flutter client's frames in the 2.0.3 fixture.
    const shape = (f: Record<string, any>) =>
      JSON.stringify([f.route, f.requestType, Object.keys(f).sort(), f.body && Object.keys(f.body).sort(), f.params && Object.keys(f.params).sort()]);
    const fixture = readFileSync(`${FIXTURES_DIR}/call-accept.jsonl`, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l))
      .filter((l) => l.dir === 'c2s' && String(l.frame?.route).startsWith('askless-internal/call/'))
      .map((l) => l.frame as Record<string, any>);
    expect(new Set(c2s.map(shape))).toEqual(new Set(fixture.map(shape)));
  });
});
