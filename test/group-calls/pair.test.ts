/**
 * One mesh pair against a scripted stand-in for simple-peer and its RTCPeerConnection: what the
 * pair reports as quality while its connection comes up and after it was rebuilt, which stats it
 * reads on a level tick and on a quality tick, and which candidates it relays. The real wrtc mesh
 * is in group-calls.test.ts.
 */
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { MeshPair, type PairContext, type PairPayload } from '../../src/core/group-calls/pair.js';

interface Counters {
  packetsReceived: number;
  packetsLost: number;
}

/** A peer connection whose getStats answers from `counters` and records its selector. */
class FakePc {
  readonly selectors: (unknown | undefined)[] = [];
  constructor(readonly counters: Counters) {}
  async getStats(selector?: unknown): Promise<Map<string, Record<string, unknown>>> {
    this.selectors.push(selector);
    const report = new Map<string, Record<string, unknown>>();
    report.set('in', { type: 'inbound-rtp', kind: 'audio', audioLevel: 0.5, ...this.counters });
    report.set('src', { type: 'media-source', kind: 'audio', audioLevel: 0.25 });
    return report;
  }
}

const peers: FakePeer[] = [];
let nextCounters: Counters = { packetsReceived: 0, packetsLost: 0 };

/** Just enough of simple-peer: events, signal, send, destroy, and the `_pc` the pair samples. */
class FakePeer extends EventEmitter {
  readonly _pc = new FakePc(nextCounters);
  destroyed = false;
  constructor(readonly options: { initiator: boolean }) {
    super();
    peers.push(this);
  }
  signal(): void {}
  send(): void {}
  destroy(): void {
    this.destroyed = true;
  }
}

const audioTrack = { kind: 'audio', id: 'remote-audio' };
const remoteStream = { id: 'remote-stream', getAudioTracks: () => [audioTrack], getVideoTracks: () => [] };

function makePair(sent: PairPayload[] = []): MeshPair {
  const ctx: PairContext = {
    Peer: FakePeer as never,
    config: undefined,
    wrtc: undefined,
    localStreams: () => [],
    localState: () => ({ audioMuted: false, videoMuted: false, screenStreamId: undefined }),
    send: (payload) => sent.push(payload),
    changed: () => undefined,
    retryDelayMs: 0,
    connectTimeoutMs: 60_000,
  };
  return new MeshPair({ userId: 2, deviceId: 'd2', membershipId: 'm2' }, Date.now(), true, ctx);
}

/** The pair's current peer once it is connected and receiving `remoteStream`. */
function connect(): FakePeer {
  const peer = peers[peers.length - 1]!;
  peer.emit('stream', remoteStream);
  peer.emit('connect');
  return peer;
}

let pair: MeshPair | undefined;
afterEach(() => {
  pair?.destroy();
  peers.length = 0;
  nextCounters = { packetsReceived: 0, packetsLost: 0 };
});

describe('MeshPair quality', () => {
  it('leaves quality unknown while the connection is coming up (not "lost")', async () => {
    pair = makePair();
    expect(pair.connectionState).toBe('connecting');
    await pair.sample(true);
    expect(pair.quality).toBeUndefined();
    await pair.sample(false);
    expect(pair.quality).toBeUndefined();
  });

  it('measures a rebuilt connection at its first sample, from its own packet counts', async () => {
    nextCounters = { packetsReceived: 1000, packetsLost: 0 };
    pair = makePair();
    connect();
    await pair.sample(true);
    expect(pair.quality).toBe('good');

    // The connection drops: lost until the offerer's rebuild is up.
    const rebuilt = new Promise<void>((resolve) => {
      const length = peers.length;
      const check = (): void => void (peers.length > length ? resolve() : setImmediate(check));
      check();
    });
    nextCounters = { packetsReceived: 100, packetsLost: 5 };
    peers[0]!.emit('close');
    await pair.sample(false);
    expect(pair.quality).toBe('lost');
    await rebuilt;
    expect(pair.epoch).toBe(2);
    connect();
    // A level tick, not a quality tick: still measured now, and 5 of 105 packets lost is fair.
    await pair.sample(false);
    expect(pair.quality).toBe('fair');
  });
});

