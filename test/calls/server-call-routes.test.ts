/**
 * Our server's `askless-internal/call/*` routes driven by a Flutter-shaped wire client: the
 * Flutter-visible shapes of the 2.0.3 fixtures (call-accept, call-reject, call-cancel,
 * call-accept-after-cancel, call-response-self) plus the fixes of docs/calls.md.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../support/reference-app.js';
import { WireClient, type Received } from '../support/wire-client.js';

const R = {
  receive: 'askless-internal/call/receive',
  request: 'askless-internal/call/request',
  lfac: 'askless-internal/call/listen-for-a-call',
  response: 'askless-internal/call/response',
  ice: 'askless-internal/call/ice-candidate-list',
  close: 'askless-internal/call/close',
};
const OFFER = { sdp: 'v=0\r\no=- 1111111111111111111 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n', type: 'offer' };
const ANSWER = { sdp: 'v=0\r\no=- 2222222222222222222 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n', type: 'answer' };
const ICE = [
  { candidate: 'candidate:1 1 udp 2122260223 192.0.2.10 54400 typ host generation 0', id: '0', label: 0 },
  { candidate: 'candidate:2 1 udp 1686052607 203.0.113.7 61000 typ srflx raddr 192.0.2.10 rport 54400 generation 0', id: '0', label: 0 },
];

let app: ReferenceServer;
const clients: WireClient[] = [];
beforeAll(async () => {
  app = await startReferenceServer();
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await app.stop();
});

async function user(n: number): Promise<WireClient> {
  const c = await WireClient.connect(app.url);
  clients.push(c);
  await c.configure();
  const auth = await c.authenticate({ accessToken: `token-${n}` });
  expect(auth.output).toEqual({ userId: n, claims: ['user'] });
  return c;
}

const isStop = (listenId: string) => (f: Received) => typeof f === 'object' && f['_class_type_stoplistening'] === '_' && f['listenId'] === listenId;
/** Frames sent before a round trip have all arrived after it (one socket, in order). */
const settle = (c: WireClient) => c.read('products');
const stopsFor = (c: WireClient, listenId: string) => c.received.filter(isStop(listenId)).length;
const pushesFor = (c: WireClient, listenId: string) => c.received.filter((f) => typeof f === 'object' && f['_class_type_newDataForListener'] === '_' && f['listenId'] === listenId);

/** U2 listens for calls, U1 requests one, U2 follows the call: the fixtures' opening. */
async function ringing(caller: number, callee: number) {
  const u1 = await user(caller);
  const u2 = await user(callee);
  const receive = await u2.listen(R.receive);
  expect((await u2.push(receive.listenId)).output).toEqual({ hasCallRequest: false });
  const l1 = await u1.listen(R.lfac, { remoteUserId: callee });
  expect((await u1.push(l1.listenId)).output).toEqual({ remoteUserId: callee });
  const req = await u1.modify('CREATE', R.request, { remoteUserId: callee, sdp: OFFER, additionalData: { callerName: 'user one' } });
  expect(req.output).toEqual({ info: 'You requested a call' });
  expect(req.error).toBeUndefined();
  expect((await u2.push(receive.listenId)).output).toEqual({ hasCallRequest: true, remoteUserId: caller, sdp: OFFER, additionalData: { callerName: 'user one' } });
  const l2 = await u2.listen(R.lfac, { remoteUserId: caller });
  expect((await u2.push(l2.listenId)).output).toEqual({ sdp: OFFER, additionalData: { callerName: 'user one' }, remoteUserId: caller });
  expect((await u1.push(l1.listenId)).output).toEqual({ remoteUserIsConnected: true });
  return { u1, u2, l1: l1.listenId, l2: l2.listenId, receive: receive.listenId };
}

