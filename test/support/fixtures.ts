/**
 * Where the golden Askless 2.0.3 transcripts live: `../shared/fixtures/askless-2.0.3` beside the
 * repository (CI clones the repo anywhere with `shared/` next to it). `ASKLESS_FIXTURES` overrides.
 * @example
 * readFileSync(join(FIXTURES_DIR, 'handshake.jsonl'), 'utf8');
 */
import { fileURLToPath } from 'node:url';

export const FIXTURES_DIR: string =
  process.env.ASKLESS_FIXTURES ?? fileURLToPath(new URL('../../../shared/fixtures/askless-2.0.3', import.meta.url));
