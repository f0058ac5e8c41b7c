/**
 * `registerFileRoutes`: file transfer between users under `askless-react/files/` (authenticated
 * users only; every handler checks that the user is the sender or receiver it must be). The
 * server relays WebRTC signals for the peer-to-peer path, holds the bytes of the relay and
 * stored paths in a {@link FileStore}, and records the receiver's SHA-256-checked completion so
 * that it reaches the sender even after a reconnect. Flutter clients never see any of it.
 */
import { ServerErrorCode } from '../../core/errors.js';
import { fromBase64, toBase64 } from '../../core/files/base64.js';
import {
  FileErrorCode,
  FileRoute,
  SHA256_PATTERN,
  TERMINAL_STATES,
  TRANSFER_ID_PATTERN,
  parseSignalData,
  sameFileUser,
  type FileRecord,
  type TransferState,
} from '../../core/files/wire.js';
import type { AsklessServer } from '../server.js';
import type { BaseContext, HandlerError } from '../types.js';
import { resolveFileOptions, type FileRoutesOptions } from './options.js';
import { FileTransfers, type TransferEntry } from './state.js';
import { FsFileStore, defaultStoreDirectory, type FileStore } from './store.js';

type Ctx = BaseContext<any> & { body?: unknown; successCallback(entity: unknown): void; errorCallback(error?: HandlerError): void };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const fail = (ctx: Ctx, code: string, description: string): void => ctx.errorCallback({ code, description });
const bad = (ctx: Ctx, description: string): void => fail(ctx, ServerErrorCode.BAD_REQUEST, description);

/**
 * What `registerFileRoutes` returns: the live state (tests, metrics) and `close()`.
 * @example
 * const files = registerFileRoutes(server); files.transferCount; await files.close();
 */
export interface FileRoutesHandle {
  readonly store: FileStore;
  /** Transfers the server remembers right now. */
  readonly transferCount: number;
  /** Bytes reserved by `userId`'s open transfers. */
  reservedBytes(userId: unknown): number;
  /** Base64 characters of uploaded chunks held in memory for online receivers (`maxRelayMemoryBytes` bounds it). */
  readonly relayMemoryBytes: number;
  /** Fail expired transfers and forget old ones now (the sweep timer does it periodically). */
  sweep(now?: number): void;
  /** Stop the sweep timer, forget every transfer and release the store (also on `server.stop()`). */
  close(): Promise<void>;
}

/**
 * Add the file-transfer routes to `server` (before `start()`).
 * @example
 * const server = new AsklessServer<number>();
 * server.init({ authenticate });
 * registerFileRoutes(server, { store: './data/files', maxFileBytes: 100 * 1024 ** 2, canSend: (ctx, to) => ctx.userId !== to });
 * await server.start();
 */
