/**
 * Fakes for the call service's unit tests: a transport that records CREATEs and lets the test
 * push values or StopListening into LISTENs, and a peer that "negotiates" instantly. The real
 * server and wrtc are covered by the calls-*.test.ts files; these pin the service's own rules.
 */
import { AsklessError } from '../../src/core/errors.js';
import type { CallPeer, CallPeerFactory, CallPeerOptions } from '../../src/core/calls/peer.js';
import type { CallListenHandlers, CallTransport, CallWriteResult } from '../../src/core/calls/transport.js';

type Handler = (...args: any[]) => void;

/** A simple-peer stand-in: the initiator offers at once, the other side answers the offer. */
export class FakePeer implements CallPeer {
  readonly signals: unknown[] = [];
  destroyed = false;
  private readonly handlers = new Map<string, Handler[]>();
  private offered = false;
  constructor(readonly options: CallPeerOptions) {}
  on(event: string, listener: Handler): this {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), listener]);
    // Like simple-peer, the initiator's offer comes after its listeners are attached.
    if (event === 'signal' && this.options.initiator && !this.offered) {
      this.offered = true;
      queueMicrotask(() => this.emit('signal', { type: 'offer', sdp: 'v=0\r\nm=audio 9 x\r\na=mid:0\r\na=candidate:1 1 udp 1 192.0.2.1 1 typ host\r\n' }));
    }
    return this;
  }
  emit(event: string, ...args: unknown[]): void {
    for (const h of this.handlers.get(event) ?? []) h(...args);
  }
  signal(data: unknown): void {
    this.signals.push(data);
    if ((data as { type?: string }).type === 'offer') queueMicrotask(() => this.emit('signal', { type: 'answer', sdp: 'v=0\r\nanswer\r\n' }));
  }
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.emit('close');
  }
}

/** A factory that remembers every peer it made. */
export function fakePeers(): { factory: CallPeerFactory; peers: FakePeer[] } {
  const peers: FakePeer[] = [];
  return {
    peers,
    factory: async (options) => {
      const peer = new FakePeer(options);
      peers.push(peer);
      return peer;
    },
  };
}

interface Listening {
  route: string;
  params: Record<string, unknown>;
  handlers: CallListenHandlers;
  open: boolean;
}

/** A transport whose server is the test itself. */
export class FakeTransport implements CallTransport {
  readonly created: Array<{ route: string; body: any }> = [];
  readonly listening: Listening[] = [];
  /** Answer a CREATE differently (default: success `{}`). */
  reply: (route: string, body: any) => CallWriteResult = () => ({ ok: true, output: {} });
  readonly logs: string[] = [];
  constructor(private readonly me: string | number) {}

  async create(route: string, body: unknown): Promise<CallWriteResult> {
    this.created.push({ route, body });
    return this.reply(route, body);
  }
  listen(route: string, params: Record<string, unknown>, handlers: CallListenHandlers): () => void {
    const entry: Listening = { route, params, handlers, open: true };
    this.listening.push(entry);
    return () => {
      entry.open = false;
    };
  }
  userId() {
    return this.me;
  }
  log(message: string): void {
    this.logs.push(message);
  }

  /** The open LISTEN on `route` (the last one). */
  stream(route: string, peerId?: unknown): Listening {
    const found = [...this.listening].reverse().find((l) => l.open && l.route.endsWith(route) && (peerId === undefined || l.params.remoteUserId === peerId));
    if (!found) throw new Error(`no open LISTEN on ${route} ${String(peerId)}`);
    return found;
  }
  push(route: string, value: unknown, peerId?: unknown): void {
    this.stream(route, peerId).handlers.onValue(value);
  }
  stopListening(route: string, peerId?: unknown): void {
    const s = this.stream(route, peerId);
    s.open = false;
    s.handlers.onStop(new AsklessError('STREAM_STOPPED', 'stopped'));
  }
  createdOn(route: string): any[] {
    return this.created.filter((c) => c.route.endsWith(route)).map((c) => c.body);
  }
}

/** A MediaStream stand-in whose tracks record `stop()`. */
export function fakeStream(): MediaStream & { stopped: () => number } {
  const track = (kind: string) => ({ kind, enabled: true, stopped: false, stop() { this.stopped = true; } });
  const tracks = [track('audio'), track('video')];
  return {
    id: `fake-${Math.random().toString(36).slice(2)}`,
    getTracks: () => tracks,
    getAudioTracks: () => tracks.filter((t) => t.kind === 'audio'),
    getVideoTracks: () => tracks.filter((t) => t.kind === 'video'),
    stopped: () => tracks.filter((t) => t.stopped).length,
  } as unknown as MediaStream & { stopped: () => number };
}

/** Let queued microtasks and promise chains run (no timers involved). */
export async function flush(): Promise<void> {
  for (let i = 0; i < 50; i++) await Promise.resolve();
}
