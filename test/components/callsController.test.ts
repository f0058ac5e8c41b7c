import { describe, expect, it, vi } from 'vitest';
import { CallsController } from '../../src/hooks/internal/callsController.js';
import { createAsklessStore } from '../../src/hooks/internal/store.js';
import { AsklessError } from '../../src/core/errors.js';
import type { AcquireMedia } from '../../src/hooks/internal/callsTypes.js';
import { FakeCallClient, FakeRequestHandle } from './support/fakeCallClient.js';
import { FakeMediaStream, fakeAudioVideoStream } from './support/fakeMedia.js';

function setup(acquire?: AcquireMedia) {
  const client = new FakeCallClient();
  const store = createAsklessStore({ connection: client.connection, authentication: client.authentication });
  const streams: FakeMediaStream[] = [];
  const acquireMedia: AcquireMedia =
    acquire ??
    (async () => {
      const stream = fakeAudioVideoStream();
      streams.push(stream);
      return { stream: stream.asStream, permission: 'granted' };
    });
  const controller = new CallsController(client, store, { acquireMedia, releaseGraceMs: 0 });
  const call = () => store.getState().calls.call;
  return { client, store, controller, streams, call };
}

describe('CallsController (outgoing)', () => {
  it('walks requesting → ringing → connecting → connected and ends with remote_hangup, stopping the acquired tracks', async () => {
    const { client, controller, streams, call } = setup();
    const attempt = controller.requestCall({ userId: 2, media: { audio: true, video: true }, additionalData: { topic: 'x' } });
    await vi.waitFor(() => expect(client.requests).toHaveLength(1));
    const handle = client.requests[0]!;
    expect(handle.options).toMatchObject({ userId: 2, additionalData: { topic: 'x' } });
    expect(handle.options.localStream).toBe(streams[0]!.asStream);
    expect(call()).toMatchObject({ state: 'requesting', permission: 'granted', isMicrophoneOn: true, isCameraOn: true, direction: 'outgoing', remoteUserId: 2 });
    handle.setState('ringing');
    expect(call().state).toBe('ringing');
    const live = handle.accept();
    expect(await attempt).toEqual({ ok: true });
    expect(call().state).toBe('connecting');
    expect(call().remoteStream).toBe(live.remoteStream);
    live.setState('connected');
    expect(call()).toMatchObject({ state: 'connected', remoteUserConnected: true });
    live.setRemoteConnected(false);
    expect(call()).toMatchObject({ state: 'reconnecting', remoteUserConnected: false });
    live.finish('remote_hangup');
    expect(call()).toMatchObject({ state: 'ended', endReason: 'remote_hangup', localStream: undefined, remoteStream: undefined });
    expect(streams[0]!.getTracks().map((t) => t.readyState)).toEqual(['ended', 'ended']);
    expect(live.disposed).toBe(true);
  });

  it('reports a blocked camera as permission "blocked" and media_error without placing the call', async () => {
    const { client, controller, call } = setup(async () => ({
      permission: 'blocked',
      error: new AsklessError('PERMISSION_BLOCKED', 'denied'),
    }));
    const result = await controller.requestCall({ userId: 2, media: { video: true } });
    expect(result).toMatchObject({ ok: false, endReason: 'media_error' });
    expect(result.error?.code).toBe('PERMISSION_BLOCKED');
    expect(call()).toMatchObject({ state: 'ended', endReason: 'media_error', permission: 'blocked' });
    expect(client.requests).toHaveLength(0);
  });

  it('maps a thrown getUserMedia-style error from a custom acquireMedia to a typed permission', async () => {
    const { controller, call } = setup(async () => {
      throw Object.assign(new Error('busy'), { name: 'NotReadableError' });
    });
    await controller.requestCall({ userId: 2, media: { audio: true } });
    expect(call()).toMatchObject({ state: 'ended', endReason: 'media_error', permission: 'in_use' });
    expect(call().error?.code).toBe('DEVICE_IN_USE');
  });

  it('stops tracks that arrive after the user already hung up during the permission prompt', async () => {
    let grant!: () => void;
    const late = fakeAudioVideoStream();
    const { client, controller, call } = setup(
      () => new Promise((resolve) => (grant = () => resolve({ stream: late.asStream, permission: 'granted' }))),
    );
    const attempt = controller.requestCall({ userId: 2, media: { audio: true, video: true } });
    expect(call()).toMatchObject({ state: 'requesting', permission: 'prompting' });
    controller.hangUp();
    expect(call()).toMatchObject({ state: 'ended', endReason: 'hangup' });
    grant();
    await attempt;
    expect(late.getTracks().every((t) => t.readyState === 'ended')).toBe(true);
    expect(client.requests).toHaveLength(0);
  });

  it('ends with the callee’s reason (busy) and keeps a stream the app passed in running', async () => {
    const own = fakeAudioVideoStream();
    const { client, controller, call } = setup();
    const attempt = controller.requestCall({ userId: 3, localStream: own.asStream });
    await vi.waitFor(() => expect(client.requests).toHaveLength(1));
    client.requests[0]!.decline('busy', { reason: 'busy' });
    expect(await attempt).toMatchObject({ ok: false, endReason: 'busy' });
    expect(call()).toMatchObject({ state: 'ended', endReason: 'busy' });
    expect(own.getTracks().every((t) => t.readyState === 'live')).toBe(true);
  });

  it('cancels a ringing call on hangUp and closes a live call that was accepted too late', async () => {
    const { client, controller, call } = setup();
    const attempt = controller.requestCall({ userId: 2 });
    await vi.waitFor(() => expect(client.requests).toHaveLength(1));
    const handle = client.requests[0]!;
    controller.hangUp();
    expect(handle.disposeCount).toBeGreaterThan(0);
    expect(call()).toMatchObject({ state: 'ended', endReason: 'hangup' });
    const live = handle.accept();
    await attempt;
    expect(live.closeCount).toBe(1);
    expect(call().endReason).toBe('hangup');
  });

  it('refuses a second call while one is active, with CONFLICT, and validates the user id', async () => {
    const { controller, call } = setup();
    void controller.requestCall({ userId: 2 });
    const second = await controller.requestCall({ userId: 3 });
    expect(second.error?.code).toBe('CONFLICT');
    expect(call().remoteUserId).toBe(2);
    controller.hangUp();
    const invalid = await controller.requestCall({ userId: '' });
    expect(invalid.error?.code).toBe('INVALID_ARGUMENT');
  });

  it('turns a call service that throws or rejects into connection_failed state instead of a rejection', async () => {
    const { client, controller, streams, call } = setup();
    client.requestCallToUser = () => {
      throw new Error('socket gone');
    };
    const thrown = await controller.requestCall({ userId: 2, media: { audio: true } });
    expect(thrown).toMatchObject({ ok: false, endReason: 'connection_failed' });
    expect(thrown.error?.code).toBe('CONNECTION_FAILED');
    expect(streams[0]!.getTracks().every((t) => t.readyState === 'ended')).toBe(true);
    client.requestCallToUser = (options) => Object.assign(new FakeRequestHandle(options), { response: () => Promise.reject(new Error('broken')) });
    expect(await controller.requestCall({ userId: 2 })).toMatchObject({ ok: false, endReason: 'connection_failed' });
    expect(call().state).toBe('ended');
  });

  it('toggles microphone and camera by enabling and disabling the local tracks', async () => {
    const { client, controller, streams, call } = setup();
    void controller.requestCall({ userId: 2, media: { audio: true, video: true } });
    await vi.waitFor(() => expect(client.requests).toHaveLength(1));
    controller.toggleMicrophone();
    expect(call()).toMatchObject({ isMicrophoneOn: false, isCameraOn: true });
    expect(streams[0]!.getAudioTracks()[0]!.enabled).toBe(false);
    controller.toggleCamera();
    controller.toggleMicrophone();
    expect(call()).toMatchObject({ isMicrophoneOn: true, isCameraOn: false });
    expect(streams[0]!.getVideoTracks()[0]!.enabled).toBe(false);
  });
});

