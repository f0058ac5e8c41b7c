/**
 * What a call measures about itself from `RTCPeerConnection.getStats()`: audio levels with a
 * speaking flag (hysteresis, so it does not flicker), and every `statsIntervalMs` the network
 * figures and a quality grade. Pure functions over stats reports plus one small sampler class;
 * the call's media controller owns the timers.
 */
import type { CallQuality, CallStats } from './manager-types.js';

/**
 * Quality thresholds (also in docs/calls.md). A sample is `good` under every "fair" limit, `fair`
 * under every "poor" limit, else `poor`; `lost` when nothing at all arrived over the period or
 * ICE is disconnected.
 * @example
 * if (stats.roundTripTimeMs! > QUALITY_THRESHOLDS.fair.roundTripTimeMs) console.log('laggy');
 */
export const QUALITY_THRESHOLDS = Object.freeze({
  fair: Object.freeze({ roundTripTimeMs: 300, packetLoss: 0.03, jitterMs: 30 }),
  poor: Object.freeze({ roundTripTimeMs: 600, packetLoss: 0.1, jitterMs: 100 }),
});

/** Speaking turns on at this level (0..1) and off after the level stays below `SPEAKING_OFF`. */
export const SPEAKING_ON = 0.04;
export const SPEAKING_OFF = 0.02;
/** Ticks below `SPEAKING_OFF` before speaking turns off (at 10/s: 300 ms). */
export const SPEAKING_OFF_TICKS = 3;

type Report = Record<string, unknown>;
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function reports(stats: RTCStatsReport | Iterable<Report> | undefined): Report[] {
  if (!stats) return [];
  const out: Report[] = [];
  const source = stats as { forEach?: (fn: (r: Report) => void) => void };
  if (typeof source.forEach === 'function') source.forEach((r) => out.push(r));
  else for (const r of stats as Iterable<Report>) out.push(r);
  return out;
}

/**
 * Local and remote audio levels (0..1) from one stats report; undefined where not reported.
 * @example
 * const { local, remote } = audioLevels(await pc.getStats());
 */
export function audioLevels(stats: RTCStatsReport | Iterable<Report> | undefined): { local?: number; remote?: number } {
  let local: number | undefined;
  let remote: number | undefined;
  for (const r of reports(stats)) {
    const level = num(r.audioLevel);
    if (level === undefined || r.kind !== 'audio') continue;
    // media-source: what we send; inbound-rtp: what we hear. Older builds report `track` stats.
    if (r.type === 'media-source' || (r.type === 'track' && r.remoteSource === false)) local = Math.max(local ?? 0, level);
    if (r.type === 'inbound-rtp' || (r.type === 'track' && r.remoteSource === true)) remote = Math.max(remote ?? 0, level);
  }
  return { local, remote };
}

/** Running totals of one sample, to turn counters into rates. */
export interface StatsTotals {
  readonly at: number;
  readonly bytesReceived: number;
  readonly bytesSent: number;
  readonly packetsReceived: number;
  readonly packetsLost: number;
  /** Bytes on the selected candidate pair (media, RTCP and data channel alike). */
  readonly pairBytesReceived: number;
}

/**
 * Summarise one stats report against the previous totals.
 * @example
 * const { stats, totals } = summariseStats(await pc.getStats(), previous, Date.now());
 */
