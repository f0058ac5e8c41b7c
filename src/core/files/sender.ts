/**
 * The sending side of one transfer. It offers the file, then follows the server's record: when
 * the receiver accepted with peer to peer it opens a data channel (falling back to the relay
 * after `p2pTimeoutMs`, or from the last acknowledged byte if the channel breaks); on the relay
 * and stored paths it uploads chunks in a small window, each answer telling how far the
 * server's copy goes, so a reconnect resumes where the server stopped. It is `completed` only
 * when the record says the receiver acknowledged the SHA-256.
 */
import { toBase64 } from './base64.js';
import { P2P_CHUNK_BYTES, backoff, fileError, isFinal, sha256OfBlob, sliceOf, toBlob, type EngineContext } from './context.js';
import { PeerLink, parseControl } from './p2p.js';
import { progress } from './progress.js';
import type { TransferHandle } from './transfer.js';
import type { SendFileOptions } from './types.js';
import { FileRoute, TERMINAL_STATES, parseFileRecord, type FileRecord, type FileSignalData, type TransferState } from './wire.js';

/** Unacknowledged bytes on the data channel before the sender waits. */
const P2P_MAX_BUFFERED = 1024 * 1024;
const P2P_MAX_UNACKED = 8 * 1024 * 1024;

/**
 * One outgoing transfer (or, without a file, one restored from the server after a restart).
 * @example
 * const engine = new SendEngine(ctx, handle); void engine.start(options);
 */
