/**
 * Levels, speaking and quality math on its own (the real getStats path runs in
 * manager-calls.test.ts), and remote mute inferred from track events for a peer without the
 * in-band channel.
 */
import { describe, expect, it } from 'vitest';
import { audioLevels, gradeQuality, QUALITY_THRESHOLDS, SpeakingDetector, summariseStats } from '../../src/core/calls/call-metrics.js';
import { CallService } from '../../src/core/calls/call-service.js';
import { CallManagerEngine } from '../../src/core/calls/manager.js';
import { FakeTransport, fakePeers, fakeStream, flush } from './fakes.js';

describe('call metrics', () => {
  it('grades quality by the documented thresholds, and `lost` when nothing arrived', () => {
    const t = 0;
    expect(gradeQuality({ timestamp: t, roundTripTimeMs: 40, packetLoss: 0, jitterMs: 5 }, false)).toBe('good');
    expect(gradeQuality({ timestamp: t, roundTripTimeMs: QUALITY_THRESHOLDS.fair.roundTripTimeMs + 1 }, false)).toBe('fair');
    expect(gradeQuality({ timestamp: t, packetLoss: 0.05 }, false)).toBe('fair');
    expect(gradeQuality({ timestamp: t, packetLoss: 0.2 }, false)).toBe('poor');
    expect(gradeQuality({ timestamp: t, jitterMs: 150 }, false)).toBe('poor');
    expect(gradeQuality({ timestamp: t, roundTripTimeMs: 10 }, true)).toBe('lost');
  });

  it('speaking turns on at once and off only after several quiet ticks (hysteresis)', () => {
    const speaking = new SpeakingDetector();
    expect(speaking.update(0.01)).toBe(false);
    expect(speaking.update(0.3)).toBe(true);
    expect(speaking.update(0.03)).toBe(true); // between the thresholds: no flicker
    expect(speaking.update(0.0)).toBe(true);
    expect(speaking.update(0.0)).toBe(true);
    expect(speaking.update(0.0)).toBe(false);
  });

  it('turns stats counters into rates and loss since the previous sample', () => {
    const report = (bytes: number, packets: number, lost: number) => [
      { type: 'inbound-rtp', kind: 'audio', bytesReceived: bytes, packetsReceived: packets, packetsLost: lost, jitter: 0.012, audioLevel: 0.5 },
      { type: 'outbound-rtp', kind: 'audio', bytesSent: bytes / 2 },
      { type: 'transport', selectedCandidatePairId: 'p1' },
      { id: 'p1', type: 'candidate-pair', bytesReceived: bytes, currentRoundTripTime: 0.05 },
      { type: 'media-source', kind: 'audio', audioLevel: 0.25 },
    ];
    const first = summariseStats(report(1_000, 10, 0), undefined, 1_000);
    const second = summariseStats(report(3_000, 28, 2), first.totals, 2_000);
    expect(second.stats).toMatchObject({ roundTripTimeMs: 50, jitterMs: 12, inboundBitrate: 16_000, outboundBitrate: 8_000, packetLoss: 0.1 });
    expect(audioLevels(report(0, 0, 0))).toEqual({ local: 0.25, remote: 0.5 });
  });

  it('infers remote mute from track events when the peer has no in-band channel', async () => {
    const transport = new FakeTransport(2);
    const peers = fakePeers();
    const service = new CallService({ transport, createPeer: peers.factory });
    const manager = new CallManagerEngine(service, { statsIntervalMs: 0, levelUpdatesPerSecond: 0 });
    const call = manager.call({ userId: 5, localStream: fakeStream() });
    await flush();
    const track = Object.assign(new EventTarget(), { kind: 'audio', muted: false });
    peers.peers[0]!.emit('track', track, fakeStream());
    expect(call.remoteAudioMuted).toBe(false);
    track.muted = true;
    track.dispatchEvent(new Event('mute'));
    expect(call.remoteAudioMuted).toBe(true);
    track.muted = false;
    track.dispatchEvent(new Event('unmute'));
    expect(call.remoteAudioMuted).toBe(false);
    service.dispose();
    manager.dispose();
  });
});
