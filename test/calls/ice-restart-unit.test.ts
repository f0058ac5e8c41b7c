/**
 * The ICE-restart loop (ice-restart.ts) against a stand-in peer connection and relay: an offer
 * the relay refuses (no live call on the server, a restarted server) is rolled back, so the
 * next period offers again instead of staying stuck in `have-local-offer` for good. The real
 * relay and coturn are in manager-reconnect.test.ts.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { restartIce, type IceRestartRelay } from '../../src/core/calls/ice-restart.js';

/** Just enough of RTCPeerConnection for the restart loop; records what it was asked. */
function fakePc() {
  const calls: string[] = [];
  const pc = {
    signalingState: 'stable' as RTCSignalingState,
    iceGatheringState: 'complete' as RTCIceGatheringState,
    localDescription: null as RTCSessionDescriptionInit | null,
    async createOffer(options: RTCOfferOptions) {
      calls.push(`createOffer iceRestart=${String(options.iceRestart)}`);
      return { type: 'offer' as const, sdp: 'v=0\r\na=candidate:1 1 udp 1 192.0.2.1 9 typ host\r\n' };
    },
    async setLocalDescription(description: RTCSessionDescriptionInit) {
      calls.push(`setLocal ${description.type}`);
      if (description.type === 'rollback') {
        pc.signalingState = 'stable';
        pc.localDescription = null;
      } else {
        pc.signalingState = 'have-local-offer';
        pc.localDescription = description;
      }
    },
  };
  return { pc, calls };
}

let stop: (() => void) | undefined;
afterEach(() => stop?.());

describe('restartIce', () => {
  it('rolls back an offer the relay refused, and offers again the next period', async () => {
    const { pc, calls } = fakePc();
    const sent: string[] = [];
    const relay = {
      unsupported: false,
      follow: () => () => undefined,
      send: async (_to: unknown, sdp: { type: string }) => (sent.push(sdp.type), false),
    } as unknown as IceRestartRelay;
    stop = restartIce(relay, { remoteUserId: 2, offerer: true, pc: () => pc as unknown as RTCPeerConnection, log: () => undefined }, 500);
    await vi.waitFor(() => expect(sent).toHaveLength(2), { timeout: 3_000, interval: 10 });
    expect(calls.slice(0, 4)).toEqual(['createOffer iceRestart=true', 'setLocal offer', 'setLocal rollback', 'createOffer iceRestart=true']);
  });
});
