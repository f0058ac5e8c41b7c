// The sender's order of states (src/core/files/sender.ts): the server's `completed` can reach the
// sender before the answer to its last upload (a receiver served from the server's memory is that
// quick; CI saw it), and the sender must still show `verifying` before `completed`.
import { describe, expect, it } from 'vitest';
import { SendEngine } from '../../src/core/files/sender.js';
import { TransferHandle } from '../../src/core/files/transfer.js';
import type { EngineContext } from '../../src/core/files/context.js';
import type { FileRecord } from '../../src/core/files/wire.js';

const record = (state: FileRecord['state'], uploaded: number): FileRecord => ({
  id: 'abcdefghijklmnop1234',
  fromUserId: 1,
  toUserId: 2,
  name: 'a.bin',
  size: 1000,
  type: '',
  metadata: {},
  state,
  path: 'relay',
  receiverP2p: false,
  base: 0,
  uploaded,
  ended: uploaded === 1000,
  maxChunkBytes: 512 * 1024,
  expiresAt: Date.now() + 60_000,
});

describe('SendEngine states', () => {
  it('passes through verifying when completed arrives while it still shows transferring', () => {
    const handle = new TransferHandle({
      id: 'abcdefghijklmnop1234', direction: 'send', peerUserId: 2, name: 'a.bin', size: 1000, type: '', metadata: {},
      state: 'offered', bytesTransferred: 0, bytesPerSecond: 0, etaMs: undefined, path: 'relay', error: undefined,
    });
    const states: string[] = [];
    handle.subscribe(() => states.push(handle.getSnapshot().state));
    // No file (as after a restart), so onRecord only follows the server's record.
    const engine = new SendEngine({} as EngineContext, handle);
    engine.onRecord(record('accepted', 0));
    handle.update({ state: 'transferring' }); // bytes flowing; the last upload's answer not back yet
    engine.onRecord(record('completed', 1000));
    expect(states).toEqual(['accepted', 'transferring', 'verifying', 'completed']);
    expect(handle.getSnapshot()).toMatchObject({ state: 'completed', bytesTransferred: 1000 });
  });
});
