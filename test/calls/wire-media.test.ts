/**
 * The call wire decoders against every call push the real 2.0.3 server sent in the fixtures, the
 * SDP candidate extraction, and the getUserMedia failure mapping.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { candidatesFromSdp, decodeCallReceive, decodeIceCandidateList, decodeListenForACall } from '../../src/core/calls/wire.js';
import { getLocalMedia, mediaFailure, stopStream } from '../../src/core/calls/media.js';
import { fakeStream } from './fakes.js';

import { FIXTURES_DIR as FIXTURES } from '../support/fixtures.js';
interface Line {
  conn: string;
  dir: string;
  frame: any;
}
const lines = (name: string): Line[] =>
  readFileSync(`${FIXTURES}/${name}.jsonl`, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Line);

/** The s2c pushes of `route`'s streams in a fixture, in order. */
function pushesOf(name: string, route: string): unknown[] {
  const all = lines(name);
  const listenIds = new Set(all.filter((l) => l.dir === 'c2s' && l.frame?.route === route && l.frame?._class_type_listen).map((l) => l.frame.listenId));
  return all.filter((l) => l.dir === 's2c' && l.frame?._class_type_newDataForListener && listenIds.has(l.frame.listenId)).map((l) => l.frame.output);
}

describe('call wire decoding (2.0.3 fixtures)', () => {
  it('listen-for-a-call: every push of call-accept / call-reject / call-cancel decodes to its meaning', () => {
    const kinds = (name: string) => pushesOf(name, 'askless-internal/call/listen-for-a-call').map((v) => decodeListenForACall(v).kind);
    expect(kinds('call-accept')).toEqual(['none', 'offer', 'remoteConnection', 'accepted', 'closed', 'closed', 'closed']);
    expect(kinds('call-reject')).toEqual(['none', 'offer', 'remoteConnection', 'rejected']);
    expect(kinds('call-cancel')).toEqual(['none', 'offer', 'remoteConnection', 'remoteConnection', 'canceled']);
    const rejected = pushesOf('call-reject', 'askless-internal/call/listen-for-a-call').map(decodeListenForACall).find((e) => e.kind === 'rejected');
    expect(rejected).toEqual({ kind: 'rejected', additionalData: { reason: 'busy' }, endReason: undefined });
  });

  it('call/receive and ice-candidate-list pushes decode; ICE maps id→sdpMid and label→sdpMLineIndex', () => {
    const receive = pushesOf('call-accept', 'askless-internal/call/receive').map(decodeCallReceive);
    expect(receive[0]).toEqual({ hasCallRequest: false });
    expect(receive[1]).toMatchObject({ hasCallRequest: true, remoteUserId: 1, additionalData: { callerName: 'user one' }, sdp: { type: 'offer' } });
    const ice = pushesOf('call-accept', 'askless-internal/call/ice-candidate-list').map(decodeIceCandidateList);
    expect(ice[0]).toEqual([]);
    expect(ice[1]).toEqual([
      { candidate: 'candidate:1 1 udp 2122260223 192.0.2.10 54400 typ host generation 0', sdpMid: '0', sdpMLineIndex: 0 },
      { candidate: 'candidate:2 1 udp 1686052607 203.0.113.7 61000 typ srflx raddr 192.0.2.10 rport 54400 generation 0', sdpMid: '0', sdpMLineIndex: 0 },
    ]);
    expect(decodeIceCandidateList({ iceCandidateList: [{ candidate: '', id: null, label: null }, null, 3] })).toEqual([]);
  });

  it('malformed values decode to "nothing", never throw', () => {
    for (const v of [null, 3, 'x', [], { hasCallRequest: true }, { hasCallRequest: true, remoteUserId: 1, sdp: 'nope' }]) {
      expect(decodeCallReceive(v)).toEqual({ hasCallRequest: false });
      expect(() => decodeListenForACall(v)).not.toThrow();
    }
    expect(decodeListenForACall({ callAccepted: true, sdp: { type: 'offer', sdp: 'x' } }).kind).toBe('offer');
  });

  it('candidatesFromSdp reads Chrome-ordered SDP (a=candidate before a=mid) per media section', () => {
    const sdp = [
      'v=0',
      'm=audio 9 UDP/TLS/RTP/SAVPF 111',
      'a=candidate:1 1 udp 2122260223 10.0.0.1 5000 typ host',
      'a=mid:0',
      'm=video 9 UDP/TLS/RTP/SAVPF 96',
      'a=candidate:2 1 udp 2122260223 10.0.0.1 5002 typ host',
      'a=mid:1',
      '',
    ].join('\r\n');
    expect(candidatesFromSdp(sdp)).toEqual([
      { candidate: 'candidate:1 1 udp 2122260223 10.0.0.1 5000 typ host', id: '0', label: 0 },
      { candidate: 'candidate:2 1 udp 2122260223 10.0.0.1 5002 typ host', id: '1', label: 1 },
    ]);
    expect(candidatesFromSdp('v=0\r\n')).toEqual([]);
  });
});

describe('local media', () => {
  it('maps each getUserMedia failure to a permission state and an error code', () => {
    const cases: Array<[string, string, string]> = [
      ['NotAllowedError', 'blocked', 'PERMISSION_BLOCKED'],
      ['NotFoundError', 'not_found', 'DEVICE_NOT_FOUND'],
      ['NotReadableError', 'in_use', 'DEVICE_IN_USE'],
      ['OverconstrainedError', 'constraints_invalid', 'CONSTRAINTS_INVALID'],
    ];
    for (const [name, permission, code] of cases) {
      const failure = mediaFailure(Object.assign(new Error('x'), { name }));
      expect([failure.permission, failure.error.code]).toEqual([permission, code]);
    }
  });

  it('getLocalMedia never rejects: a failing getUserMedia and a missing one are typed results', async () => {
    const denied = await getLocalMedia({ audio: true }, () => Promise.reject(Object.assign(new Error('no'), { name: 'NotAllowedError' })));
    expect(denied).toMatchObject({ permission: 'blocked', error: { code: 'PERMISSION_BLOCKED' } });
    const granted = fakeStream();
    expect(await getLocalMedia({ audio: true }, () => Promise.resolve(granted))).toEqual({ stream: granted, permission: 'granted' });
    expect((await getLocalMedia({ audio: true }, undefined)).error?.code).toBe('MEDIA_UNAVAILABLE');
  });

  it('stopStream stops every track and tolerates undefined', () => {
    const s = fakeStream();
    stopStream(s);
    stopStream(s);
    stopStream(undefined);
    expect(s.stopped()).toBe(2);
  });
});
