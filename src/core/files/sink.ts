/**
 * Where a receiver writes: one {@link ByteSink} over every {@link FileSink} an app may pass. The
 * default collects a `Blob`, folding chunks into it every few MiB so the JavaScript heap never
 * holds the file next to its Blob copy.
 */
import type { FileSink } from './types.js';

/** The receiver's view of a sink: writes in order, then close (or abort). */
export interface ByteSink {
  write(chunk: Uint8Array): Promise<void>;
  /** Finish; the default sink resolves with the Blob. */
  close(): Promise<Blob | undefined>;
  abort(): void;
}

const FOLD_BYTES = 4 * 1024 * 1024;

class BlobSink implements ByteSink {
  private blob: Blob;
  private parts: Uint8Array[] = [];
  private pending = 0;

  constructor(private readonly type: string) {
    this.blob = new Blob([], { type });
  }

  async write(chunk: Uint8Array): Promise<void> {
    this.parts.push(chunk);
    this.pending += chunk.byteLength;
    if (this.pending >= FOLD_BYTES) this.fold();
  }

  async close(): Promise<Blob> {
    this.fold();
    return this.blob;
  }

  abort(): void {
    this.parts = [];
    this.blob = new Blob([]);
  }

  private fold(): void {
    this.blob = new Blob([this.blob, ...(this.parts as BlobPart[])], { type: this.type });
    this.parts = [];
    this.pending = 0;
  }
}

type NodeWritable = { write(chunk: Uint8Array, cb?: (e?: Error | null) => void): boolean; end(cb?: () => void): unknown; once(ev: string, l: (...a: any[]) => void): unknown; destroy?(): void };
const isNodeWritable = (s: unknown): s is NodeWritable =>
  typeof (s as NodeWritable).write === 'function' && typeof (s as NodeWritable).end === 'function' && typeof (s as NodeWritable).once === 'function';

function nodeSink(w: NodeWritable): ByteSink {
  let failure: Error | undefined;
  w.once('error', (e: Error) => (failure = e));
  return {
    write: (chunk) =>
      new Promise<void>((resolve, reject) => {
        if (failure) return reject(failure);
        // Wait for the write itself: the next chunk goes only once this one is handed over.
        w.write(chunk, (error) => (error ? reject(error) : resolve()));
      }),
    close: () =>
      new Promise<undefined>((resolve, reject) => {
        if (failure) return reject(failure);
        w.once('error', reject);
        w.end(() => resolve(undefined));
      }),
    abort: () => w.destroy?.(),
  };
}

/**
 * Open the sink an app passed (or the default Blob sink).
 * @example
 * const sink = await openSink(options.sink, offer.type); await sink.write(bytes); const blob = await sink.close();
 */
export async function openSink(sink: FileSink | undefined, type: string): Promise<ByteSink> {
  if (sink === undefined) return new BlobSink(type);
  if (typeof sink === 'string') {
    // Node only. The specifier is built so browser bundlers leave it alone.
    const fs = (await import(/* @vite-ignore */ ['node', 'fs'].join(':'))) as { createWriteStream(path: string): NodeWritable };
    return nodeSink(fs.createWriteStream(sink));
  }
  if (typeof (sink as WritableStream).getWriter === 'function') {
    const writer = (sink as WritableStream<Uint8Array>).getWriter();
    return {
      write: async (chunk) => {
        await writer.ready;
        await writer.write(chunk);
      },
      close: async () => {
        await writer.close();
        return undefined;
      },
      abort: () => void writer.abort().catch(() => undefined),
    };
  }
  if (isNodeWritable(sink)) return nodeSink(sink);
  const plain = sink as { write(chunk: Uint8Array): void | Promise<void>; close?(): void | Promise<void>; abort?(reason?: unknown): void | Promise<void> };
  return {
    write: async (chunk) => plain.write(chunk),
    close: async () => {
      await plain.close?.();
      return undefined;
    },
    abort: () => void Promise.resolve(plain.abort?.()).catch(() => undefined),
  };
}
