/**
 * The fixture flows and how each is replayed (timers, patches for the original's defects).
 */
import type { FlowSpec } from './replay.js';

export const FLOWS: FlowSpec[] = [
  { file: 'handshake.jsonl' },
  { file: 'handshake-variants.jsonl' },
  { file: 'auth-ok.jsonl' },
  { file: 'auth-rejected.jsonl' },
  { file: 'auth-no-credential.jsonl' },
  { file: 'auth-timeout.jsonl', init: { authorizeTimeoutInMs: 150 } },
  { file: 'read-ok.jsonl' },
  { file: 'read-invalid-route.jsonl' },
  { file: 'read-custom-error.jsonl' },
  { file: 'crud.jsonl' },
  { file: 'listen-push.jsonl' },
  { file: 'stop-listening.jsonl' },
  { file: 'counter.jsonl' },
  { file: 'malformed-unknown-class.jsonl' },
  { file: 'reconnect.jsonl' },
  { file: 'reconnect-listen-before-auth.jsonl' },
];