export function summariseStats(raw: RTCStatsReport | Iterable<Report> | undefined, previous: StatsTotals | undefined, now: number): { stats: CallStats; totals: StatsTotals } {
  let bytesReceived = 0;
  let bytesSent = 0;
  let packetsReceived = 0;
  let packetsLost = 0;
  let pairBytesReceived = 0;
  let roundTripTimeMs: number | undefined;
  let jitterMs: number | undefined;
  let frameWidth: number | undefined;
  let frameHeight: number | undefined;
  let framesPerSecond: number | undefined;
  const all = reports(raw);
  const selectedPairIds = new Set(all.filter((r) => r.type === 'transport' && typeof r.selectedCandidatePairId === 'string').map((r) => r.selectedCandidatePairId as string));
  for (const r of all) {
    if (r.type === 'inbound-rtp') {
      bytesReceived += num(r.bytesReceived) ?? 0;
      packetsReceived += num(r.packetsReceived) ?? 0;
      packetsLost += Math.max(0, num(r.packetsLost) ?? 0);
      const jitter = num(r.jitter);
      if (jitter !== undefined) jitterMs = Math.max(jitterMs ?? 0, jitter * 1000);
      if (r.kind === 'video') {
        frameWidth = num(r.frameWidth) ?? frameWidth;
        frameHeight = num(r.frameHeight) ?? frameHeight;
        framesPerSecond = num(r.framesPerSecond) ?? framesPerSecond;
      }
    } else if (r.type === 'outbound-rtp') {
      bytesSent += num(r.bytesSent) ?? 0;
    } else if (r.type === 'candidate-pair') {
      const selected = selectedPairIds.size > 0 ? selectedPairIds.has(r.id as string) : r.nominated === true && r.state === 'succeeded';
      if (!selected) continue;
      pairBytesReceived += num(r.bytesReceived) ?? 0;
      const rtt = num(r.currentRoundTripTime);
      if (rtt !== undefined) roundTripTimeMs = rtt * 1000;
    }
  }
  const totals: StatsTotals = { at: now, bytesReceived, bytesSent, packetsReceived, packetsLost, pairBytesReceived };
  const stats: { -readonly [K in keyof CallStats]: CallStats[K] } = { timestamp: now };
  if (roundTripTimeMs !== undefined) stats.roundTripTimeMs = Math.round(roundTripTimeMs);
  if (jitterMs !== undefined) stats.jitterMs = Math.round(jitterMs * 10) / 10;
  if (previous && now > previous.at) {
    const seconds = (now - previous.at) / 1000;
    stats.inboundBitrate = Math.max(0, Math.round(((bytesReceived - previous.bytesReceived) * 8) / seconds));
    stats.outboundBitrate = Math.max(0, Math.round(((bytesSent - previous.bytesSent) * 8) / seconds));
    const received = packetsReceived - previous.packetsReceived;
    const lost = packetsLost - previous.packetsLost;
    if (received + lost > 0) stats.packetLoss = Math.max(0, lost) / (received + Math.max(0, lost));
  }
  if (frameWidth !== undefined) stats.frameWidth = frameWidth;
  if (frameHeight !== undefined) stats.frameHeight = frameHeight;
  if (framesPerSecond !== undefined) stats.framesPerSecond = framesPerSecond;
  return { stats, totals };
}

/**
 * Grade a sample (see {@link QUALITY_THRESHOLDS}). `nothingArrived`: no byte on the selected
 * candidate pair since the previous sample.
 * @example
 * gradeQuality({ timestamp: 0, roundTripTimeMs: 40, packetLoss: 0 }, false); // 'good'
 */
export function gradeQuality(stats: CallStats, nothingArrived: boolean): CallQuality {
  if (nothingArrived) return 'lost';
  const over = (limits: { roundTripTimeMs: number; packetLoss: number; jitterMs: number }) =>
    (stats.roundTripTimeMs ?? 0) > limits.roundTripTimeMs || (stats.packetLoss ?? 0) > limits.packetLoss || (stats.jitterMs ?? 0) > limits.jitterMs;
  if (over(QUALITY_THRESHOLDS.poor)) return 'poor';
  if (over(QUALITY_THRESHOLDS.fair)) return 'fair';
  return 'good';
}

/**
 * Speaking detection with hysteresis: on at {@link SPEAKING_ON}, off after
 * {@link SPEAKING_OFF_TICKS} ticks below {@link SPEAKING_OFF}.
 * @example
 * const speaking = new SpeakingDetector();
 * speaking.update(0.2); // true
 */
export class SpeakingDetector {
  speaking = false;
  private quietTicks = 0;
  update(level: number): boolean {
    if (level >= SPEAKING_ON) {
      this.speaking = true;
      this.quietTicks = 0;
    } else if (this.speaking && level < SPEAKING_OFF) {
      if (++this.quietTicks >= SPEAKING_OFF_TICKS) this.speaking = false;
    } else {
      this.quietTicks = 0;
    }
    return this.speaking;
  }
}