describe('CallsController (incoming)', () => {
  it('listens only while an incoming holder is retained and ends the call when the last holder leaves', async () => {
    const { client, controller, streams, call, store } = setup();
    const release = controller.retain({ incoming: true });
    expect(client.incomingListenerCount).toBe(1);
    const ringing = client.ring(5, { callerName: 'Eve' });
    expect(call()).toMatchObject({ state: 'incoming', direction: 'incoming', remoteUserId: 5 });
    expect(store.getState().calls.incoming).toEqual({ remoteUserId: 5, additionalData: { callerName: 'Eve' } });
    expect(await controller.acceptIncoming({ media: { audio: true, video: true } })).toEqual({ ok: true });
    expect(store.getState().calls.incoming).toBeNull();
    expect(ringing.accepts[0]!.localStream).toBe(streams[0]!.asStream);
    release();
    await vi.waitFor(() => expect(call().state).toBe('ended'));
    expect(call().endReason).toBe('hangup');
    expect(ringing.live!.closeCount).toBe(1);
    expect(streams[0]!.getTracks().every((t) => t.readyState === 'ended')).toBe(true);
    expect(client.incomingListenerCount).toBe(0);
  });

  it('answers the ringing call when the user calls the person who is calling them (glare)', async () => {
    const { client, controller, streams, call } = setup();
    controller.retain({ incoming: true });
    const ringing = client.ring(5);
    expect(await controller.requestCall({ userId: '5', media: { audio: true } })).toEqual({ ok: true });
    expect(client.requests).toHaveLength(0);
    expect(ringing.accepts[0]!.localStream).toBe(streams[0]!.asStream);
    expect(call()).toMatchObject({ state: 'connecting', direction: 'incoming', remoteUserId: 5 });
    const other = await controller.requestCall({ userId: 6 });
    expect(other.error?.code).toBe('CONFLICT');
  });

  it('stops listening for calls once the last incoming holder leaves, and ends the call only when no holder is left', () => {
    vi.useFakeTimers();
    try {
      const { client, controller, call } = setup();
      const releaseDialog = controller.retain({ incoming: true });
      const releaseView = controller.retain({ incoming: false });
      releaseDialog();
      const releaseOtherView = controller.retain({ incoming: false });
      vi.advanceTimersByTime(100);
      expect(client.incomingListenerCount).toBe(0);
      void controller.requestCall({ userId: 2 });
      releaseView();
      vi.advanceTimersByTime(100);
      expect(call().state).toBe('requesting');
      releaseOtherView();
      vi.advanceTimersByTime(100);
      expect(call()).toMatchObject({ state: 'ended', endReason: 'hangup' });
    } finally {
      vi.useRealTimers();
    }
  });

  it('rejects a second caller with reason busy while a call is active', () => {
    const { client, controller, call } = setup();
    controller.retain({ incoming: true });
    client.ring(5);
    const second = client.ring(6);
    expect(second.rejections).toEqual([{ reason: 'busy' }]);
    expect(call().remoteUserId).toBe(5);
  });

  it('ends with canceled when the caller gives up, and with missed when the ring times out', () => {
    const { client, controller, call, store } = setup();
    controller.retain({ incoming: true });
    client.ring(5).cancel();
    expect(call()).toMatchObject({ state: 'ended', endReason: 'canceled' });
    expect(store.getState().calls.incoming).toBeNull();
    client.ring(6).cancel('missed');
    expect(call()).toMatchObject({ state: 'ended', endReason: 'missed', remoteUserId: 6 });
  });

  it('rejects on reject() and on hangUp() while ringing', () => {
    const { client, controller, call } = setup();
    controller.retain({ incoming: true });
    const first = client.ring(5);
    controller.rejectIncoming();
    expect(first.rejections).toHaveLength(1);
    expect(call()).toMatchObject({ state: 'ended', endReason: 'rejected' });
    const second = client.ring(6);
    controller.hangUp();
    expect(second.rejections).toHaveLength(1);
  });

  it('tells the caller media_error when our camera is blocked while answering', async () => {
    const { client, controller, call } = setup(async () => ({ permission: 'blocked', error: new AsklessError('PERMISSION_BLOCKED', 'denied') }));
    controller.retain({ incoming: true });
    const ringing = client.ring(5);
    const result = await controller.acceptIncoming({ media: { video: true } });
    expect(result.ok).toBe(false);
    expect(ringing.rejections).toEqual([{ reason: 'media_error' }]);
    expect(ringing.accepts).toHaveLength(0);
    expect(call()).toMatchObject({ state: 'ended', endReason: 'media_error', permission: 'blocked' });
  });
});
