/**
 * An in-memory client with the call service surface (requestCallToUser, onIncomingCall) and
 * hand-driven handles, for unit tests of the call hooks and components. The e2e test runs the
 * real client, server and WebRTC.
 */
import { AsklessError } from '../../../src/core/errors.js';
import type {
  AcceptCallOptions,
  AcceptingCallResult,
  CallAdditionalData,
  CallEndReason,
  CallState,
  LiveCall,
  ReceivingCall,
  RequestCallHandle,
  RequestCallResult,
  RequestCallToUserOptions,
} from '../../../src/core/calls/types.js';
import type { AsklessResponse, AsklessStream, AuthenticationState, ConnectionState } from '../../../src/core/types.js';
import type { AsklessClientLike } from '../../../src/hooks/internal/client.js';
import type { CallCapableClient } from '../../../src/hooks/internal/callsTypes.js';
import { FakeMediaStream, FakeTrack } from './fakeMedia.js';

class Emitter<T> {
  private readonly listeners = new Set<(value: T) => void>();
  on(listener: (value: T) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit(value: T): void {
    for (const l of [...this.listeners]) l(value);
  }
  get size(): number {
    return this.listeners.size;
  }
}

export class FakeLiveCall implements LiveCall {
  state: CallState = 'connecting';
  endReason: CallEndReason | undefined;
  remoteStream: MediaStream | undefined = new FakeMediaStream([new FakeTrack('audio'), new FakeTrack('video')]).asStream;
  closeCount = 0;
  disposed = false;
  private readonly states = new Emitter<CallState>();
  private readonly closes = new Emitter<CallEndReason>();
  private readonly connections = new Emitter<boolean>();
  private readonly streams = new Emitter<MediaStream>();
  constructor(
    readonly remoteUserId: string | number,
    readonly localStream: MediaStream | undefined,
  ) {}
  onStateChange(l: (s: CallState) => void) {
    return this.states.on(l);
  }
  onClose(l: (r: CallEndReason) => void) {
    return this.closes.on(l);
  }
  onRemoteUserConnectionChange(l: (c: boolean) => void) {
    return this.connections.on(l);
  }
  onRemoteStream(l: (s: MediaStream) => void) {
    return this.streams.on(l);
  }
  closeCall(): void {
    this.closeCount++;
    this.finish('hangup');
  }
  dispose(): void {
    this.disposed = true;
  }
  setState(state: CallState): void {
    this.state = state;
    this.states.emit(state);
  }
  setRemoteConnected(connected: boolean): void {
    this.connections.emit(connected);
    this.setState(connected ? 'connected' : 'reconnecting');
  }
  /** The remote user hung up (or the peer failed). */
  finish(reason: CallEndReason): void {
    if (this.state === 'ended') return;
    this.endReason = reason;
    this.setState('ended');
    this.closes.emit(reason);
  }
}

export class FakeRequestHandle implements RequestCallHandle {
  state: CallState = 'requesting';
  disposeCount = 0;
  private readonly states = new Emitter<CallState>();
  private settle!: (result: RequestCallResult) => void;
  private readonly result = new Promise<RequestCallResult>((resolve) => (this.settle = resolve));
  constructor(readonly options: RequestCallToUserOptions) {}
  response(): Promise<RequestCallResult> {
    return this.result;
  }
  onStateChange(l: (s: CallState) => void) {
    return this.states.on(l);
  }
  dispose(): void {
    this.disposeCount++;
  }
  setState(state: CallState): void {
    this.state = state;
    this.states.emit(state);
  }
  /** The callee accepted: resolves with a live call using our local stream. */
  accept(): FakeLiveCall {
    const live = new FakeLiveCall(this.options.userId, this.options.localStream);
    this.setState('connecting');
    this.settle({ callAccepted: true, liveCall: live, additionalData: {} });
    return live;
  }
  decline(endReason: CallEndReason, additionalData: CallAdditionalData = {}): void {
    this.settle({ callAccepted: false, additionalData, endReason });
  }
}

export class FakeReceivingCall implements ReceivingCall {
  state: CallState = 'incoming';
  endReason: CallEndReason | undefined;
  rejections: CallAdditionalData[] = [];
  accepts: AcceptCallOptions[] = [];
  disposeCount = 0;
  live: FakeLiveCall | undefined;
  private readonly states = new Emitter<CallState>();
  private readonly cancels = new Emitter<void>();
  constructor(
    readonly remoteUserId: string | number,
    readonly additionalData: CallAdditionalData = {},
  ) {}
  onStateChange(l: (s: CallState) => void) {
    return this.states.on(l);
  }
  onCanceled(l: () => void) {
    return this.cancels.on(l);
  }
  async acceptCall(options: AcceptCallOptions = {}): Promise<AcceptingCallResult> {
    this.accepts.push(options);
    this.live = new FakeLiveCall(this.remoteUserId, options.localStream);
    return { success: true, liveCall: this.live };
  }
  rejectCall(additionalData: CallAdditionalData = {}): void {
    this.rejections.push(additionalData);
    // As the core does: the session ends and state listeners hear it synchronously.
    if (this.state === 'incoming' || this.state === 'accepting') {
      this.state = 'ended';
      this.states.emit('ended');
    }
  }
  dispose(): void {
    this.disposeCount++;
  }
  cancel(reason: CallEndReason = 'canceled'): void {
    this.endReason = reason;
    this.state = 'ended';
    this.cancels.emit();
  }
}

/** The fake client: a provider-compatible AsklessClientLike plus the call service. */
export class FakeCallClient implements AsklessClientLike, CallCapableClient {
  connection: ConnectionState = { status: 'connected' };
  authentication: AuthenticationState = { status: 'authenticated', userId: 1, claims: [] };
  readonly requests: FakeRequestHandle[] = [];
  private readonly incoming = new Emitter<ReceivingCall>();

  get incomingListenerCount(): number {
    return this.incoming.size;
  }
  requestCallToUser(options: RequestCallToUserOptions): RequestCallHandle {
    const handle = new FakeRequestHandle(options);
    this.requests.push(handle);
    return handle;
  }
  onIncomingCall(listener: (call: ReceivingCall) => void): () => void {
    return this.incoming.on(listener);
  }
  /** Someone calls us. */
  ring(remoteUserId: string | number, additionalData: CallAdditionalData = {}): FakeReceivingCall {
    const call = new FakeReceivingCall(remoteUserId, additionalData);
    this.incoming.emit(call);
    return call;
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
