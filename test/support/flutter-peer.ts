/**
 * A Flutter-shaped call peer for tests: it puts on the wire exactly the frames the Askless
 * Flutter client 3.1.0 sends (askless-protocol.md §1.5, §8.3, §8.4) over a raw `ws` socket, and
 * does its media with a bare `RTCPeerConnection` from `@roamhq/wrtc` carrying one audio and one
 * video track and **no data channel** (Flutter opens none).
 *
 * What makes it Flutter-shaped, on purpose:
 * - as the caller it listens to `listen-for-a-call`, takes its offer **before gathering** (no
 *   `a=candidate` lines in the SDP), posts `call/request`, applies the answer, then posts **one**
 *   `ice-candidate-list` batch with what it gathered by then and never listens for candidates;
 * - as the callee it listens to `call/receive` from the start, to `listen-for-a-call` as soon as a
 *   request arrives, to `ice-candidate-list` when it accepts, and answers **before gathering**
 *   without ever sending a candidate of its own;
 * - a call is live on the first remote track (§8.3 step 11); StopListening or `callClosed` on
 *   `listen-for-a-call` ends it; a caller's cancel sends nothing: it only drops its stream, which
 *   the next ping omits (§8.3 "A cancels");
 * - it pings every `intervalInMsClientPing`, listing only streams whose LISTEN was answered, and
 *   confirms every server message that has a `serverId` (except confirmations and StopListening).
 *
 * ```ts
 * const flutter = await FlutterPeer.connect(app.url, { userId: 7 });  // credential {accessToken:'token-7'}
 * flutter.onIncoming((call) => void flutter.accept());                 // or flutter.reject()
 * await flutter.call(8);                                               // resolves 'accepted' | 'rejected' | 'ended'
 * await flutter.waitForState('connected');
 * flutter.remoteTracks;                                                // MediaStreamTrack[] (wrtc)
 * await flutter.hangUp();
 * await flutter.close();
 * ```
 */
import { randomBytes } from 'node:crypto';
import wrtc from '@roamhq/wrtc';
import WebSocket from 'ws';

const ROUTE = {
  receive: 'askless-internal/call/receive',
  request: 'askless-internal/call/request',
  listenForACall: 'askless-internal/call/listen-for-a-call',
  response: 'askless-internal/call/response',
  ice: 'askless-internal/call/ice-candidate-list',
  close: 'askless-internal/call/close',
} as const;

type Frame = Record<string, any>;

/**
 * `idle` → (`calling` | `incoming`) → `connecting` → `connected` → `ended`; `ended` → `idle` at the
 * next call.
 * @example
 * await flutter.waitForState('connected');
 */
export type FlutterCallState = 'idle' | 'calling' | 'incoming' | 'connecting' | 'connected' | 'ended';

/**
 * Why the last call ended.
 * @example
 * expect(flutter.endReason).toBe('remote_closed');
 */
export type FlutterEndReason = 'hung_up' | 'canceled' | 'rejected_by_me' | 'rejected_by_remote' | 'remote_closed' | 'remote_canceled';

/**
 * An incoming call as the Flutter app sees it.
 * @example
 * flutter.onIncoming((call: FlutterIncomingCall) => console.log(call.remoteUserId));
 */
export interface FlutterIncomingCall {
  remoteUserId: number | string;
  additionalData: Record<string, unknown>;
}

/**
 * Options of {@link FlutterPeer.connect}.
 * @example
 * await FlutterPeer.connect(url, { userId: 7, credential: { accessToken: 'token-7' } });
 */
export interface FlutterPeerOptions {
  userId: number;
  /** Default `{ accessToken: 'token-<userId>' }` (the reference app's login). */
  credential?: unknown;
  /** Default none: this machine has no internet, and loopback host candidates are enough. */
  iceServers?: RTCIceServer[];
}

/** Flutter's id alphabet. */
function alnum(n: number): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(n)].map((b) => chars[b % chars.length]).join('');
}

interface Listening {
  listenId: string;
  clientRequestId: string;
  route: string;
  params: Record<string, unknown> | null;
  /** The LISTEN was answered with success: Flutter lists only these in pings (§3.1). */
  ready: boolean;
  onValue(value: any): void;
  onStop(): void;
}

/**
 * A Flutter 3.1.0-shaped user: raw Askless frames plus a data-channel-free wrtc peer connection.
 * @example
 * const flutter = await FlutterPeer.connect(app.url, { userId: 7 });
 */
