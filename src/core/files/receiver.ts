/**
 * The receiving side of one transfer. After `accept`, bytes arrive over the data channel or,
 * on the relay and stored paths, by downloads pipelined in a small window; they are written to
 * the sink in order and hashed incrementally (SHA-256, hash-wasm). Only when every byte is in
 * and the digest equals the sender's does it acknowledge completion to the server, which tells
 * the sender. A dropped connection or channel continues from the bytes already written.
 */
import { fromBase64 } from './base64.js';
import { backoff, createSha256, fileError, isFinal, type EngineContext, type Sha256 } from './context.js';
import { PeerLink, parseControl } from './p2p.js';
import { openSink, type ByteSink } from './sink.js';
import { progress } from './progress.js';
import type { TransferHandle } from './transfer.js';
import type { AcceptFileOptions } from './types.js';
import { FileErrorCode, FileRoute, SHA256_PATTERN, TERMINAL_STATES, parseFileRecord, type FileRecord, type FileSignalData } from './wire.js';

/** The receiver acknowledges peer-to-peer bytes this often (the sender's progress and resume point). */
const P2P_ACK_EVERY = 256 * 1024;

/**
 * One incoming transfer, from `accept` on.
 * @example
 * const engine = new ReceiveEngine(ctx, handle, record); void engine.accept({ sink: path.join(os.tmpdir(), 'x.bin') });
 */
export class ReceiveEngine {
  private sink: ByteSink | undefined;
  private hasher: Sha256 | undefined;
  private received = 0;
  private writes: Promise<void> = Promise.resolve();
  private senderSha: string | undefined;
  private link: PeerLink | undefined;
  private lastAck = 0;
  private downloading = false;
  private verifying = false;

  constructor(
    private readonly ctx: EngineContext,
    readonly handle: TransferHandle,
    public record: FileRecord,
  ) {
    handle.onCancel = () => this.cancel();
  }

  async accept(options: AcceptFileOptions = {}): Promise<void> {
    try {
      this.sink = await openSink(options.sink, this.record.type);
      this.hasher = await createSha256();
    } catch (error) {
      this.fail(FileErrorCode.FILE_IO, `The sink could not be opened: ${String(error)}`);
      return void this.ctx.create(FileRoute.cancel, { id: this.record.id });
    }
    for (let attempt = 0; !this.handle.ended; attempt++) {
      const reply = await this.ctx.create(FileRoute.accept, { id: this.record.id, p2p: this.ctx.Impl !== undefined });
      const record = reply.ok ? parseFileRecord(reply.output) : undefined;
      if (record) return this.onRecord(record);
      if (reply.ok || isFinal(reply.error)) return this.fail(reply.error?.code ?? 'BAD_REQUEST', reply.error?.description ?? 'Malformed answer to accept');
      await backoff(attempt);
    }
  }

  onRecord(record: FileRecord): void {
    if (this.handle.ended || !this.sink) return;
    this.record = record;
    if (TERMINAL_STATES.has(record.state)) {
      this.closePeer();
      if (record.state !== 'completed') this.sink.abort();
      // `completed` arrives through our own acknowledgement; a record alone never completes us.
      if (record.state !== 'completed') this.handle.update({ state: record.state, error: record.error && fileError(record.error.code, record.error.description) });
      return;
    }
    if (record.state !== 'accepted') return;
    this.handle.update({ path: record.path });
    if (record.path === 'p2p') this.ensurePeer();
    else {
      this.closePeer();
      void this.download();
    }
  }

  onSignal(data: FileSignalData): void {
    if (this.record.path !== 'p2p' || this.handle.ended) return;
    this.ensurePeer();
    void this.link?.signal(data);
  }

  cancel(): void {
    if (this.handle.ended) return;
    this.handle.update({ state: 'canceled', error: fileError('CANCELED', 'You canceled the transfer') });
    this.closePeer();
    this.sink?.abort();
    void this.ctx.create(FileRoute.cancel, { id: this.record.id });
  }

  dispose(): void {
    this.closePeer();
  }

  private fail(code: string, description: string): void {
    this.closePeer();
    this.sink?.abort();
    this.handle.update({ state: 'failed', error: fileError(code, description) });
  }

  private closePeer(): void {
    this.link?.close();
    this.link = undefined;
  }

  /** Write bytes in arrival order; then check whether the file is complete. */
  private write(bytes: Uint8Array): Promise<void> {
    this.writes = this.writes.then(async () => {
      if (this.handle.ended || bytes.length === 0) return;
      try {
        await this.sink!.write(bytes);
      } catch (error) {
        this.fail(FileErrorCode.FILE_IO, `The sink could not be written: ${String(error)}`);
        void this.ctx.create(FileRoute.cancel, { id: this.record.id });
        return;
      }
      this.hasher!.update(bytes);
      this.received += bytes.length;
      this.handle.update({ state: this.received < this.record.size ? 'transferring' : 'verifying' });
      progress(this.handle, this.received);
    });
    return this.writes;
  }

