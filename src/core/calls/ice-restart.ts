/**
 * Reconnection by ICE restart (issue 15). When a live call's ICE goes `disconnected`, the data
 * channel is down with it, so the new offer and answer travel through the server's extension
 * route (relay-wire.ts). The side that created the first offer restarts, every `retryMs` while
 * the call is reconnecting; an offer that gathered no candidate at all (the TURN server is still
 * gone) is rolled back instead of sent. On a server without the route (2.0.3) the offerer
 * re-establishes the call with a tagged request instead (re-request.ts), if the peer is
 * askless-react; with a Flutter peer the call waits for ICE to come back by itself.
 */
import { ServerErrorCode } from '../errors.js';
import { decodeIceRestart, ICE_RESTART_ROUTE, type IceRestartMessage } from './relay-wire.js';
import type { CallTransport } from './transport.js';
import type { WireSdp, WireUserId } from './wire.js';

/**
 * One LISTEN on the relay route per client, held while any call is reconnecting.
 * @example
 * const relay = new IceRestartRelay(transport);
 * const stop = relay.follow(2, (message) => apply(message.sdp));
 */
export class IceRestartRelay {
  private readonly handlers = new Map<string, (message: IceRestartMessage) => void>();
  private stopListening: (() => void) | undefined;
  /** The server has no such route (Askless 2.0.3): stop trying. */
  unsupported = false;

  constructor(private readonly transport: CallTransport) {}

  /** Receive what `userId` relays to us until the returned release is called. */
  follow(userId: WireUserId, handler: (message: IceRestartMessage) => void): () => void {
    const key = String(userId);
    this.handlers.set(key, handler);
    if (!this.stopListening && !this.unsupported) {
      this.stopListening = this.transport.listen(ICE_RESTART_ROUTE, {}, {
        onValue: (value) => {
          const message = decodeIceRestart(value);
          if (message) this.handlers.get(String(message.remoteUserId))?.(message);
        },
        onStop: (error) => {
          this.stopListening = undefined;
          if (error?.code === ServerErrorCode.INVALID_ROUTE) this.unsupported = true;
        },
      });
    }
    return () => {
      if (this.handlers.get(key) !== handler) return;
      this.handlers.delete(key);
      if (this.handlers.size === 0) {
        this.stopListening?.();
        this.stopListening = undefined;
      }
    };
  }

  /** Relay `sdp` to `userId`; false when the server refused or lacks the route. */
  async send(userId: WireUserId, sdp: WireSdp): Promise<boolean> {
    if (this.unsupported) return false;
    const result = await this.transport.create(ICE_RESTART_ROUTE, { remoteUserId: userId, sdp });
    if (result.error?.code === ServerErrorCode.INVALID_ROUTE) this.unsupported = true;
    return result.ok;
  }
}

/** Resolve once ICE gathering completes (or after `timeoutMs`): trickle is off, the SDP must hold the candidates. */
async function gathered(pc: RTCPeerConnection, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (pc.iceGatheringState !== 'complete' && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
}

/** What a reconnecting call gives the restart loop. */
export interface IceRestartTarget {
  readonly remoteUserId: WireUserId;
  /** True for the side that made the first offer: it drives the restart. */
  readonly offerer: boolean;
  pc(): RTCPeerConnection | undefined;
  log(message: string): void;
  /** Without the relay (2.0.3): re-establish the call another way; true once it did. */
  reestablish?(): Promise<boolean>;
}

/**
 * Restart ICE for `target` until the returned stop is called (ICE is back, or the call ended).
 * @example
 * const stop = restartIce(relay, { remoteUserId: 2, offerer: true, pc: () => peer._pc, log }, 2_000);
 */
export function restartIce(relay: IceRestartRelay, target: IceRestartTarget, retryMs: number): () => void {
  let stopped = false;
  let busy = false;
  const guard = async (what: string, step: () => Promise<void>) => {
    if (busy || stopped) return;
    busy = true;
    try {
      await step();
    } catch (error) {
      target.log(`ICE restart ${what} failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      busy = false;
    }
  };
  const offer = () =>
    guard('offer', async () => {
      if (relay.unsupported) return void (await target.reestablish?.());
      const pc = target.pc();
      if (!pc || pc.signalingState !== 'stable') return;
      await pc.setLocalDescription(await pc.createOffer({ iceRestart: true }));
      await gathered(pc, Math.max(500, retryMs - 200));
      const sdp = pc.localDescription?.sdp ?? '';
      if (stopped || !/\na=candidate:/.test(sdp)) {
        // Nothing to offer yet (the relay is still down): back to the old description, try later.
        await pc.setLocalDescription({ type: 'rollback' }).catch(() => undefined);
        return;
      }
      target.log('ICE restart: offer relayed');
      // Refused (no relay on this server, or no live call there): back to stable for the next try.
      if (!(await relay.send(target.remoteUserId, { type: 'offer', sdp }))) await pc.setLocalDescription({ type: 'rollback' }).catch(() => undefined);
    });
  const onMessage = (message: IceRestartMessage) =>
    void guard(message.sdp.type, async () => {
      const pc = target.pc();
      if (!pc) return;
      if (message.sdp.type === 'answer') {
        if (pc.signalingState === 'have-local-offer') await pc.setRemoteDescription(message.sdp);
        return;
      }
      if (pc.signalingState !== 'stable') return;
      await pc.setRemoteDescription(message.sdp);
      await pc.setLocalDescription(await pc.createAnswer());
      await gathered(pc, Math.max(500, retryMs - 200));
      target.log('ICE restart: answer relayed');
      await relay.send(target.remoteUserId, { type: 'answer', sdp: pc.localDescription?.sdp ?? '' });
    });
  const release = relay.follow(target.remoteUserId, onMessage);
  const timer = target.offerer ? setInterval(() => void offer(), retryMs) : undefined;
  (timer as { unref?: () => void } | undefined)?.unref?.();
  if (target.offerer) void offer();
  return () => {
    stopped = true;
    clearInterval(timer);
    release();
  };
}
