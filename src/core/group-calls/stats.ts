/**
 * Levels and quality of one pair from `RTCPeerConnection.getStats()`. Quality thresholds (the
 * same idea as 1:1 calls): `lost` when the connection is gone; `poor` over 10 % loss or 500 ms
 * round trip; `fair` over 3 % or 250 ms; otherwise `good`.
 */
import type { GroupCallQuality } from './types.js';

/** What one getStats() sample yields. */
export interface PairSample {
  inboundAudioLevel?: number;
  outboundAudioLevel?: number;
  roundTripTimeMs?: number;
  packetsReceived: number;
  packetsLost: number;
}

/**
 * Read one sample (undefined when getStats fails, e.g. on a closing connection, or when the
 * selector is refused). With a `track`, only that track's sender or receiver is reported: a few
 * entries instead of every codec, candidate and certificate, which is what level sampling several
 * times a second can afford; its packet counts then cover that track alone.
 * @example
 * const sample = await readPairStats(pc);
 * const level = (await readPairStats(pc, remoteAudioTrack))?.inboundAudioLevel;
 */
export async function readPairStats(pc: RTCPeerConnection, track?: MediaStreamTrack): Promise<PairSample | undefined> {
  let report: RTCStatsReport;
  try {
    report = await (track ? pc.getStats(track) : pc.getStats());
  } catch {
    return undefined;
  }
  const sample: PairSample = { packetsReceived: 0, packetsLost: 0 };
  report.forEach((s: Record<string, any>) => {
    if (s.type === 'inbound-rtp') {
      sample.packetsReceived += Number(s.packetsReceived ?? 0);
      sample.packetsLost += Math.max(0, Number(s.packetsLost ?? 0));
      if (s.kind === 'audio' && typeof s.audioLevel === 'number') sample.inboundAudioLevel = Math.max(sample.inboundAudioLevel ?? 0, s.audioLevel);
    } else if (s.type === 'media-source' && s.kind === 'audio' && typeof s.audioLevel === 'number') {
      sample.outboundAudioLevel = s.audioLevel;
    } else if (s.type === 'candidate-pair' && s.nominated && typeof s.currentRoundTripTime === 'number') {
      sample.roundTripTimeMs = s.currentRoundTripTime * 1000;
    }
  });
  return sample;
}

/**
 * Quality of a connected pair from two consecutive samples.
 * @example
 * qualityOf({ packetsReceived: 200, packetsLost: 30, roundTripTimeMs: 40 }, previous); // 'poor'
 */
export function qualityOf(sample: PairSample, previous: PairSample | undefined): GroupCallQuality {
  const received = sample.packetsReceived - (previous?.packetsReceived ?? 0);
  const lost = sample.packetsLost - (previous?.packetsLost ?? 0);
  const loss = received + lost > 0 ? lost / (received + lost) : 0;
  const rtt = sample.roundTripTimeMs ?? 0;
  if (loss > 0.1 || rtt > 500) return 'poor';
  if (loss > 0.03 || rtt > 250) return 'fair';
  return 'good';
}
