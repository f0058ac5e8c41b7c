/**
 * The fuzzer's seed corpus: every distinct client→server JSON frame captured from the real
 * Askless 2.0.3 conversations in ../shared/fixtures, grouped by (marker, route) so that the
 * 399 captured pings do not drown the dozen call frames.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where the golden transcripts live (read-only, shared by every helper); `ASKLESS_FIXTURES`
 * points elsewhere, e.g. on a machine without ../shared.
 * @example
 * loadCorpus(FIXTURES_DIR, 's2c');
 */
export { FIXTURES_DIR } from '../../support/fixtures.js';
import { FIXTURES_DIR } from '../../support/fixtures.js';

/**
 * One group of seed frames that share a marker and a route.
 * @example
 * for (const { kind, frames } of loadCorpus()) console.log(kind, frames.length);
 */
export interface CorpusGroup {
  readonly kind: string;
  readonly frames: readonly Record<string, unknown>[];
}

/**
 * Load the JSON frames of one direction (client→server by default), de-duplicated and grouped.
 * @example
 * const groups = loadCorpus();
 * const frame = rng.pick(rng.pick(groups).frames);
 */
export function loadCorpus(dir = FIXTURES_DIR, direction: 'c2s' | 's2c' = 'c2s'): CorpusGroup[] {
  const seen = new Set<string>();
  const groups = new Map<string, Record<string, unknown>[]>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort()) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      const entry = JSON.parse(line) as { dir?: string; frame?: unknown };
      if (entry.dir !== direction || typeof entry.frame !== 'object' || entry.frame === null) continue;
      const frame = entry.frame as Record<string, unknown>;
      const text = JSON.stringify(frame);
      if (seen.has(text)) continue;
      seen.add(text);
      const marker = Object.keys(frame).find((k) => k.startsWith('_class_type_')) ?? 'none';
      const kind = `${marker} ${typeof frame.route === 'string' ? frame.route : ''}`;
      const list = groups.get(kind) ?? [];
      list.push(frame);
      groups.set(kind, list);
    }
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([kind, frames]) => ({ kind, frames }));
}
