/**
 * Conformance with Askless 2.0.3: every recorded fixture flow replayed against our server
 * (test/server/conformance/replay.ts). Flows where the original is defective are patched into
 * our sane behaviour (test/server/conformance/patches.ts); docs/server.md lists each deviation.
 */
import { describe, it } from 'vitest';
import { FLOWS } from './conformance/flows.js';
import { replayFlow } from './conformance/replay.js';

describe('conformance with the Askless 2.0.3 fixtures', () => {
  for (const spec of FLOWS) {
    it(`replays ${spec.file}`, async () => {
      await replayFlow(spec);
    });
  }
});
