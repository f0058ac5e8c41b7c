/**
 * The peer-to-peer path: one `RTCPeerConnection` with one ordered, reliable data channel,
 * signalled through `askless-react/files/signal` (never the §8 call routes). Works with no ICE
 * servers (host candidates). The browser's WebRTC, or `options.wrtc` (e.g. `@roamhq/wrtc`) in Node.
 */
import type { FileSignalData } from './wire.js';

/** The part of a WebRTC implementation used here. */
export type PeerConnectionConstructor = new (configuration?: RTCConfiguration) => RTCPeerConnection;

/**
 * The environment's RTCPeerConnection: `wrtc.RTCPeerConnection`, else the global, else none.
 * @example
 * const Impl = peerConnectionOf(client.options.wrtc);
 */
export function peerConnectionOf(wrtc: unknown): PeerConnectionConstructor | undefined {
  const fromOption = (wrtc as { RTCPeerConnection?: unknown } | undefined)?.RTCPeerConnection;
  if (typeof fromOption === 'function') return fromOption as PeerConnectionConstructor;
  const global = (globalThis as { RTCPeerConnection?: unknown }).RTCPeerConnection;
  return typeof global === 'function' ? (global as PeerConnectionConstructor) : undefined;
}

/** Data-channel messages of a transfer, besides the binary chunks. */
export type PeerControl = { t: 'start'; offset: number } | { t: 'ack'; offset: number } | { t: 'end'; sha256: string };

/**
 * One side of a transfer's peer connection.
 * @example
 * const link = new PeerLink(Impl, true, {}, (data) => sendSignal(data));
 * link.onOpen = (channel) => channel.send(...);
 */
export class PeerLink {
  readonly pc: RTCPeerConnection;
  channel: RTCDataChannel | undefined;
  onOpen: ((channel: RTCDataChannel) => void) | undefined;
  onMessage: ((data: ArrayBuffer | string) => void) | undefined;
  /** The channel closed or the connection failed (once). */
  onClose: (() => void) | undefined;
  private remoteSet = false;
  private readonly early: RTCIceCandidateInit[] = [];
  private closed = false;

  constructor(
    Impl: PeerConnectionConstructor,
    initiator: boolean,
    configuration: RTCConfiguration,
    private readonly sendSignal: (data: FileSignalData) => void,
  ) {
    this.pc = new Impl({ iceServers: [], ...configuration });
    this.pc.onicecandidate = (e) => {
      const c = e.candidate;
      if (c && c.candidate) sendSignal({ candidate: { candidate: c.candidate, sdpMid: c.sdpMid ?? null, sdpMLineIndex: c.sdpMLineIndex ?? null } });
    };
    this.pc.onconnectionstatechange = () => {
      const s = this.pc.connectionState;
      if (s === 'failed' || s === 'closed') this.lost();
    };
    if (initiator) {
      this.attach(this.pc.createDataChannel('askless-file', { ordered: true }));
      void this.offer();
    } else {
      this.pc.ondatachannel = (e) => this.attach(e.channel);
    }
  }

  /** Feed a signal from the other side. */
  async signal(data: FileSignalData): Promise<void> {
    if (this.closed) return;
    try {
      if ('sdp' in data) {
        await this.pc.setRemoteDescription(data.sdp);
        this.remoteSet = true;
        for (const c of this.early.splice(0)) await this.pc.addIceCandidate(c);
        if (data.sdp.type === 'offer') {
          await this.pc.setLocalDescription(await this.pc.createAnswer());
          const local = this.pc.localDescription!;
          this.sendSignal({ sdp: { type: 'answer', sdp: local.sdp } });
        }
      } else if (this.remoteSet) {
        await this.pc.addIceCandidate(data.candidate);
      } else {
        this.early.push(data.candidate);
      }
    } catch {
      this.lost();
    }
  }

  /** Close the connection (idempotent); `onClose` does not fire for a close asked here. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.channel?.close();
      this.pc.close();
    } catch {
      // already closed
    }
  }

  private async offer(): Promise<void> {
    try {
      await this.pc.setLocalDescription(await this.pc.createOffer());
      const local = this.pc.localDescription!;
      this.sendSignal({ sdp: { type: 'offer', sdp: local.sdp } });
    } catch {
      this.lost();
    }
  }

  private attach(channel: RTCDataChannel): void {
    this.channel = channel;
    channel.binaryType = 'arraybuffer';
    channel.onopen = () => this.onOpen?.(channel);
    channel.onmessage = (e) => this.onMessage?.(e.data as ArrayBuffer | string);
    channel.onclose = () => this.lost();
    channel.onerror = () => this.lost();
  }

  private lost(): void {
    if (this.closed) return;
    this.close();
    this.onClose?.();
  }
}

/**
 * Parse a control message, or undefined.
 * @example
 * const msg = parseControl(text); if (msg?.t === 'ack') progress(msg.offset);
 */
export function parseControl(text: string): PeerControl | undefined {
  try {
    const v = JSON.parse(text) as Record<string, unknown>;
    if ((v.t === 'start' || v.t === 'ack') && typeof v.offset === 'number' && Number.isSafeInteger(v.offset) && v.offset >= 0) return { t: v.t, offset: v.offset };
    if (v.t === 'end' && typeof v.sha256 === 'string' && /^[0-9a-f]{64}$/.test(v.sha256)) return { t: 'end', sha256: v.sha256 };
  } catch {
    // not ours
  }
  return undefined;
}