export function registerFileRoutes<UserId>(server: AsklessServer<UserId>, options: FileRoutesOptions<UserId> = {}): FileRoutesHandle {
  const o = resolveFileOptions(options);
  const store: FileStore = typeof options.store === 'object' && options.store !== null ? options.store : new FsFileStore(options.store ?? defaultStoreDirectory());
  if (store instanceof FsFileStore) void store.sweep(o.ttlMs).catch(() => undefined);
  const transfers = new FileTransfers(store);
  const routes = (server as AsklessServer<any>).addRoute.forAuthenticatedUsers;

  const push = (userId: unknown, entity: Record<string, unknown>): void => {
    for (const l of events.listeners()) if (sameFileUser(l.userId, userId)) l.push(entity);
  };
  const publish = (entry: TransferEntry): void => {
    push(entry.record.fromUserId, { transfers: [entry.record] });
    if (!sameFileUser(entry.record.toUserId, entry.record.fromUserId)) push(entry.record.toUserId, { transfers: [entry.record] });
  };
  const update = (entry: TransferEntry, patch: Partial<FileRecord>): void => {
    entry.record = { ...entry.record, ...patch };
    publish(entry);
  };
  const end = (entry: TransferEntry, state: TransferState, error?: { code: string; description: string }): void => {
    if (transfers.finish(entry, state, error)) publish(entry);
  };
  const online = (userId: unknown): boolean => events.listeners().some((l) => sameFileUser(l.userId, userId));

  /** The transfer named by `body.id` if `ctx`'s user may act on it as `role`, else an error reply. */
  const find = (ctx: Ctx, id: unknown, role: 'sender' | 'receiver' | 'either'): TransferEntry | undefined => {
    const entry = typeof id === 'string' ? transfers.get(id) : undefined;
    const r = entry?.record;
    const allowed =
      r !== undefined &&
      ((role !== 'receiver' && sameFileUser(r.fromUserId, ctx.userId)) || (role !== 'sender' && sameFileUser(r.toUserId, ctx.userId)));
    // The same answer for "absent" and "not yours": ids of other users' transfers are not probeable.
    if (!entry || !allowed) return void fail(ctx, FileErrorCode.FILE_NOT_FOUND, 'No such transfer for this user');
    return entry;
  };
  const open = (ctx: Ctx, entry: TransferEntry): boolean => {
    if (!TERMINAL_STATES.has(entry.record.state)) return true;
    fail(ctx, FileErrorCode.FILE_TRANSFER_ENDED, `The transfer is ${entry.record.state}`);
    return false;
  };

  const events = routes.read({
    route: FileRoute.events,
    handleRead: (ctx) => ctx.successCallback({ full: true, transfers: transfers.of(ctx.userId).map((e) => e.record) }),
    onClientStopsListening: (ctx) => {
      // An offer nobody can answer any more becomes a stored one: the sender uploads it now.
      if (ctx.userId === undefined || online(ctx.userId)) return;
      for (const entry of transfers.of(ctx.userId)) {
        if (entry.record.state === 'offered' && sameFileUser(entry.record.toUserId, ctx.userId)) update(entry, { state: 'waiting', path: 'stored' });
      }
    },
  });

  routes.create({
    route: FileRoute.offer,
    handleCreate: async (ctx: Ctx) => {
      const b = isObject(ctx.body) ? ctx.body : {};
      const { id, toUserId, name, size } = b;
      if (typeof id !== 'string' || !TRANSFER_ID_PATTERN.test(id)) return bad(ctx, 'offer: id must match /^[A-Za-z0-9]{16,40}$/');
      if ((typeof toUserId !== 'string' || toUserId === '') && (typeof toUserId !== 'number' || !Number.isFinite(toUserId))) {
        return bad(ctx, 'offer: toUserId is required (string or number)');
      }
      if (sameFileUser(toUserId, ctx.userId)) return bad(ctx, 'offer: toUserId cannot be your own user id');
      if (typeof name !== 'string' || name.length === 0 || name.length > o.maxNameLength) return bad(ctx, `offer: name must be 1..${o.maxNameLength} characters`);
      if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) return bad(ctx, 'offer: size must be an integer ≥ 0');
      const type = typeof b.type === 'string' ? b.type.slice(0, 200) : '';
      const metadata = isObject(b.metadata) ? b.metadata : {};
      if (JSON.stringify(metadata).length > o.maxMetadataBytes) return bad(ctx, `offer: metadata is larger than ${o.maxMetadataBytes} characters of JSON`);
      const existing = transfers.get(id);
      if (existing) {
        // A resent offer (reconnect) is answered with the transfer; anyone else's id is refused.
        if (sameFileUser(existing.record.fromUserId, ctx.userId) && existing.record.size === size) return ctx.successCallback(existing.record);
        return bad(ctx, 'offer: this id is taken');
      }
      if (size > o.maxFileBytes) return fail(ctx, FileErrorCode.FILE_TOO_LARGE, `The file is ${size} bytes; this server accepts at most ${o.maxFileBytes}`);
      let allowed = false;
      try {
        allowed = (await o.canSend(ctx, toUserId as UserId)) === true;
      } catch {
        allowed = false;
      }
      if (!allowed) return fail(ctx, ServerErrorCode.PERMISSION_DENIED, `You may not send files to user ${String(toUserId)}`);
      if (transfers.reserved(ctx.userId) + size > o.maxStoredBytesPerUser) {
        return fail(ctx, FileErrorCode.FILE_QUOTA_EXCEEDED, `Your open transfers would pass ${o.maxStoredBytesPerUser} bytes; wait for some to finish`);
      }
      for (const user of [ctx.userId, toUserId]) {
        if (!makeRoom(user)) return fail(ctx, FileErrorCode.TOO_MANY_TRANSFERS, `User ${String(user)} has ${o.maxTransfersPerUser} open transfers`);
      }
      if (transfers.size >= o.maxTransfers) return fail(ctx, FileErrorCode.TOO_MANY_TRANSFERS, 'The server has too many open transfers');
      const receiverOnline = online(toUserId);
      const entry: TransferEntry = {
        record: {
          id,
          fromUserId: ctx.userId,
          toUserId,
          name,
          size,
          type,
          metadata,
          state: receiverOnline ? 'offered' : 'waiting',
          path: receiverOnline ? 'relay' : 'stored',
          receiverP2p: false,
          base: 0,
          uploaded: 0,
          ended: false,
          maxChunkBytes: o.maxChunkBytes,
          expiresAt: Date.now() + o.ttlMs,
        },
        senderP2p: b.p2p === true,
        hasBlob: false,
        signals: 0,
        queue: Promise.resolve(),
        waiters: new Set(),
      };
      transfers.add(entry);
      publish(entry);
      ctx.successCallback(entry.record);
    },
  });

  /** Make room for one more transfer of `user` by forgetting its oldest ended one; false if all are open. */
  function makeRoom(user: unknown): boolean {
    const list = transfers.of(user);
    if (list.length < o.maxTransfersPerUser) return true;
    const oldestEnded = list.find((e) => TERMINAL_STATES.has(e.record.state));
    if (!oldestEnded) return false;
    transfers.remove(oldestEnded);
    return true;
  }

  routes.create({
    route: FileRoute.accept,
    handleCreate: (ctx: Ctx) => {
      const b = isObject(ctx.body) ? ctx.body : {};
      const entry = find(ctx, b.id, 'receiver');
      if (!entry || !open(ctx, entry)) return;
      const r = entry.record;
      if (r.state === 'accepted') return ctx.successCallback(r); // a resent accept
      const path = r.path === 'stored' ? 'stored' : entry.senderP2p && b.p2p === true ? 'p2p' : 'relay';
      update(entry, { state: 'accepted', path, receiverP2p: b.p2p === true });
      ctx.successCallback(entry.record);
    },
  });

  routes.create({
    route: FileRoute.reject,
    handleCreate: (ctx: Ctx) => {
      const b = isObject(ctx.body) ? ctx.body : {};
      const entry = find(ctx, b.id, 'receiver');
      if (!entry || !open(ctx, entry)) return;
      const reason = typeof b.reason === 'string' ? b.reason.slice(0, 200) : 'The receiver declined the file';
      end(entry, 'rejected', { code: 'REJECTED', description: reason });
      ctx.successCallback(entry.record);
    },
  });

  routes.create({
    route: FileRoute.cancel,
    handleCreate: (ctx: Ctx) => {
      const b = isObject(ctx.body) ? ctx.body : {};
      const entry = find(ctx, b.id, 'either');
      if (!entry) return;
      const by = sameFileUser(entry.record.fromUserId, ctx.userId) ? 'sender' : 'receiver';
      end(entry, 'canceled', { code: 'CANCELED', description: `The ${by} canceled the transfer` });
      ctx.successCallback(entry.record);
    },
  });

  routes.create({
    route: FileRoute.signal,
    handleCreate: (ctx: Ctx) => {
      const b = isObject(ctx.body) ? ctx.body : {};
      const entry = find(ctx, b.id, 'either');
      if (!entry || !open(ctx, entry)) return;
      if (entry.record.path !== 'p2p') return bad(ctx, 'signal: this transfer is not on the peer-to-peer path');
      const data = parseSignalData(b.data);
      if (!data || JSON.stringify(data).length > o.maxSignalBytes) return bad(ctx, `signal: data must be {sdp} or {candidate}, at most ${o.maxSignalBytes} characters`);
      if (++entry.signals > o.maxSignalsPerTransfer) return bad(ctx, `signal: more than ${o.maxSignalsPerTransfer} signals for one transfer`);
      const r = entry.record;
      const to = sameFileUser(r.fromUserId, ctx.userId) ? r.toUserId : r.fromUserId;
      push(to, { signal: { id: r.id, fromUserId: ctx.userId, data } });
      ctx.successCallback({});
    },
  });

  routes.create({
    route: FileRoute.path,
    handleCreate: (ctx: Ctx) => {
      const b = isObject(ctx.body) ? ctx.body : {};
      const entry = find(ctx, b.id, 'either');
      if (!entry || !open(ctx, entry)) return;
      const r = entry.record;
      if (r.path !== 'p2p') return ctx.successCallback(r); // already relayed (a resend, or both sides asked)
      const offset = b.offset;
      if (typeof offset !== 'number' || !Number.isSafeInteger(offset) || offset < 0 || offset > r.size) return bad(ctx, 'path: offset must be an integer in [0, size]');
      update(entry, { path: 'relay', base: offset, uploaded: offset });
      ctx.successCallback(entry.record);
    },
  });

  routes.create({
    route: FileRoute.upload,
    handleCreate: async (ctx: Ctx) => {
      const b = isObject(ctx.body) ? ctx.body : {};
      const entry = find(ctx, b.id, 'sender');
      if (!entry || !open(ctx, entry)) return;
      if (entry.record.path === 'p2p' || entry.record.state === 'offered') return bad(ctx, 'upload: this transfer does not go through the server (yet)');
      const { offset, data } = b;
      if (typeof offset !== 'number' || !Number.isSafeInteger(offset) || offset < 0) return bad(ctx, 'upload: offset must be an integer ≥ 0');
      const bytes = typeof data === 'string' ? fromBase64(data) : undefined;
      if (!bytes || bytes.length === 0 || bytes.length > o.maxChunkBytes) return bad(ctx, `upload: data must be base64 of 1..${o.maxChunkBytes} bytes`);
      if (offset + bytes.length > entry.record.size) return bad(ctx, 'upload: the chunk ends past the file size');
      const sha256 = b.sha256;
      if (sha256 !== undefined && (typeof sha256 !== 'string' || !SHA256_PATTERN.test(sha256) || offset + bytes.length !== entry.record.size)) {
        return bad(ctx, 'upload: sha256 (64 lowercase hex digits) goes with the last chunk only');
      }
      try {
        await transfers.enqueue(entry, async () => {
          const r = entry.record;
          // A resent chunk (already held) or one after a gap: the answer tells where to go on from.
          if (TERMINAL_STATES.has(r.state) || offset > r.uploaded || offset + bytes.length <= r.uploaded) return;
          if (!entry.hasBlob) {
            await store.create(r.id);
            entry.hasBlob = true;
          }
          await store.append(r.id, bytes.subarray(r.uploaded - offset));
          // Kept only while the receiver is there to take it (relay path, accepted): a stored
          // transfer's receiver may come back hours later, and reads from the store then.
          const rNow = entry.record;
          if (offset === r.uploaded && rNow.path === 'relay' && rNow.state === 'accepted') {
            transfers.keepRelayed(entry, { offset, length: bytes.length, text: data as string }, o.relayMemoryBytes, o.maxRelayMemoryBytes);
          }
          entry.record = { ...entry.record, uploaded: offset + bytes.length };
          if (typeof sha256 === 'string') {
            entry.sha256 = sha256;
            entry.record = { ...entry.record, ended: true };
          }
          transfers.wake(entry);
        });
      } catch (error) {
        end(entry, 'failed', { code: FileErrorCode.FILE_STORE_ERROR, description: 'The server could not store the file' });
        return fail(ctx, FileErrorCode.FILE_STORE_ERROR, `The server could not store the file: ${(error as Error).message ?? error}`.slice(0, 300));
      }
      if (!open(ctx, entry)) return;
      ctx.successCallback({ uploaded: entry.record.uploaded });
    },
  });

  routes.create({
    route: FileRoute.end,
    handleCreate: (ctx: Ctx) => {
      const b = isObject(ctx.body) ? ctx.body : {};
      const entry = find(ctx, b.id, 'sender');
      if (!entry || !open(ctx, entry)) return;
      if (typeof b.sha256 !== 'string' || !SHA256_PATTERN.test(b.sha256)) return bad(ctx, 'end: sha256 must be 64 lowercase hex digits');
      if (entry.record.path !== 'p2p' && entry.record.uploaded !== entry.record.size) return bad(ctx, 'end: the upload is not complete');
      entry.sha256 = b.sha256;
      if (!entry.record.ended) update(entry, { ended: true });
      transfers.wake(entry);
      ctx.successCallback(entry.record);
    },
  });

  routes.read({
    route: FileRoute.download,
    handleRead: async (ctx) => {
      const c = ctx as Ctx;
      const entry = find(c, ctx.params.id, 'receiver');
      if (!entry || !open(c, entry)) return;
      const r = entry.record;
      if (r.state !== 'accepted' || r.path === 'p2p') return bad(c, 'download: accept the transfer first (and not on the peer-to-peer path)');
      const offset = Number(ctx.params.offset);
      const length = Math.min(Number(ctx.params.length) || o.maxChunkBytes, o.maxChunkBytes);
      if (!Number.isSafeInteger(offset) || offset < r.base || offset > r.size || !(length > 0)) {
        return bad(c, `download: offset must be an integer in [${r.base}, ${r.size}]`);
      }
      const want = Math.min(length, r.size - offset);
      const ready = () => entry.record.uploaded >= offset + want && (offset + want < entry.record.size || entry.sha256 !== undefined);
      if (!ready()) await waitFor(entry, ready);
      if (!open(c, entry)) return;
      if (!ready()) return ctx.successCallback({ offset, data: '', uploaded: entry.record.uploaded });
      const held = transfers.takeRelayed(entry, offset, want);
      if (held !== undefined) {
        const last = offset + want === entry.record.size;
        return ctx.successCallback({ offset, data: held, uploaded: entry.record.uploaded, ...(last ? { sha256: entry.sha256 } : {}) });
      }
      let bytes: Uint8Array;
      try {
        bytes = await store.read(r.id, offset - entry.record.base, want);
      } catch (error) {
        return fail(c, FileErrorCode.FILE_STORE_ERROR, `The server could not read the file: ${(error as Error).message ?? error}`.slice(0, 300));
      }
      const last = offset + bytes.length === entry.record.size;
      ctx.successCallback({ offset, data: toBase64(bytes), uploaded: entry.record.uploaded, ...(last ? { sha256: entry.sha256 } : {}) });
    },
  });

  /** Resolve when `ready()` holds, the transfer ends, or `downloadWaitMs` passed. */
  function waitFor(entry: TransferEntry, ready: () => boolean): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        entry.waiters.delete(check);
        resolve();
      };
      const check = () => {
        if (ready() || TERMINAL_STATES.has(entry.record.state)) done();
      };
      const timer = setTimeout(done, o.downloadWaitMs);
      entry.waiters.add(check);
    });
  }

  routes.create({
    route: FileRoute.ack,
    handleCreate: (ctx: Ctx) => {
      const b = isObject(ctx.body) ? ctx.body : {};
      const entry = find(ctx, b.id, 'receiver');
      if (!entry || !open(ctx, entry)) return;
      if (entry.record.state !== 'accepted') return bad(ctx, 'ack: the transfer was not accepted');
      const sha = typeof b.sha256 === 'string' && SHA256_PATTERN.test(b.sha256) ? b.sha256 : undefined;
      if (b.ok === true && sha !== undefined && (entry.sha256 === undefined || entry.sha256 === sha)) {
        end(entry, 'completed');
      } else {
        end(entry, 'failed', { code: FileErrorCode.FILE_INTEGRITY, description: 'The SHA-256 of the received file differs from the sent one' });
      }
      ctx.successCallback(entry.record);
    },
  });

  const sweep = (now = Date.now()): void => {
    for (const entry of transfers.expired(now)) {
      if (TERMINAL_STATES.has(entry.record.state)) transfers.remove(entry);
      else {
        end(entry, 'failed', { code: FileErrorCode.FILE_EXPIRED, description: 'The transfer expired before it was delivered' });
        // Keep the ended record a little longer so both users can learn why.
        entry.record = { ...entry.record, expiresAt: now + Math.min(o.ttlMs, 3600_000) };
      }
    }
  };
  const timer = setInterval(sweep, o.sweepIntervalMs);
  timer.unref?.();
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    clearInterval(timer);
    transfers.clear();
    await store.close?.();
  };
  server.onStop(close);
  return {
    store,
    get transferCount() {
      return transfers.size;
    },
    reservedBytes: (userId) => transfers.reserved(userId),
    get relayMemoryBytes() {
      return transfers.relayedChars;
    },
    sweep,
    close,
  };
}
