/**
 * Scriptable fake calls for stories: an outgoing handle, an incoming (receiving) call and a live
 * call whose states the story sets. They implement the core's call interfaces, so the real
 * calls controller, hooks and components run unchanged on top of them.
 */
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
} from '../../src/core/calls/types.js';

type Listener<T> = (value: T) => void;

class Emitter<T> {
  private readonly listeners = new Set<Listener<T>>();
  on(listener: Listener<T>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit(value: T): void {
    for (const listener of [...this.listeners]) listener(value);
  }
}

/**
 * A live call whose state, remote stream and ending the story controls.
 * @example
 * const live = new FakeLiveCall('bob', 'connected', remoteStream, localStream);
 * live.setState('reconnecting');
 * live.end('remote_hangup');
 */
export class FakeLiveCall implements LiveCall {
  private readonly states = new Emitter<CallState>();
  private readonly closes = new Emitter<CallEndReason>();
  private readonly remoteConnection = new Emitter<boolean>();
  private readonly remoteStreams = new Emitter<MediaStream>();
  state: CallState;
  endReason: CallEndReason | undefined;

  constructor(
    readonly remoteUserId: string | number,
    initialState: CallState,
    public remoteStream: MediaStream | undefined,
    readonly localStream: MediaStream | undefined,
  ) {
    this.state = initialState;
  }

  setState(state: CallState): void {
    if (this.state === 'ended') return;
    this.state = state;
    this.states.emit(state);
    if (state === 'reconnecting') this.remoteConnection.emit(false);
    if (state === 'connected') this.remoteConnection.emit(true);
  }

  setRemoteStream(stream: MediaStream): void {
    this.remoteStream = stream;
    this.remoteStreams.emit(stream);
  }

  /** Ends the call from "the other side" (or the network). */
  end(reason: CallEndReason): void {
    if (this.state === 'ended') return;
    this.state = 'ended';
    this.endReason = reason;
    this.states.emit('ended');
    this.closes.emit(reason);
  }

  onStateChange(listener: Listener<CallState>): () => void {
    return this.states.on(listener);
  }
  closeCall(): void {
    this.end('hangup');
  }
  onClose(listener: Listener<CallEndReason>): () => void {
    return this.closes.on(listener);
  }
  onRemoteUserConnectionChange(listener: Listener<boolean>): () => void {
    return this.remoteConnection.on(listener);
  }
  onRemoteStream(listener: Listener<MediaStream>): () => void {
    return this.remoteStreams.on(listener);
  }
  dispose(): void {}
}

/**
 * An outgoing call: `requesting` until the story calls `ring()`, `answer(...)` or `reject(...)`.
 * @example
 * const handle = new FakeOutgoingCall('bob', localStream);
 * handle.ring();
 * const live = handle.answer('connected', remoteStream);
 */
export class FakeOutgoingCall implements RequestCallHandle {
  private readonly states = new Emitter<CallState>();
  private resolve!: (result: RequestCallResult) => void;
  private readonly result = new Promise<RequestCallResult>((resolve) => {
    this.resolve = resolve;
  });
  state: CallState = 'requesting';
  liveCall: FakeLiveCall | undefined;

  constructor(
    readonly remoteUserId: string | number,
    readonly localStream: MediaStream | undefined,
  ) {}

  private set(state: CallState): void {
    this.state = state;
    this.states.emit(state);
  }

  ring(): void {
    this.set('ringing');
  }

  answer(liveState: CallState, remoteStream: MediaStream | undefined): FakeLiveCall {
    this.liveCall = new FakeLiveCall(this.remoteUserId, liveState, remoteStream, this.localStream);
    this.set(liveState);
    this.resolve({ callAccepted: true, liveCall: this.liveCall, additionalData: {} });
    return this.liveCall;
  }

  reject(endReason: CallEndReason = 'rejected', additionalData: CallAdditionalData = {}): void {
    this.set('ended');
    this.resolve({ callAccepted: false, additionalData, endReason });
  }

  response(): Promise<RequestCallResult> {
    return this.result;
  }
  onStateChange(listener: Listener<CallState>): () => void {
    return this.states.on(listener);
  }
  dispose(): void {
    if (this.state !== 'ended' && !this.liveCall) this.reject('canceled');
  }
}

/**
 * An incoming call. `acceptCall` waits until the story calls `connect(...)`, so the
 * "accepting" state stays visible as long as the story wants.
 * @example
 * const incoming = new FakeIncomingCall('alice', { callerName: 'Alice' });
 * // after the user pressed Accept:
 * incoming.connect('connected', remoteStream);
 */
export class FakeIncomingCall implements ReceivingCall {
  private readonly states = new Emitter<CallState>();
  private readonly cancels = new Emitter<void>();
  private accepted: ((result: AcceptingCallResult) => void) | undefined;
  state: CallState = 'incoming';
  endReason: CallEndReason | undefined;
  localStream: MediaStream | undefined;
  /** Set when the callee rejected: what it sent (e.g. `{ reason: 'busy' }`). */
  rejectedWith: CallAdditionalData | undefined;

  constructor(
    readonly remoteUserId: string | number,
    readonly additionalData: CallAdditionalData = {},
  ) {}

  /** Resolves a pending accept with a live call in `liveState`. */
  connect(liveState: CallState, remoteStream: MediaStream | undefined): FakeLiveCall | undefined {
    if (!this.accepted) return undefined;
    const live = new FakeLiveCall(this.remoteUserId, liveState, remoteStream, this.localStream);
    this.accepted({ success: true, liveCall: live });
    this.accepted = undefined;
    return live;
  }

  /** The caller gives up before an answer. */
  cancel(): void {
    if (this.state !== 'incoming') return;
    this.state = 'ended';
    this.endReason = 'canceled';
    this.cancels.emit();
  }

  acceptCall(options: AcceptCallOptions = {}): Promise<AcceptingCallResult> {
    this.localStream = options.localStream;
    this.state = 'accepting';
    this.states.emit('accepting');
    return new Promise((resolve) => {
      this.accepted = resolve;
    });
  }
  rejectCall(additionalData: CallAdditionalData = {}): void {
    this.rejectedWith = additionalData;
    this.state = 'ended';
  }
  onStateChange(listener: Listener<CallState>): () => void {
    return this.states.on(listener);
  }
  onCanceled(listener: () => void): () => void {
    return this.cancels.on(listener);
  }
  dispose(): void {}
}
