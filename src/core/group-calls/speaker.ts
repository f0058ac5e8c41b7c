/**
 * Who is speaking, and who is the active speaker, from audio levels sampled a few times a second.
 * `isSpeaking` has hysteresis (on above 0.06, off below 0.03); the active speaker is the loudest
 * over a short moving average and changes only when another is clearly louder (1.5×), so the
 * focus does not flicker between two people talking at once.
 */

const SPEAKING_ON = 0.06;
const SPEAKING_OFF = 0.03;
const SWITCH_RATIO = 1.5;
const SMOOTHING = 0.5;

/**
 * Tracks levels per participant id.
 * @example
 * const speakers = new SpeakerTracker();
 * speakers.update(new Map([['local', 0.2], ['m1', 0.01]]));
 * speakers.activeSpeakerId; // 'local'
 */
export class SpeakerTracker {
  private readonly average = new Map<string, number>();
  private readonly speaking = new Set<string>();
  activeSpeakerId: string | undefined;

  /** Feed the latest level of every present participant; absent ones are forgotten. */
  update(levels: ReadonlyMap<string, number>): void {
    for (const id of [...this.average.keys()]) if (!levels.has(id)) this.forget(id);
    for (const [id, level] of levels) {
      const avg = (this.average.get(id) ?? level) * (1 - SMOOTHING) + level * SMOOTHING;
      this.average.set(id, avg);
      if (avg > SPEAKING_ON) this.speaking.add(id);
      else if (avg < SPEAKING_OFF) this.speaking.delete(id);
    }
    let loudest: string | undefined;
    for (const id of this.speaking) if (loudest === undefined || this.average.get(id)! > this.average.get(loudest)!) loudest = id;
    const current = this.activeSpeakerId;
    if (loudest === undefined || loudest === current) return;
    const currentAvg = current !== undefined ? (this.average.get(current) ?? 0) : 0;
    if (current === undefined || !this.speaking.has(current) || this.average.get(loudest)! > currentAvg * SWITCH_RATIO) this.activeSpeakerId = loudest;
  }

  isSpeaking(id: string): boolean {
    return this.speaking.has(id);
  }

  private forget(id: string): void {
    this.average.delete(id);
    this.speaking.delete(id);
    if (this.activeSpeakerId === id) this.activeSpeakerId = undefined;
  }
}
