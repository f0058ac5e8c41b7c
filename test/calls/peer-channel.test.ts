/**
 * The in-band peer channel on its own: hello and capabilities, typed messages both ways, and the
 * hostile-input rules (malformed, oversized, unknown messages are dropped, never thrown).
 */
import { describe, expect, it } from 'vitest';
import { decodePeerMessage, PeerChannel, PEER_CHANNEL_MAX_MESSAGE_CHARS, PEER_CHANNEL_VERSION, type PeerLink } from '../../src/core/calls/peer-channel.js';

/** Two links wired to each other, delivering synchronously. */
function linkedPair(): [PeerLink & { sent: string[] }, PeerLink & { sent: string[]; inject(text: string): void }] {
  const listeners: Array<Set<(t: string) => void>> = [new Set(), new Set()];
  const make = (me: number) => ({
    sent: [] as string[],
    send(text: string) {
      this.sent.push(text);
      for (const l of listeners[1 - me]!) l(text);
    },
    onText(l: (t: string) => void) {
      listeners[me]!.add(l);
      return () => listeners[me]!.delete(l);
    },
    inject(text: string) {
      for (const l of listeners[me]!) l(text);
    },
  });
  return [make(0), make(1)];
}

describe('PeerChannel', () => {
  it('exchanges versioned hellos with capabilities, then typed messages both ways', () => {
    const [a, b] = linkedPair();
    const left = new PeerChannel(a);
    const right = new PeerChannel(b, ['mute']);
    const holds: boolean[] = [];
    left.on('hold', (m) => holds.push(m.on));
    right.open();
    left.open();
    expect(left.remote).toEqual({ version: PEER_CHANNEL_VERSION, features: ['mute'] });
    expect(left.supports('mute')).toBe(true);
    expect(left.supports('hold')).toBe(false);
    // right opened first: left's hello is the only one it can have seen
    expect(right.remote?.features).toContain('screen-share');
    right.send({ t: 'hold', on: true });
    right.send({ t: 'hold', on: false });
    expect(holds).toEqual([true, false]);
  });

  it('drops malformed, oversized and unknown messages without throwing, and keeps working', () => {
    const [a, b] = linkedPair();
    const channel = new PeerChannel(b);
    channel.open();
    const media: unknown[] = [];
    channel.on('media', (m) => media.push(m));
    for (const bad of ['not json', '[]', '{"t":"wat"}', '{"t":"media","audioMuted":"yes","videoMuted":false}', `{"t":"hold","on":true,"pad":"${'x'.repeat(PEER_CHANNEL_MAX_MESSAGE_CHARS)}"}`, '{"t":"signal","data":{"type":"offer"}}', '{"t":"hello","v":0,"features":[]}']) {
      b.inject(bad);
    }
    expect(channel.dropped).toBe(7);
    b.inject('{"t":"media","audioMuted":true,"videoMuted":false}');
    expect(media).toEqual([{ t: 'media', audioMuted: true, videoMuted: false }]);
    void a;
  });

  it('decodes renegotiation signals and keeps only known fields', () => {
    expect(decodePeerMessage('{"t":"signal","data":{"type":"offer","sdp":"v=0","evil":1}}')).toEqual({ t: 'signal', data: { type: 'offer', sdp: 'v=0' } });
    expect(decodePeerMessage('{"t":"signal","data":{"type":"renegotiate","renegotiate":true}}')).toEqual({ t: 'signal', data: { type: 'renegotiate', renegotiate: true } });
    expect(decodePeerMessage('{"t":"screen","on":true,"streamId":"abc"}')).toEqual({ t: 'screen', on: true, streamId: 'abc' });
    expect(decodePeerMessage('{"t":"hello","v":2,"features":["x",3,"y"]}')).toEqual({ t: 'hello', v: 2, features: ['x', 'y'] });
  });

  it('send() reports false after close or when the link throws, and a closed channel hears nothing', () => {
    const [a, b] = linkedPair();
    const channel = new PeerChannel({ send: () => { throw new Error('closed'); }, onText: a.onText.bind(a) });
    channel.open();
    expect(channel.send({ t: 'hold', on: true })).toBe(false);
    const other = new PeerChannel(b);
    other.open();
    const seen: unknown[] = [];
    other.on('hold', (m) => seen.push(m));
    other.close();
    b.inject('{"t":"hold","on":true}');
    expect(seen).toEqual([]);
    expect(other.send({ t: 'hold', on: true })).toBe(false);
  });
});