describe('MeshPair sampling', () => {
  it('reads levels through track selectors and the whole report only on quality ticks', async () => {
    pair = makePair();
    const pc = connect()._pc;
    await pair.sample(false); // the first sample of a connection measures quality too
    expect(pc.selectors).toEqual([undefined]);
    expect(pair.quality).toBe('good');

    pc.selectors.length = 0;
    const local = { kind: 'audio', id: 'local-audio' } as unknown as MediaStreamTrack;
    await pair.sample(false, local);
    expect(pc.selectors).toEqual([audioTrack, local]);
    expect(pair.audioLevel).toBe(0.5);
    expect(pair.localAudioLevel()).toBe(0.25);

    pc.selectors.length = 0;
    await pair.sample(false);
    expect(pc.selectors).toEqual([audioTrack]);
    expect(pair.localAudioLevel()).toBe(0); // not asked this time

    pc.selectors.length = 0;
    await pair.sample(true);
    expect(pc.selectors).toEqual([undefined]);
    expect(pair.localAudioLevel()).toBe(0.25);
  });

  it('falls back to whole reports when getStats refuses a selector', async () => {
    pair = makePair();
    const pc = connect()._pc;
    await pair.sample(true);
    const getStats = pc.getStats.bind(pc);
    pc.getStats = async (selector?: unknown) => {
      if (selector) {
        pc.selectors.push(selector);
        throw new Error('InvalidAccessError');
      }
      return getStats();
    };
    pc.selectors.length = 0;
    await pair.sample(false);
    await pair.sample(false);
    expect(pc.selectors).toEqual([audioTrack, undefined]);
    expect(pair.audioLevel).toBe(0.5);
  });
});

describe('MeshPair candidates', () => {
  const candidate = (line: string, sdpMid = '0') => ({ type: 'candidate', candidate: { candidate: line, sdpMLineIndex: 0, sdpMid } });

  it('relays a TCP candidate once per address, type and ufrag, and every UDP candidate', () => {
    const sent: PairPayload[] = [];
    pair = makePair(sent);
    const peer = peers[0]!;
    const lines = [
      'candidate:1 1 udp 2122260223 192.0.2.2 50000 typ host generation 0 ufrag abcd network-id 1',
      'candidate:1 1 udp 2122260223 192.0.2.2 50002 typ host generation 0 ufrag abcd network-id 1',
      'candidate:2 1 tcp 1518280447 192.0.2.2 9 typ host tcptype passive generation 0 ufrag abcd network-id 1',
      // libwebrtc's re-allocation: the same address on a fresh port
      'candidate:2 1 tcp 1518280447 192.0.2.2 41539 typ host tcptype passive generation 0 ufrag abcd network-id 1',
      'candidate:3 1 tcp 1518214911 ::1 41540 typ host tcptype passive generation 0 ufrag abcd network-id 4',
      // an ICE restart (new ufrag) is a new session: relayed again
      'candidate:2 1 tcp 1518280447 192.0.2.2 41541 typ host tcptype passive generation 0 ufrag efgh network-id 1',
    ];
    for (const line of lines) peer.emit('signal', candidate(line));
    peer.emit('signal', candidate(lines[2]!, '1')); // another media section's transport
    peer.emit('signal', { type: 'offer', sdp: 'v=0' });
    const relayed = sent.map((p) => (p.s as { candidate?: { candidate: string; sdpMid: string } }).candidate);
    expect(relayed.map((c) => c && `${c.sdpMid} ${c.candidate.split(' ')[5]}`)).toEqual(['0 50000', '0 50002', '0 9', '0 41540', '0 41541', '1 9', undefined]);
  });
});
