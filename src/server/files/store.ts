/**
 * Where the server keeps the bytes of relayed and stored transfers: the {@link FileStore}
 * interface, and the embedded filesystem store. Bytes are appended and read in chunks (never a
 * whole file in memory). Files are named by transfer id, which the server checks against a
 * strict pattern: a file's own name is never part of a path.
 */
import { mkdir, open, readdir, rm, stat, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TRANSFER_ID_PATTERN } from '../../core/files/wire.js';

/**
 * A store for transfer bytes. Ids match `/^[A-Za-z0-9]{16,40}$/`; offsets are relative to the
 * first byte appended. Calls for one id never overlap (the server serialises them).
 * @example
 * const store: FileStore = new FsFileStore('/var/lib/app/files');
 * await store.create(id); await store.append(id, bytes); const head = await store.read(id, 0, 1024);
 */
export interface FileStore {
  /** Start an empty blob under `id`, replacing any previous one. */
  create(id: string): Promise<void>;
  /** Append bytes at the end of `id`. */
  append(id: string, bytes: Uint8Array): Promise<void>;
  /** Up to `length` bytes from `offset` (fewer only at the end). */
  read(id: string, offset: number, length: number): Promise<Uint8Array>;
  /** Forget `id` (no error if absent). */
  delete(id: string): Promise<void>;
  /** Release open handles (server stop). */
  close?(): Promise<void>;
}

/**
 * The default directory of the embedded store: `<os.tmpdir()>/askless-react-files`.
 * @example
 * registerFileRoutes(server, { store: defaultStoreDirectory() });
 */
export const defaultStoreDirectory = (): string => join(tmpdir(), 'askless-react-files');

const assertId = (id: string): void => {
  // Defence in depth: the routes only ever pass generated ids, but a store is public API.
  if (!TRANSFER_ID_PATTERN.test(id)) throw new Error(`invalid transfer id for the store: ${JSON.stringify(id).slice(0, 60)}`);
};

/**
 * The embedded filesystem store: one `<id>.part` file per transfer in `directory`.
 * @example
 * const store = new FsFileStore(join(os.tmpdir(), 'my-app-files'), { maxOpenFiles: 32 });
 */
export class FsFileStore implements FileStore {
  private readonly handles = new Map<string, FileHandle>();
  private readonly busy = new Set<string>();
  private ready: Promise<unknown> | undefined;

  constructor(
    readonly directory: string,
    private readonly options: { maxOpenFiles?: number } = {},
  ) {}

  /** The path of an id's file (tests check nothing escapes the directory). */
  pathOf(id: string): string {
    assertId(id);
    return join(this.directory, `${id}.part`);
  }

  async create(id: string): Promise<void> {
    await this.dir();
    await this.closeHandle(id);
    await (await open(this.pathOf(id), 'w')).close();
  }

  append(id: string, bytes: Uint8Array): Promise<void> {
    return this.using(id, async (handle) => {
      let done = 0;
      while (done < bytes.length) done += (await handle.write(bytes, done, bytes.length - done)).bytesWritten;
    });
  }

  read(id: string, offset: number, length: number): Promise<Uint8Array> {
    return this.using(id, async (handle) => {
      const out = new Uint8Array(length);
      let got = 0;
      while (got < length) {
        const { bytesRead } = await handle.read(out, got, length - got, offset + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      return got === length ? out : out.subarray(0, got);
    });
  }

  async delete(id: string): Promise<void> {
    await this.closeHandle(id);
    await rm(this.pathOf(id), { force: true });
  }

  async close(): Promise<void> {
    for (const id of [...this.handles.keys()]) await this.closeHandle(id);
  }

  /**
   * Delete `.part` files last modified more than `olderThanMs` ago: leftovers of a previous
   * process, whose transfers are gone with its memory. Returns how many.
   */
  async sweep(olderThanMs: number, now = Date.now()): Promise<number> {
    await this.dir();
    let removed = 0;
    for (const name of await readdir(this.directory)) {
      const id = name.endsWith('.part') ? name.slice(0, -5) : '';
      if (!TRANSFER_ID_PATTERN.test(id) || this.handles.has(id)) continue;
      const info = await stat(join(this.directory, name)).catch(() => undefined);
      if (info && now - info.mtimeMs > olderThanMs) {
        await rm(join(this.directory, name), { force: true });
        removed++;
      }
    }
    return removed;
  }

  private dir(): Promise<unknown> {
    this.ready ??= mkdir(this.directory, { recursive: true, mode: 0o700 });
    return this.ready;
  }

  /** Run `task` with the id's handle, which is never closed for LRU while in use. */
  private async using<T>(id: string, task: (handle: FileHandle) => Promise<T>): Promise<T> {
    const handle = await this.handle(id);
    this.busy.add(id);
    try {
      return await task(handle);
    } finally {
      this.busy.delete(id);
    }
  }

  private async handle(id: string): Promise<FileHandle> {
    const open_ = this.handles.get(id);
    if (open_) {
      // Most recently used last: the oldest is closed first when too many are open.
      this.handles.delete(id);
      this.handles.set(id, open_);
      return open_;
    }
    await this.dir();
    const handle = await open(this.pathOf(id), 'a+');
    this.handles.set(id, handle);
    const max = this.options.maxOpenFiles ?? 64;
    for (const other of [...this.handles.keys()]) {
      if (this.handles.size <= max) break;
      if (other !== id && !this.busy.has(other)) await this.closeHandle(other);
    }
    return handle;
  }

  private async closeHandle(id: string): Promise<void> {
    const handle = this.handles.get(id);
    if (!handle) return;
    this.handles.delete(id);
    await handle.close().catch(() => undefined);
  }
}
