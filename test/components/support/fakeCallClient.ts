/**
 * A client for unit tests and stories of the call hooks and components: its `client.calls` is
 * the real CallManager on the real CallService, over the shared fake transport and fake peers of
 * test/calls/fakes.ts. The test (or story) plays the server and the other side with the drivers
 * below. The e2e test runs the real client, server and WebRTC.
 */
import { AsklessError } from '../../../src/core/errors.js';
import { CallService } from '../../../src/core/calls/call-service.js';
import { CallManagerEngine, type CallManagerEngineOptions } from '../../../src/core/calls/manager.js';
import type { CallAdditionalData, CallEndReason } from '../../../src/core/calls/types.js';
import type { AsklessResponse, AsklessStream, AuthenticationState, ConnectionState } from '../../../src/core/types.js';
import type { AsklessClientLike } from '../../../src/hooks/internal/client.js';
import { FakeTransport, fakePeers, type FakePeer } from '../../calls/fakes.js';
import { fakeAudioVideoStream } from './fakeMedia.js';

const OFFER = { type: 'offer' as const, sdp: 'v=0\r\nm=audio 9 x\r\na=mid:0\r\n' };
const ANSWER = { type: 'answer' as const, sdp: 'v=0\r\nanswer\r\n' };

/** Drives the media side of one call (the peer the service created for it). */
export class FakeCallMedia {
  constructor(
    protected readonly client: FakeCallClient,
    readonly remoteUserId: string | number,
  ) {}
  private get peer(): FakePeer {
    const peer = [...this.client.peers].reverse().find((p) => !p.destroyed);
    if (!peer) throw new Error('no live peer');
    return peer;
  }
  /** The remote camera and microphone, once connected. */
  remoteStream: MediaStream | undefined;
  /** Media flows (`remote`, or a fake audio+video stream, arrives): the call becomes `connected`. */
  connect(remote?: MediaStream): void {
    this.remoteStream ??= remote ?? fakeAudioVideoStream().asStream;
    this.peer.emit('stream', this.remoteStream);
    this.peer.emit('connect');
  }
  setRemoteConnected(connected: boolean): void {
    this.client.transport.push('listen-for-a-call', { remoteUserIsConnected: connected }, this.remoteUserId);
  }
  /** The other side hung up. */
  remoteHangUp(): void {
    this.client.transport.push('listen-for-a-call', { callClosed: true }, this.remoteUserId);
  }
  /** Hang-ups this side sent (`call/close`). */
  get closeCount(): number {
    return this.client.transport.createdOn('call/close').filter((b) => String(b.remoteUserId) === String(this.remoteUserId)).length;
  }
}

/** An outgoing call as the test (the server and callee) sees it. */
export class FakeOutgoing extends FakeCallMedia {
  private initialSent = false;
  constructor(
    client: FakeCallClient,
    readonly body: { remoteUserId: string | number; additionalData: CallAdditionalData },
  ) {
    super(client, body.remoteUserId);
  }
  private initial(): void {
    // The caller skips its stream's first value (computed before the request existed).
    if (this.initialSent) return;
    this.initialSent = true;
    this.client.transport.push('listen-for-a-call', {}, this.remoteUserId);
  }
  /** The callee answered. */
  accept(additionalData: CallAdditionalData = {}): this {
    this.initial();
    this.client.transport.push('listen-for-a-call', { callAccepted: true, sdp: ANSWER, additionalData }, this.remoteUserId);
    return this;
  }
  /** The callee declined (`additionalData.reason` may say busy, missed...). */
  decline(additionalData: CallAdditionalData = {}): void {
    this.initial();
    this.client.transport.push('listen-for-a-call', { callClosed: true, callAccepted: false, remoteUserId: this.remoteUserId, additionalData }, this.remoteUserId);
  }
}

/** An incoming call as the test (the server and caller) sees it. */
export class FakeIncoming extends FakeCallMedia {
  /** The caller canceled (or the ring timed out). */
  cancel(endReason?: CallEndReason): void {
    this.client.transport.push('listen-for-a-call', endReason ? { callClosed: true, callAccepted: false, endReason } : { callClosed: true, callAccepted: false }, this.remoteUserId);
  }
  private responses(accepted: boolean): CallAdditionalData[] {
    return this.client.transport
      .createdOn('call/response')
      .filter((b) => String(b.remoteUserId) === String(this.remoteUserId) && b.callAccepted === accepted)
      .map((b) => b.additionalData);
  }
  get rejections(): CallAdditionalData[] {
    return this.responses(false);
  }
  get accepts(): CallAdditionalData[] {
    return this.responses(true);
  }
}

/** The fake client: a provider-compatible AsklessClientLike plus a real `calls` manager. */
export class FakeCallClient implements AsklessClientLike {
  connection: ConnectionState = { status: 'connected' };
  authentication: AuthenticationState = { status: 'authenticated', userId: 1, claims: [] };
  readonly transport = new FakeTransport(1);
  readonly peers: FakePeer[];
  readonly calls: CallManagerEngine;

  constructor(options: CallManagerEngineOptions = {}) {
    const { factory, peers } = fakePeers();
    this.peers = peers;
    const service = new CallService({ transport: this.transport, createPeer: factory });
    // No stats or level timers: fake peers have no RTCPeerConnection to sample.
    this.calls = new CallManagerEngine(service, { statsIntervalMs: 0, levelUpdatesPerSecond: 0, ...options });
  }

  /** Outgoing calls that reached the server (`call/request`), oldest first. */
  get requests(): FakeOutgoing[] {
    return this.transport.createdOn('call/request').map((body) => new FakeOutgoing(this, body));
  }
  /** True while the client listens for incoming calls (`call/receive`). */
  get isReceiving(): boolean {
    return this.transport.listening.some((l) => l.open && l.route.endsWith('call/receive'));
  }
  /** Someone calls us. */
  ring(remoteUserId: string | number, additionalData: CallAdditionalData = {}): FakeIncoming {
    this.transport.push('call/receive', { hasCallRequest: true, remoteUserId, sdp: OFFER, additionalData });
    return new FakeIncoming(this, remoteUserId);
  }
  onConnectionChange(listener: (s: ConnectionState) => void, options?: { immediately?: boolean }) {
    if (options?.immediately !== false) listener(this.connection);
    return () => {};
  }
  onAuthenticationChange(listener: (s: AuthenticationState) => void, options?: { immediately?: boolean }) {
    if (options?.immediately !== false) listener(this.authentication);
    return () => {};
  }
  start(): void {}
  close(): void {}
  async authenticate() {
    return { success: true, userId: 1, claims: [] };
  }
  async clearAuthentication(): Promise<void> {}
  private async unsupported<T>(): Promise<AsklessResponse<T>> {
    return { success: false, output: undefined, error: new AsklessError('INVALID_ROUTE', 'not in this fake') };
  }
  read<T>() {
    return this.unsupported<T>();
  }
  create<T>() {
    return this.unsupported<T>();
  }
  update<T>() {
    return this.unsupported<T>();
  }
  delete<T>() {
    return this.unsupported<T>();
  }
  readStream<T>(): AsklessStream<T> {
    throw new Error('readStream is not part of this fake');
  }
}
