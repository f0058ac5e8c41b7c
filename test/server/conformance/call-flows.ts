/**
 * The call flows of the fixtures (routes in src/server/calls, docs/calls.md), patched into our
 * fixed behaviour.
 */
import {
  anyOrderLine,
  c2s,
  closeLine,
  confirmLine,
  confirmOf,
  dropS2cFrom,
  idOf,
  indexOf,
  insertAfter,
  probeLine,
  pushLine,
  responseLine,
  stopLine,
  withoutCrash,
} from './patches.js';
import type { FlowSpec, Line } from './replay.js';