describe('call routes (Flutter-shaped client, our server)', () => {
  it('accept → ICE batch → close: fixture shapes, one StopListening per stream, repeated close is a no-op', async () => {
    const { u1, u2, l1, l2 } = await ringing(1, 2);
    const ice = await u2.listen(R.ice, { remoteUserId: 1 });
    expect((await u2.push(ice.listenId)).output).toEqual({ remoteUserId: 1, iceCandidateList: [] });
    const acc = await u2.modify('CREATE', R.response, { callAccepted: true, remoteUserId: 1, sdp: ANSWER, additionalData: {} });
    expect(acc.output).toEqual({ info: 'You (user 2) accepted the call of user 1' });
    expect((await u1.push(l1)).output).toEqual({ callAccepted: true, sdp: ANSWER, additionalData: {}, remoteUserId: 2 });
    expect((await u1.modify('CREATE', R.ice, { remoteUserId: 2, iceCandidateList: ICE })).output).toEqual({});
    expect((await u2.push(ice.listenId)).output).toEqual({ remoteUserId: 1, iceCandidateList: ICE });

    // Flutter's closeCall() sends call/close twice; the callee sends one more after its dispose.
    expect((await u1.modify('CREATE', R.close, { remoteUserId: 2, callClosed: true })).output).toEqual({});
    expect((await u1.modify('CREATE', R.close, { remoteUserId: 2, callClosed: true })).output).toEqual({});
    expect((await u2.push(l2)).output).toEqual({ callClosed: true });
    await u2.next(isStop(l2));
    await u1.next(isStop(l1));
    expect((await u2.modify('CREATE', R.close, { remoteUserId: 1, callClosed: true })).output).toEqual({});
    await Promise.all([settle(u1), settle(u2)]);
    expect(stopsFor(u1, l1)).toBe(1);
    expect(stopsFor(u2, l2)).toBe(1);
    expect(pushesFor(u2, l2).filter((f) => typeof f === 'object' && f['output']?.callClosed)).toHaveLength(1);
    // The closer is told nothing but the StopListening (2.0.3 echoed callClosed to it too).
    expect(pushesFor(u1, l1).some((f) => typeof f === 'object' && f['output']?.callClosed)).toBe(false);
  });

  it('reject: the caller gets the callee additionalData, then each side one StopListening', async () => {
    const { u1, u2, l1, l2 } = await ringing(11, 12);
    const rej = await u2.modify('CREATE', R.response, { remoteUserId: 11, callAccepted: false, additionalData: { reason: 'busy' } });
    expect(rej.output).toEqual({ info: 'You (user 12) rejected the call of user 11' });
    expect((await u1.push(l1)).output).toEqual({ callClosed: true, callAccepted: false, additionalData: { reason: 'busy' }, remoteUserId: 12 });
    await u1.next(isStop(l1));
    await u2.next(isStop(l2));
    await Promise.all([settle(u1), settle(u2)]);
    expect(stopsFor(u1, l1)).toBe(1);
    expect(stopsFor(u2, l2)).toBe(1);
  });

  it('explicit cancel reaches the callee once; accepting afterwards answers CALL_NOT_AVAILABLE_ANYMORE', async () => {
    const { u1, u2, l1, l2 } = await ringing(21, 22);
    expect((await u1.modify('CREATE', R.close, { remoteUserId: 22, callClosed: true, endReason: 'missed' })).output).toEqual({});
    expect((await u2.push(l2)).output).toEqual({ callClosed: true, callAccepted: false, endReason: 'missed' });
    await u2.next(isStop(l2));
    const late = await u2.modify('CREATE', R.response, { callAccepted: true, remoteUserId: 21, sdp: ANSWER, additionalData: {} });
    expect(late.error).toMatchObject({ code: 'CALL_NOT_AVAILABLE_ANYMORE' });
    // Flutter's dispose after a cancel rejects: harmless, nothing reaches the caller.
    expect((await u2.modify('CREATE', R.response, { callAccepted: false, remoteUserId: 21, additionalData: {} })).error).toBeUndefined();
    await Promise.all([settle(u1), settle(u2)]);
    expect(stopsFor(u2, l2)).toBe(1);
    expect(stopsFor(u1, l1)).toBe(1);
    expect(pushesFor(u1, l1).some((f) => typeof f === 'object' && f['output']?.callClosed)).toBe(false);
  });

  it("Flutter's implicit cancel (the stream leaves the ping) ends the callee's call; a late accept fails", async () => {
    const { u1, u2, l2 } = await ringing(31, 32);
    u1.ping([]); // Flutter drops listen-for-a-call from its pings on dispose
    expect((await u2.push(l2)).output).toEqual({ callClosed: true, callAccepted: false });
    await u2.next(isStop(l2));
    const late = await u2.modify('CREATE', R.response, { callAccepted: true, remoteUserId: 31, sdp: ANSWER, additionalData: {} });
    expect(late.error).toMatchObject({ code: 'CALL_NOT_AVAILABLE_ANYMORE' });
    await settle(u2);
    expect(stopsFor(u2, l2)).toBe(1);
  });

  it('a self-call, a missing remoteUserId or a bad sdp is a BAD_REQUEST answer, and the server stays up', async () => {
    const u = await user(41);
    for (const [route, body] of [
      [R.response, { callAccepted: false, remoteUserId: 41, additionalData: {} }], // crashed 2.0.3 (call-response-self)
      [R.response, { callAccepted: true, additionalData: {} }],
      [R.request, { remoteUserId: 41, sdp: OFFER, additionalData: {} }],
      [R.request, { remoteUserId: 42, sdp: 'nope' }],
      [R.close, { callClosed: true }],
      [R.ice, { remoteUserId: 42, iceCandidateList: 'x' }],
    ] as const) {
      const res = await u.modify('CREATE', route, body);
      expect(res.error, `${route} ${JSON.stringify(body)}`).toMatchObject({ code: 'BAD_REQUEST' });
    }
    const listen = await u.listen(R.lfac, {});
    expect(listen.response.error).toMatchObject({ code: 'BAD_REQUEST' });
    expect((await u.read('products')).output).toHaveLength(2);
  });

  it('call/receive pushes each caller once, the newest offer of a repeated request, and re-emits a pending call on re-listen', async () => {
    const a = await user(51);
    const b = await user(52);
    const callee = await user(53);
    const receive = await callee.listen(R.receive);
    await callee.push(receive.listenId);
    await a.modify('CREATE', R.request, { remoteUserId: 53, sdp: OFFER, additionalData: { n: 1 } });
    expect((await callee.push(receive.listenId)).output).toMatchObject({ remoteUserId: 51, additionalData: { n: 1 } });
    await b.modify('CREATE', R.request, { remoteUserId: 53, sdp: OFFER, additionalData: { n: 2 } });
    // 2.0.3 pushed the first pending caller (51) again here; the new caller is what changed.
    expect((await callee.push(receive.listenId)).output).toMatchObject({ remoteUserId: 52, additionalData: { n: 2 } });
    await a.modify('CREATE', R.request, { remoteUserId: 53, sdp: { ...OFFER, sdp: OFFER.sdp + 'a=x\r\n' }, additionalData: { n: 3 } });
    expect((await callee.push(receive.listenId)).output).toMatchObject({ remoteUserId: 51, additionalData: { n: 3 } });
    // A re-listen (reconnect) shows the oldest pending caller: 52, since 51 re-requested.
    const again = await callee.listen(R.receive);
    expect((await callee.push(again.listenId)).output).toMatchObject({ hasCallRequest: true, remoteUserId: 52 });
  });

  it('a side that drops mid-call makes the other "alone", and its return reconnects it', async () => {
    const { u1, u2, l1 } = await ringing(61, 62);
    await u2.modify('CREATE', R.response, { callAccepted: true, remoteUserId: 61, sdp: ANSWER, additionalData: {} });
    await u1.push(l1); // the answer
    await u2.close();
    expect((await u1.push(l1)).output).toEqual({ remoteUserIsConnected: false });
    const back = await user(62);
    const l2b = await back.listen(R.lfac, { remoteUserId: 61 });
    // The returning callee sees what the caller last posted for it (its offer) and ignores it.
    expect((await back.push(l2b.listenId)).output).toMatchObject({ remoteUserId: 61, sdp: OFFER });
    expect((await u1.push(l1)).output).toEqual({ remoteUserIsConnected: true });
    expect((await back.modify('CREATE', R.close, { remoteUserId: 61, callClosed: true })).output).toEqual({});
    expect((await u1.push(l1)).output).toEqual({ callClosed: true });
    await u1.next(isStop(l1));
  });

  it('a user on two devices: one accepts, the other stops ringing; one device leaving does not mark the user gone', async () => {
    const u1 = await user(81);
    const phone = await user(82);
    const laptop = await user(82);
    const l1 = await u1.listen(R.lfac, { remoteUserId: 82 });
    await u1.push(l1.listenId);
    await u1.modify('CREATE', R.request, { remoteUserId: 82, sdp: OFFER, additionalData: {} });
    const onPhone = await phone.listen(R.lfac, { remoteUserId: 81 });
    const onLaptop = await laptop.listen(R.lfac, { remoteUserId: 81 });
    await phone.push(onPhone.listenId);
    await laptop.push(onLaptop.listenId);
    await phone.modify('CREATE', R.response, { callAccepted: true, remoteUserId: 81, sdp: ANSWER, additionalData: {} });
    expect((await u1.next((f) => typeof f === 'object' && f['listenId'] === l1.listenId && f['output']?.callAccepted === true)) as object).toBeTruthy();
    expect((await laptop.next((f) => typeof f === 'object' && f['listenId'] === onLaptop.listenId && f['output']?.callClosed === true)) as object).toMatchObject({
      output: { callClosed: true, callAccepted: false },
    });
    await laptop.next(isStop(onLaptop.listenId));
    await laptop.close();
    // The phone still follows the call: no "remote user disconnected" for the caller.
    expect((await phone.modify('CREATE', R.close, { remoteUserId: 81, callClosed: true })).output).toEqual({});
    const notReconnect = (f: Received) =>
      typeof f === 'object' && f['listenId'] === l1.listenId && f['_class_type_newDataForListener'] === '_' && f['output']?.remoteUserIsConnected !== true;
    // The next news for the caller is the hang-up, not a `remoteUserIsConnected:false` from the laptop.
    expect(((await u1.next(notReconnect)) as Record<string, any>)['output']).toEqual({ callClosed: true });
  });

  it('a caller that disconnects while ringing cancels the call for the callee', async () => {
    const { u1, u2, l2 } = await ringing(71, 72);
    await u1.close();
    expect((await u2.push(l2)).output).toEqual({ callClosed: true, callAccepted: false });
    await u2.next(isStop(l2));
  });
});