  private ensurePeer(): void {
    if (this.link || !this.ctx.Impl) return;
    const { id } = this.record;
    const link = new PeerLink(this.ctx.Impl, false, this.ctx.rtcConfiguration, (data) => void this.ctx.create(FileRoute.signal, { id, data }));
    this.link = link;
    link.onOpen = (channel) => {
      void this.writes.then(() => channel.send(JSON.stringify({ t: 'start', offset: this.received })));
    };
    link.onMessage = (data) => {
      if (typeof data === 'string') {
        const control = parseControl(data);
        if (control?.t === 'end') {
          this.senderSha = control.sha256;
          void this.writes.then(() => this.maybeVerify());
        }
        return;
      }
      void this.write(new Uint8Array(data)).then(() => {
        const channel = this.link === link ? link.channel : undefined;
        if (!channel || channel.readyState !== 'open') return;
        if (this.received - this.lastAck >= P2P_ACK_EVERY || this.received === this.record.size) {
          this.lastAck = this.received;
          channel.send(JSON.stringify({ t: 'ack', offset: this.received }));
        }
      });
    };
    // The sender notices too and moves the transfer to the relay; its record push restarts us.
    link.onClose = () => {
      if (this.link === link) this.link = undefined;
    };
  }

  /** Relay and stored paths: pipelined downloads from the bytes already written. */
  private async download(): Promise<void> {
    if (this.downloading) return;
    this.downloading = true;
    try {
      await this.writes;
      const { id, size } = this.record;
      const chunk = Math.min(this.ctx.chunkBytes, this.record.maxChunkBytes);
      let next = this.received;
      let attempt = 0;
      const inflight: Array<{ offset: number; reply: ReturnType<EngineContext['read']> }> = [];
      const drain = () => Promise.all(inflight.splice(0).map((f) => f.reply));
      while (!this.handle.ended && this.record.path !== 'p2p' && this.received < size) {
        while (inflight.length < this.ctx.window && next < size) {
          inflight.push({ offset: next, reply: this.ctx.read(FileRoute.download, { id, offset: next, length: chunk }) });
          next += Math.min(chunk, size - next);
        }
        const head = inflight.shift()!;
        const reply = await head.reply;
        if (this.handle.ended) break;
        const out = reply.output as { offset?: unknown; data?: unknown; sha256?: unknown } | undefined;
        const bytes = reply.ok && out?.offset === head.offset && typeof out.data === 'string' ? fromBase64(out.data) : undefined;
        const expected = Math.min(chunk, size - head.offset);
        if (!bytes || head.offset !== this.received || (bytes.length !== 0 && bytes.length !== expected)) {
          await drain();
          if (!reply.ok && isFinal(reply.error)) break; // the record push says why
          if (!reply.ok) await backoff(attempt++);
          next = this.received;
          continue;
        }
        if (bytes.length === 0) {
          // Not uploaded yet (the server waited a while): ask again from here.
          await drain();
          next = this.received;
          continue;
        }
        attempt = 0;
        if (typeof out!.sha256 === 'string' && SHA256_PATTERN.test(out!.sha256)) this.senderSha = out!.sha256;
        await this.write(bytes);
      }
      await drain();
      await this.maybeVerify();
    } finally {
      this.downloading = false;
    }
  }

  /** Every byte in and the sender's digest known: compare, then acknowledge. */
  private async maybeVerify(): Promise<void> {
    if (this.verifying || this.handle.ended || this.received !== this.record.size || !this.senderSha) return;
    this.verifying = true;
    this.closePeer();
    this.handle.update({ state: 'verifying' });
    const sha256 = this.hasher!.digest();
    const ok = sha256 === this.senderSha;
    let blob: Blob | undefined;
    if (ok) {
      try {
        blob = await this.sink!.close();
      } catch (error) {
        this.fail(FileErrorCode.FILE_IO, `The sink could not be closed: ${String(error)}`);
        return void this.ctx.create(FileRoute.cancel, { id: this.record.id });
      }
    }
    for (let attempt = 0; !this.handle.ended; attempt++) {
      const reply = await this.ctx.create(FileRoute.ack, { id: this.record.id, ok, sha256 });
      const record = reply.ok ? parseFileRecord(reply.output) : undefined;
      if (record?.state === 'completed') return this.handle.update({ state: 'completed', ...(blob ? { blob } : {}) });
      if (record || isFinal(reply.error)) {
        if (!ok) return this.fail(FileErrorCode.FILE_INTEGRITY, 'The SHA-256 of the received file differs from the sent one');
        return this.fail(record?.error?.code ?? reply.error?.code ?? FileErrorCode.FILE_INTEGRITY, record?.error?.description ?? reply.error?.description ?? 'The acknowledgement was refused');
      }
      await backoff(attempt);
    }
  }
}