export class FlutterPeer {
  state: FlutterCallState = 'idle';
  endReason: FlutterEndReason | undefined;
  remoteUserId: number | string | undefined;
  /** The remote user's `additionalData` (request, answer or rejection). */
  remoteAdditionalData: Record<string, unknown> = {};
  /** Tracks received from the remote side in the current (or last) call. */
  remoteTracks: MediaStreamTrack[] = [];
  /** The current (or last) call's connection, for ICE assertions. */
  pc: RTCPeerConnection | undefined;
  /** Every c2s frame this peer sent, in order (for wire assertions). */
  readonly sent: Frame[] = [];

  private readonly pending = new Map<string, (frame: Frame) => void>();
  private readonly streams = new Map<string, Listening>();
  private readonly incomingListeners = new Set<(call: FlutterIncomingCall) => void>();
  private readonly stateWaiters = new Set<() => void>();
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private localTracks: MediaStreamTrack[] = [];
  private callStream: Listening | undefined;
  private iceStream: Listening | undefined;
  private offer: { type: 'offer'; sdp: string } | undefined;
  private gathered: RTCIceCandidate[] = [];
  private accepted: ((outcome: 'accepted' | 'rejected' | 'ended') => void) | undefined;
  private closed = false;

  private constructor(
    private readonly socket: WebSocket,
    readonly userId: number,
    private readonly clientId: string,
    private readonly iceServers: RTCIceServer[],
  ) {
    socket.on('message', (data) => this.onFrame(String(data)));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(this.pingTimer);
      // Nothing will answer now: settle every waiting request instead of leaving it hanging.
      for (const [id, resolve] of this.pending) resolve({ clientRequestId: id, error: { code: 'NO_CONNECTION', description: 'socket closed' } });
      this.pending.clear();
      this.wake();
    });
  }

  /** Open a socket, configure it as Flutter does, log in, and start pinging and listening to `call/receive`. */
  static async connect(url: string, options: FlutterPeerOptions): Promise<FlutterPeer> {
    const socket = new WebSocket(url);
    const welcome = new Promise<void>((resolve, reject) => {
      socket.once('message', () => resolve()); // Flutter treats the first frame as "socket usable"
      socket.once('error', reject);
    });
    const peer = new FlutterPeer(socket, options.userId, alnum(28), options.iceServers ?? []);
    await welcome;
    const configured = await peer.request({ requestType: 'CONFIGURE_CONNECTION', _class_type_configureconnectionrequest: '_', clientIdInternalApp: peer.clientId, clientType: 'flutter' });
    const interval = Number(configured['output']?.connectionConfiguration?.intervalInMsClientPing ?? 1000);
    peer.pingTimer = setInterval(() => peer.ping(), interval);
    peer.ping();
    const auth = await peer.request({
      requestType: 'AUTHENTICATE',
      _class_type_authenticaterequest: '_',
      clientIdInternalApp: peer.clientId,
      clientType: 'flutter',
      credential: options.credential ?? { accessToken: `token-${options.userId}` },
    });
    if (auth['error']) throw new Error(`FlutterPeer login failed: ${JSON.stringify(auth['error'])}`);
    // Flutter's app listens to call/receive (persevere) for as long as it wants calls.
    await peer.listen(ROUTE.receive, null, (value) => peer.onCallRequest(value), () => undefined);
    return peer;
  }

  /** Called for every incoming call (after its `listen-for-a-call` LISTEN went out). */
  onIncoming(listener: (call: FlutterIncomingCall) => void): () => void {
    this.incomingListeners.add(listener);
    return () => this.incomingListeners.delete(listener);
  }

  /**
   * Call `userId` as Flutter's `requestCallToUser` does; resolves once accepted, rejected or ended.
   * @example
   * expect(await flutter.call(8)).toBe('accepted');
   */
  async call(userId: number | string, additionalData: Record<string, unknown> = {}): Promise<'accepted' | 'rejected' | 'ended'> {
    this.resetCall(userId, 'calling');
    const outcome = new Promise<'accepted' | 'rejected' | 'ended'>((resolve) => (this.accepted = resolve));
    // Step 1: listen first; its initial value carries no decision and is ignored.
    let initial = true;
    const callStream = await this.listen(ROUTE.listenForACall, { remoteUserId: userId }, (value) => {
      if (initial) return void (initial = false);
      this.onCallerEvent(value);
    }, () => this.remoteEnded('remote_closed'));
    // Canceled meanwhile: Flutter just drops the stream.
    if (this.state !== 'calling') return (this.unlisten(callStream), outcome);
    this.callStream = callStream;
    // Step 2: peer connection with local tracks; the offer is taken before gathering.
    const pc = this.newPeerConnection();
    pc.onicecandidate = (e) => {
      if (e.candidate) this.gathered.push(e.candidate);
    };
    let offer: RTCSessionDescriptionInit;
    try {
      offer = await pc.createOffer({ offerToReceiveAudio: true, offerToReceiveVideo: true });
      await pc.setLocalDescription(offer);
    } catch (error) {
      if (this.state !== 'calling') return outcome; // canceled: the connection was closed under us
      throw error;
    }
    if (this.state !== 'calling') return outcome;
    this.offer = { type: 'offer', sdp: offer.sdp! };
    // Step 3.
    const res = await this.request({ requestType: 'CREATE', _class_type_modify: '_', route: ROUTE.request, body: { remoteUserId: userId, sdp: this.offer, additionalData }, params: null });
    if (res['error']) this.finish('remote_closed');
    return outcome;
  }

  /**
   * Cancel an unanswered outgoing call the Flutter way: send nothing, drop the stream (the next
   * ping omits it and the server cleans the request).
   */
  cancel(): void {
    if (this.state !== 'calling') throw new Error(`cannot cancel in state ${this.state}`);
    this.finish('canceled');
  }

  /**
   * Accept the incoming call (§8.3 steps 6–8): the answer goes out before gathering. Resolves
   * quietly if the caller cancels meanwhile (the state is then `ended`).
   */
  async accept(additionalData: Record<string, unknown> = {}): Promise<void> {
    if (this.state !== 'incoming' || !this.offer) throw new Error(`cannot accept in state ${this.state}`);
    const callerId = this.remoteUserId!;
    const offer = this.offer;
    const pc = this.newPeerConnection();
    const gone = () => this.pc !== pc || this.state === 'ended';
    const queued: RTCIceCandidateInit[] = [];
    let described = false;
    const iceStream = await this.listen(ROUTE.ice, { remoteUserId: callerId }, (value) => {
      for (const c of Array.isArray(value?.iceCandidateList) ? value.iceCandidateList : []) {
        if (typeof c?.candidate !== 'string' || c.candidate === '') continue;
        const init = { candidate: c.candidate, sdpMid: c.id ?? null, sdpMLineIndex: c.label ?? null };
        if (described) void pc.addIceCandidate(init).catch(() => undefined);
        else queued.push(init);
      }
    }, () => undefined);
    if (gone()) return this.unlisten(iceStream);
    this.iceStream = iceStream;
    let answer: RTCSessionDescriptionInit;
    try {
      await pc.setRemoteDescription(offer);
      described = true;
      for (const c of queued.splice(0)) void pc.addIceCandidate(c).catch(() => undefined);
      answer = await pc.createAnswer();
      await pc.setLocalDescription(answer);
    } catch (error) {
      if (gone()) return; // canceled meanwhile: the connection was closed under us
      throw error;
    }
    if (gone()) return;
    this.setState(this.remoteTracks.length > 0 ? 'connected' : 'connecting');
    await this.request({
      requestType: 'CREATE',
      _class_type_modify: '_',
      route: ROUTE.response,
      body: { callAccepted: true, remoteUserId: callerId, sdp: { type: 'answer', sdp: answer.sdp! }, additionalData },
      params: null,
    });
  }

  /** Reject the incoming call. */
  async reject(additionalData: Record<string, unknown> = {}): Promise<void> {
    if (this.state !== 'incoming') throw new Error(`cannot reject in state ${this.state}`);
    const callerId = this.remoteUserId!;
    this.finish('rejected_by_me');
    await this.request({ requestType: 'CREATE', _class_type_modify: '_', route: ROUTE.response, body: { callAccepted: false, remoteUserId: callerId, additionalData }, params: null });
  }

  /** Close a live call as `LiveCall.closeCall()` does: `call/close`, then dispose. */
  async hangUp(): Promise<void> {
    const peerId = this.remoteUserId;
    if (peerId === undefined || this.state === 'ended' || this.state === 'idle') throw new Error(`cannot hang up in state ${this.state}`);
    this.finish('hung_up');
    await this.request({ requestType: 'CREATE', _class_type_modify: '_', route: ROUTE.close, body: { remoteUserId: peerId, callClosed: true }, params: null });
  }

  /**
   * Wait (event-driven) until the call reaches `state`; rejects after `timeoutMs`.
   * @example
   * await flutter.waitForState('ended');
   */
  waitForState(state: FlutterCallState, timeoutMs = 10_000): Promise<void> {
    return this.waitFor(() => this.state === state, `state ${state} (now ${this.state})`, timeoutMs);
  }

  /** Wait until the current call's `listen-for-a-call` LISTEN was answered. */
  waitForCallStream(timeoutMs = 10_000): Promise<void> {
    return this.waitFor(() => this.callStream?.ready === true, 'the listen-for-a-call stream', timeoutMs);
  }

  /** Wait until the current call received `count` remote tracks (they arrive one event each). */
  waitForRemoteTracks(count = 2, timeoutMs = 10_000): Promise<void> {
    return this.waitFor(() => this.remoteTracks.length >= count, `${count} remote tracks (now ${this.remoteTracks.length})`, timeoutMs);
  }

  /** Wait until the ICE connection of the current call is connected or completed (media can flow). */
  waitForIceConnected(timeoutMs = 10_000): Promise<void> {
    return this.waitFor(() => this.pc?.iceConnectionState === 'connected' || this.pc?.iceConnectionState === 'completed', 'ICE connected', timeoutMs);
  }

  /** Stop everything: the call's peer connection, local tracks, the ping and the socket. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.disposeMedia();
    clearInterval(this.pingTimer);
    if (this.socket.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }

  // ---- wire -------------------------------------------------------------------------------

  private send(frame: Frame): void {
    this.sent.push(frame);
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(frame));
  }

  private request(fields: Frame, prefix = 'REQ-_'): Promise<Frame> {
    const clientRequestId = `${prefix}${alnum(28)}`;
    return new Promise((resolve) => {
      this.pending.set(clientRequestId, resolve);
      this.send({ clientRequestId, ...fields });
    });
  }

  private async listen(route: string, params: Record<string, unknown> | null, onValue: (value: any) => void, onStop: () => void): Promise<Listening> {
    const listenId = `LIS-${alnum(28)}`;
    const clientRequestId = `LIS-_${alnum(28)}`;
    const entry: Listening = { listenId, clientRequestId, route, params, ready: false, onValue, onStop };
    this.streams.set(listenId, entry);
    const answered = new Promise<Frame>((resolve) => this.pending.set(clientRequestId, resolve));
    this.send({ clientRequestId, requestType: 'LISTEN', _class_type_listen: '_', route, params, listenId });
    const res = await answered;
    if (res['error']) {
      this.streams.delete(listenId);
      throw new Error(`LISTEN ${route} failed: ${JSON.stringify(res['error'])}`);
    }
    entry.ready = this.streams.has(listenId);
    return entry;
  }

  /** Flutter drops a released stream from its list; the next ping tells the server. */
  private unlisten(entry: Listening | undefined): void {
    if (entry) this.streams.delete(entry.listenId);
  }

  private ping(): void {
    const listeningToRoutes = [...this.streams.values()]
      .filter((s) => s.ready)
      .map((s) => ({ clientRequestId: s.clientRequestId, requestType: 'LISTEN', _class_type_listen: '_', route: s.route, params: s.params, listenId: s.listenId }));
    this.send({ _class_type_pingpong: '_', listeningToRoutes });
  }

  private onFrame(text: string): void {
    let frame: Frame;
    try {
      frame = JSON.parse(text);
    } catch {
      return; // welcome, pong
    }
    if (typeof frame !== 'object' || frame === null || typeof frame['serverId'] !== 'string') return;
    // Flutter's dispatch order (§1.3): confirm-receipt before response.
    if (frame['_class_type_serverconfirmreceipt']) return;
    if (frame['_class_type_stoplistening']) {
      const entry = this.streams.get(frame['listenId']);
      this.streams.delete(frame['listenId']);
      entry?.onStop();
      return;
    }
    this.send({ clientRequestId: `REQ-_${alnum(28)}`, requestType: 'CONFIRM_RECEIPT', _class_type_clientconfirmreceipt: '_', serverId: frame['serverId'] });
    if (frame['_class_type_newDataForListener']) {
      this.streams.get(frame['listenId'])?.onValue(frame['output']);
      return;
    }
    if (frame['_class_type_response']) {
      const resolve = this.pending.get(frame['clientRequestId']);
      this.pending.delete(frame['clientRequestId']);
      resolve?.(frame);
    }
  }

  // ---- calls ------------------------------------------------------------------------------

  private newPeerConnection(): RTCPeerConnection {
    const pc = new wrtc.RTCPeerConnection({ iceServers: this.iceServers }) as RTCPeerConnection;
    this.pc = pc;
    const audio = new wrtc.nonstandard.RTCAudioSource().createTrack() as MediaStreamTrack;
    const video = new wrtc.nonstandard.RTCVideoSource().createTrack() as MediaStreamTrack;
    this.localTracks = [audio, video];
    const stream = new wrtc.MediaStream([audio, video] as never) as MediaStream;
    for (const track of this.localTracks) pc.addTrack(track, stream);
    pc.ontrack = (event) => {
      if (this.pc !== pc) return;
      this.remoteTracks.push(event.track);
      this.wake();
      // §8.3 step 11: live on the first remote track.
      if (this.state === 'connecting') this.setState('connected');
    };
    pc.oniceconnectionstatechange = () => this.wake();
    return pc;
  }

  private onCallRequest(value: any): void {
    if (value?.hasCallRequest !== true) return;
    // Flutter re-emits the same pending call after each re-listen (Q22): one ringing per caller.
    if (this.state !== 'idle' && this.state !== 'ended') return;
    this.resetCall(value.remoteUserId, 'incoming');
    this.offer = value.sdp;
    this.remoteAdditionalData = value.additionalData ?? {};
    const callerId = value.remoteUserId;
    // Step 5: listen-for-a-call at once; its initial value (the offer) is ignored.
    let initial = true;
    void this.listen(ROUTE.listenForACall, { remoteUserId: callerId }, (v) => {
      if (initial) return void (initial = false);
      if (v?.remoteUserIsConnected !== undefined) return;
      if (v?.callClosed === true) this.remoteEnded(this.state === 'incoming' ? 'remote_canceled' : 'remote_closed');
    }, () => this.remoteEnded(this.state === 'incoming' ? 'remote_canceled' : 'remote_closed')).then((entry) => {
      this.callStream = entry;
      this.wake();
      if (this.state === 'ended' && this.remoteUserId === callerId) this.unlisten(entry);
    }, () => undefined);
    for (const listener of this.incomingListeners) listener({ remoteUserId: callerId, additionalData: this.remoteAdditionalData });
  }

  private onCallerEvent(value: any): void {
    if (value?.remoteUserIsConnected !== undefined) return;
    if (value?.callClosed === true) {
      if (this.state === 'calling' && value.callAccepted === false && 'remoteUserId' in value) {
        this.remoteAdditionalData = value.additionalData ?? {};
        return this.finish('rejected_by_remote');
      }
      return this.remoteEnded(this.state === 'calling' ? 'remote_canceled' : 'remote_closed');
    }
    if (value?.callAccepted === true && value.sdp?.type === 'answer' && this.state === 'calling' && this.pc) {
      this.remoteAdditionalData = value.additionalData ?? {};
      this.setState('connecting');
      this.accepted?.('accepted');
      const pc = this.pc;
      const peerId = this.remoteUserId;
      void pc.setRemoteDescription(value.sdp).then(() => {
        // Step 10: one batch of what was gathered so far; later candidates are never sent.
        const iceCandidateList = this.gathered.map((c) => ({ candidate: c.candidate, id: c.sdpMid, label: c.sdpMLineIndex }));
        return this.request({ requestType: 'CREATE', _class_type_modify: '_', route: ROUTE.ice, body: { remoteUserId: peerId, iceCandidateList }, params: null });
      });
    }
  }

  private remoteEnded(reason: FlutterEndReason): void {
    if (this.state === 'ended' || this.state === 'idle') return;
    this.finish(reason);
  }

  private finish(reason: FlutterEndReason): void {
    if (this.state === 'ended') return;
    this.endReason = reason;
    this.unlisten(this.callStream);
    this.unlisten(this.iceStream);
    this.callStream = undefined;
    this.iceStream = undefined;
    this.disposeMedia();
    this.setState('ended');
    this.accepted?.(reason === 'rejected_by_remote' ? 'rejected' : 'ended');
    this.accepted = undefined;
  }

  private resetCall(remoteUserId: number | string, state: FlutterCallState): void {
    if (this.state !== 'idle' && this.state !== 'ended') throw new Error(`a call is already in state ${this.state}`);
    this.remoteUserId = remoteUserId;
    this.endReason = undefined;
    this.remoteTracks = [];
    this.remoteAdditionalData = {};
    this.gathered = [];
    this.offer = undefined;
    this.setState(state);
  }

  private disposeMedia(): void {
    const pc = this.pc;
    if (pc && pc.signalingState !== 'closed') pc.close();
    for (const track of this.localTracks.splice(0)) track.stop();
  }

  private setState(next: FlutterCallState): void {
    if (this.state === next) return;
    this.state = next;
    this.wake();
  }

  private wake(): void {
    for (const waiter of [...this.stateWaiters]) waiter();
  }

  private waitFor(condition: () => boolean, what: string, timeoutMs: number): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!condition()) return;
        clearTimeout(timer);
        this.stateWaiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.stateWaiters.delete(check);
        reject(new Error(`FlutterPeer ${this.userId}: timed out waiting for ${what}`));
      }, timeoutMs);
      this.stateWaiters.add(check);
    });
  }
}