export class SendEngine {
  record: FileRecord | undefined;
  private blob: Blob | undefined;
  private hash: Promise<string> | undefined;
  private uploading = false;
  private link: PeerLink | undefined;
  private p2pTried = false;
  private p2pAcked = 0;
  private allSent = false;
  private started = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly ctx: EngineContext,
    readonly handle: TransferHandle,
  ) {
    handle.onCancel = () => this.cancel();
  }

  /** Offer the file. */
  async start(options: SendFileOptions<string | number>): Promise<void> {
    const s = this.handle.getSnapshot();
    try {
      this.blob = await toBlob(options.file, s.type);
    } catch (error) {
      return this.handle.update({ state: 'failed', error: fileError('FILE_IO', `The file could not be read: ${String(error)}`) });
    }
    this.handle.update({ size: this.blob.size });
    const blob = this.blob;
    this.hash = sha256OfBlob(blob);
    this.hash.catch(() => undefined);
    const body = { id: s.id, toUserId: s.peerUserId, name: s.name, size: blob.size, type: s.type, metadata: s.metadata, p2p: this.ctx.Impl !== undefined };
    for (let attempt = 0; !this.handle.ended; attempt++) {
      const reply = await this.ctx.create(FileRoute.offer, body);
      const record = reply.ok ? parseFileRecord(reply.output) : undefined;
      if (record) return this.onRecord(record);
      if (reply.ok || isFinal(reply.error)) return this.handle.update({ state: 'failed', error: reply.error ?? fileError('BAD_REQUEST', 'Malformed answer to the offer') });
      await backoff(attempt);
    }
  }

  /** The server's view changed (push, answer or a reconnect's full list). */
  onRecord(record: FileRecord): void {
    if (this.handle.ended) return;
    this.record = record;
    if (TERMINAL_STATES.has(record.state)) {
      this.stop();
      const error = record.error ? fileError(record.error.code, record.error.description) : undefined;
      if (record.state !== 'completed') return this.handle.update({ state: record.state, error, path: record.path });
      // The receiver checked every byte: a sender whose last upload answer is still on its way
      // (the receiver can be that quick) passes through `verifying` too, so every sender shows
      // one order of states.
      if (this.handle.getSnapshot().state !== 'verifying') this.handle.update({ state: 'verifying', path: record.path });
      return this.handle.update({ state: 'completed', bytesTransferred: record.size, path: record.path });
    }
    this.handle.update({ path: record.path, state: this.stateNow() });
    if (!this.blob) {
      // Restored after a restart: the bytes the server holds are all we can show.
      if (record.path !== 'p2p') progress(this.handle, record.uploaded);
      return;
    }
    if (record.state === 'waiting' || (record.state === 'accepted' && record.path !== 'p2p')) void this.upload();
    else if (record.state === 'accepted' && record.path === 'p2p') this.startP2p();
  }

  /** A signal from the receiver. */
  onSignal(data: FileSignalData): void {
    void this.link?.signal(data);
  }

  cancel(): void {
    if (this.handle.ended) return;
    this.handle.update({ state: 'canceled', error: fileError('CANCELED', 'You canceled the transfer') });
    this.stop();
    void this.ctx.create(FileRoute.cancel, { id: this.handle.id });
  }

  /** Release the peer connection and loops (client closed). */
  dispose(): void {
    this.stop();
  }

  private stop(): void {
    this.link?.close();
    this.link = undefined;
    this.wake?.();
  }

  private stateNow(): TransferState {
    const r = this.record!;
    if (r.state !== 'accepted') return r.state;
    return this.allSent ? 'verifying' : this.started ? 'transferring' : 'accepted';
  }

  private sent(bytes: number): void {
    if (bytes > 0) this.started = true;
    this.handle.update({ state: this.stateNow() });
    progress(this.handle, bytes);
  }

  /** Relay and stored paths: upload from where the server's copy ends. */
  private async upload(): Promise<void> {
    if (this.uploading || !this.blob || this.allSent) return;
    this.uploading = true;
    const { id } = this.handle;
    const size = this.blob.size;
    const chunk = Math.min(this.ctx.chunkBytes, this.record!.maxChunkBytes);
    try {
      let acked = this.record!.uploaded;
      let next = acked;
      let attempt = 0;
      const inflight: Array<{ offset: number; length: number; reply: Promise<{ ok: boolean; uploaded?: number; final: boolean }> }> = [];
      const drain = () => Promise.all(inflight.splice(0).map((f) => f.reply));
      while (!this.handle.ended && this.record?.path !== 'p2p' && acked < size) {
        while (inflight.length < this.ctx.window && next < size) {
          const offset = next;
          const length = Math.min(chunk, size - offset);
          next += length;
          const blob = this.blob;
          // The last chunk carries the SHA-256: once the server holds every byte, it can deliver
          // the file even if this sender is gone a moment later.
          const last = offset + length === size;
          const reply = Promise.all([sliceOf(blob, offset, length), last ? this.hash! : undefined])
            .then(([bytes, sha256]) => this.ctx.create(FileRoute.upload, { id, offset, data: toBase64(bytes), ...(sha256 ? { sha256 } : {}) }))
            .then((r) => {
              const uploaded = (r.output as { uploaded?: unknown } | undefined)?.uploaded;
              return { ok: r.ok && typeof uploaded === 'number', uploaded: typeof uploaded === 'number' ? uploaded : undefined, final: !r.ok && isFinal(r.error) };
            });
          inflight.push({ offset, length, reply });
        }
        const head = inflight.shift()!;
        const result = await head.reply;
        if (this.handle.ended) break;
        if (!result.ok) {
          await drain();
          if (result.final) break; // the record push says why
          await backoff(attempt++);
          next = acked;
          continue;
        }
        attempt = 0;
        const uploaded = Math.min(size, result.uploaded!);
        if (uploaded < head.offset + head.length) {
          // The server's copy ends before this chunk (a gap after a reconnect): go on from there.
          await drain();
          next = acked = Math.max(this.record!.base, uploaded);
        } else {
          acked = Math.max(acked, uploaded);
          if (next < acked) next = acked;
        }
        this.sent(acked);
      }
      await drain();
      if (!this.handle.ended && acked >= size && this.record?.path !== 'p2p') {
        this.allSent = true;
        this.handle.update({ state: this.stateNow() });
      }
    } catch {
      // The file could not be read (or hashed): nothing more can be sent.
      this.handle.update({ state: 'failed', error: fileError('FILE_IO', 'The file could not be read') });
      void this.ctx.create(FileRoute.cancel, { id });
    } finally {
      this.uploading = false;
    }
  }

  /** Peer to peer, or the relay if it cannot start within `p2pTimeoutMs`. */
  private startP2p(): void {
    if (this.p2pTried) return;
    this.p2pTried = true;
    const Impl = this.ctx.Impl;
    if (!Impl) return void this.toRelay(0);
    const { id } = this.handle;
    const link = new PeerLink(Impl, true, this.ctx.rtcConfiguration, (data) => void this.ctx.create(FileRoute.signal, { id, data }));
    this.link = link;
    let streaming = false;
    const timer = setTimeout(() => {
      if (streaming) return;
      this.ctx.log(`file ${id}: no data channel after ${this.ctx.p2pTimeoutMs} ms, relaying`);
      void this.toRelay(0);
    }, this.ctx.p2pTimeoutMs);
    link.onMessage = (data) => {
      if (typeof data !== 'string') return;
      const control = parseControl(data);
      if (control?.t === 'start' && !streaming) {
        streaming = true;
        clearTimeout(timer);
        void this.streamP2p(link, control.offset);
      } else if (control?.t === 'ack') {
        this.p2pAcked = Math.min(control.offset, this.blob!.size);
        this.sent(this.p2pAcked);
        this.wake?.();
      }
    };
    link.onClose = () => {
      clearTimeout(timer);
      if (this.link === link && !this.handle.ended) void this.toRelay(this.p2pAcked);
    };
  }

  private async streamP2p(link: PeerLink, from: number): Promise<void> {
    const channel = link.channel!;
    const blob = this.blob!;
    channel.bufferedAmountLowThreshold = P2P_MAX_BUFFERED / 4;
    channel.onbufferedamountlow = () => this.wake?.();
    this.p2pAcked = Math.max(this.p2pAcked, from);
    try {
      for (let offset = from; offset < blob.size; offset += P2P_CHUNK_BYTES) {
        while (this.link === link && (channel.bufferedAmount > P2P_MAX_BUFFERED || offset - this.p2pAcked > P2P_MAX_UNACKED)) {
          // Woken by bufferedamountlow or an ack. @roamhq/wrtc never fires bufferedamountlow
          // (measured), so a short poll backs it up there.
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, 10);
            this.wake = () => (clearTimeout(timer), resolve());
          });
        }
        if (this.link !== link || this.handle.ended) return;
        const bytes = await sliceOf(blob, offset, P2P_CHUNK_BYTES);
        channel.send(bytes.buffer as ArrayBuffer);
        if (!this.started) this.sent(this.p2pAcked);
      }
      const sha256 = await this.hash!;
      if (this.link !== link) return;
      channel.send(JSON.stringify({ t: 'end', sha256 }));
      // The server learns it too, so it can check the receiver's acknowledgement.
      void this.ctx.create(FileRoute.end, { id: this.handle.id, sha256 });
      this.allSent = true;
      this.handle.update({ state: this.stateNow() });
    } catch {
      // A channel closed mid-send: onClose moves the transfer to the relay.
    }
  }

  /** Leave peer to peer: the server keeps the bytes from `offset` (the receiver acknowledged up to there). */
  private async toRelay(offset: number): Promise<void> {
    this.link?.close();
    this.link = undefined;
    this.allSent = false;
    for (let attempt = 0; !this.handle.ended; attempt++) {
      const reply = await this.ctx.create(FileRoute.path, { id: this.handle.id, offset });
      const record = reply.ok ? parseFileRecord(reply.output) : undefined;
      if (record) return this.onRecord(record);
      if (isFinal(reply.error)) return;
      await backoff(attempt);
    }
  }
}
