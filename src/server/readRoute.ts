/**
 * A read route and its live streams: the handle `addRoute.*.read(...)` returns. Streams are
 * indexed per route, so `notifyChanges` walks only this route's (client, stream) pairs: O(n),
 * yielding to the event loop every `notifyBatchSize` pairs so large audiences never block it.
 */
import type { Connection } from './connection.js';
import { stopFrame } from './frames.js';
import { pushServerId, pushUnique } from './ids.js';
import { PushBodies, outputJson, pushTextFor, type PushIdParts } from './push-text.js';
import { STREAM_CONTROLS } from './request-controls.js';
import { isThenable, reportRejection, shallowCopy } from './runner.js';
import type { BaseContext, ListenContext, ReadContext, ReadRouteDefinition, RouteParams, StopReason } from './types.js';

/** What the synchronous path of notifyChanges returns: every stream was visited already. */
const DONE: Promise<void> = Promise.resolve();

/**
 * One live stream: a LISTEN (or ping restart) registered on a connection.
 * @example
 * for (const stream of route.streams) console.log(stream.listenId, stream.params);
 */
export interface StreamRegistration<UserId> {
  readonly listenId: string;
  readonly route: ReadRoute<UserId>;
  readonly params: RouteParams;
  /** Copy of the connection's `locals` when the stream started (§9). */
  readonly locals: Record<string, any>;
  readonly connection: Connection<UserId>;
  readonly clientRequestId: string;
  /** This stream's part of every push text, made once (`pushIdParts(listenId)`, push-text.ts). */
  readonly pushIds: PushIdParts;
  /** True once the LISTEN was answered with success (start hook fired). */
  started: boolean;
  /** A notifyChanges hit this stream while its first read was in flight: read again once started. */
  refreshAfterStart?: boolean;
  /** Set when the LISTEN asked for conflation (asklessReact `conflate`): see {@link ReadRoute.push}. */
  conflate?: ConflateState<unknown>;
}

/**
 * A conflated stream's state: the push awaiting its confirmation, and the newest value waiting
 * behind it (older waiting values are dropped: only the latest state matters).
 * @example
 * if (stream.conflate?.held) console.log('a newer value waits for', stream.conflate.inFlight);
 */
export interface ConflateState<Entity> {
  inFlight?: string;
  held?: { json: string | undefined; entity: Entity };
}

/**
 * What a read route needs from the server.
 * @example
 * new ReadRoute('products', false, definition, { holdOff: () => undefined, batchSize: () => 200, warn: console.warn });
 */
export interface ReadRouteHost {
  /** Resolves once the start-up hold-off (`notifyStartupHoldOffMs`) has passed; undefined when it has. */
  holdOff(): Promise<void> | undefined;
  batchSize(): number;
  warn(message: string, error: unknown, connectionId?: string): void;
  /** The cross-process hooks; undefined on a single in-memory server. */
  cluster(): RouteCluster<any> | undefined;
}

/**
 * What a read route tells the cluster layer (cluster/node.ts), only when `init({ cluster })` is set.
 * @example
 * host.cluster()?.attached(stream);
 */
export interface RouteCluster<UserId> {
  attached(stream: StreamRegistration<UserId>): void;
  detached(stream: StreamRegistration<UserId>): void;
  /** The remote half of `notifyChanges`: the listeners of this route on the other processes. */
  notifyPeers(route: ReadRoute<UserId>, options: NotifyChangesOptions<UserId, any>): Promise<void>;
}

/**
 * A view of one stream, for code that pushes to specific listeners (the call routes).
 * @example
 * for (const l of route.listeners({ userId: 2 })) l.push({ remoteUserIsConnected: true });
 */
export interface ListenerHandle<UserId> {
  readonly listenId: string;
  readonly connectionId: string;
  /** The listener's Askless client id. */
  readonly clientId: string;
  readonly userId: UserId | undefined;
  readonly claims: string[] | undefined;
  readonly params: RouteParams;
  readonly locals: Record<string, any>;
  /** False once the stream stopped. */
  readonly active: boolean;
  /** Queue a NewDataForListener with `toOutput(copy(entity))`; `onReceived` runs on confirm. */
  push(entity: unknown): void;
  /** Send StopListening once and drop the registration (`onClientStopsListening` reason `server`). */
  stop(): void;
}

/**
 * Options of {@link ReadRoute.notifyChanges}.
 * @example
 * await route.notifyChanges({ where: (ctx) => ctx.userId === 7, handleReadOverride: (ctx) => ctx.successCallback(newItem) });
 */
export interface NotifyChangesOptions<UserId, Entity> {
  /** Skip pairs for which this returns false (may be async). */
  where?: (ctx: BaseContext<UserId>) => boolean | Promise<boolean>;
  /** Use instead of `handleRead` for this notification (e.g. push only the new item). */
  handleReadOverride?: (ctx: ReadContext<UserId, Entity>) => void | Promise<void>;
  /** Skip the streams of this Askless client id: pass the writer's `ctx.clientId` (publisher exclusion). */
  excludeClientId?: string;
}

/**
 * Options of {@link ReadRoute.stopListening}.
 * @example
 * route.stopListening(7, { where: (ctx) => ctx.params.room === 'a' });
 */
export interface StopListeningOptions<UserId> {
  where?: (ctx: BaseContext<UserId>) => boolean;
}

/**
 * The handle of a read route.
 * @example
 * const products = server.addRoute.forAllUsers.read({ route: 'products', handleRead });
 * await products.notifyChanges({ where: (ctx) => ctx.params.category === 'games' });
 */
export class ReadRoute<UserId = string | number, Entity = any> {
  /** Every live stream of this route, across connections. */
  readonly streams = new Set<StreamRegistration<UserId>>();
  /**
   * {@link streams} as an array, made on the first notify after a change: a notify walks this
   * snapshot (streams added meanwhile wait for the next one) without copying the set each time.
   */
  private streamList: StreamRegistration<UserId>[] | undefined;

  constructor(
    readonly name: string,
    readonly authOnly: boolean,
    readonly definition: ReadRouteDefinition<UserId, Entity>,
    private readonly host: ReadRouteHost,
  ) {}

  /** The handler context for a stream (or a READ on `connection` with `params`). */
  contextFor(connection: Connection<UserId>, params: RouteParams, locals: Record<string, any>): BaseContext<UserId> {
    const authenticated = connection.isAuthenticated;
    return {
      params,
      locals: { ...locals },
      userId: authenticated ? connection.userId : undefined,
      claims: authenticated ? connection.claims : undefined,
      connectionId: connection.id,
      clientId: connection.clientId ?? '',
    };
  }

  /** Wire output of an entity: `toOutput(shallowCopy(entity))`. May throw (the caller reports it). */
  output(entity: Entity): unknown {
    const copy = shallowCopy(entity);
    return this.definition.toOutput ? this.definition.toOutput(copy) : copy;
  }

  /** A push's output: serialised at once, so without `toOutput` the entity needs no copy. Bound once (PushBodies calls it): no closure per push. */
  private readonly pushOutput = (entity: Entity): unknown => (this.definition.toOutput ? this.output(entity) : entity);

  /** Register a stream (synchronously, so a ping right behind the LISTEN sees it, Q13). */
  attach(stream: StreamRegistration<UserId>): void {
    stream.connection.streams.set(stream.listenId, stream);
    this.streams.add(stream);
    this.streamList = undefined;
    this.host.cluster()?.attached(stream);
  }

  /** Drop a stream; fires `onClientStopsListening` only if it had started (Q18). */
  detach(stream: StreamRegistration<UserId>, reason: StopReason): void {
    if (stream.connection.streams.get(stream.listenId) === stream) stream.connection.streams.delete(stream.listenId);
    if (!this.streams.delete(stream)) return;
    this.streamList = undefined;
    this.host.cluster()?.detached(stream);
    if (!stream.started) return;
    stream.started = false;
    const hook = this.definition.onClientStopsListening;
    if (!hook) return;
    const report = (error: unknown): void => this.host.warn(`onClientStopsListening of "${this.name}" threw`, error, stream.connection.id);
    try {
      reportRejection(hook({ ...this.streamContext(stream), reason }), report);
    } catch (error) {
      report(error);
    }
  }

  /** Fire `onClientStartsListening` for a stream whose LISTEN succeeded. */
  markStarted(stream: StreamRegistration<UserId>): void {
    stream.started = true;
    this.host.cluster()?.attached(stream); // other processes' listener views now include it
    const hook = this.definition.onClientStartsListening;
    const report = (error: unknown): void => this.host.warn(`onClientStartsListening of "${this.name}" threw`, error, stream.connection.id);
    try {
      reportRejection(hook?.(this.streamContext(stream)), report);
    } catch (error) {
      report(error);
    }
    // The initial value may predate a change notified meanwhile: send the current one too.
    if (stream.refreshAfterStart && this.isLive(stream)) {
      stream.refreshAfterStart = false;
      this.refresh(stream);
    }
  }

  /** True while `stream` is still the live registration of its listenId. */
  isLive(stream: StreamRegistration<UserId>): boolean {
    return !stream.connection.closed && stream.connection.streams.get(stream.listenId) === stream;
  }

  /**
   * Queue a push of `entity` to `stream`; `onReceived` runs when the client confirms. Within one
   * `notifyChanges`, `bodies` serialises each distinct entity once for all its streams.
   */
  push(stream: StreamRegistration<UserId>, entity: Entity, bodies?: PushBodies): void {
    if (!this.isLive(stream)) return;
    try {
      // Both steps run app data: toOutput may throw, and its result may not serialise (a BigInt).
      const json = bodies ? bodies.get(entity, this.pushOutput) : outputJson(this.pushOutput(entity));
      this.sendPush(stream, json, entity);
    } catch (error) {
      this.host.warn(`push of "${this.name}" failed; skipped`, error, stream.connection.id);
    }
  }

  /** Splice this stream's ids into the prepared output and queue it (no frame object per listener). */
  private sendPush(stream: StreamRegistration<UserId>, json: string | undefined, entity: Entity): void {
    const conflate = stream.conflate as ConflateState<Entity> | undefined;
    if (conflate !== undefined) return this.sendConflated(stream, conflate, json, entity);
    const onReceived = this.definition.onReceived;
    // The id's unique part spliced into the stream's prepared text (no JSON.stringify of ids per push).
    const unique = pushUnique();
    stream.connection.sendQueuedText(
      pushServerId(stream.listenId, unique),
      pushTextFor(json, stream.pushIds, unique),
      onReceived ? () => onReceived(entity, this.streamContext(stream)) : undefined,
    );
  }

  /** One push unconfirmed at a time; a newer value replaces the one waiting behind it. */
  private sendConflated(stream: StreamRegistration<UserId>, conflate: ConflateState<Entity>, json: string | undefined, entity: Entity): void {
    if (conflate.inFlight !== undefined && stream.connection.outbox.has(conflate.inFlight)) {
      conflate.held = { json, entity };
      return;
    }
    conflate.held = undefined;
    const onReceived = this.definition.onReceived;
    const unique = pushUnique();
    const serverId = pushServerId(stream.listenId, unique);
    conflate.inFlight = serverId;
    stream.connection.sendQueuedText(serverId, pushTextFor(json, stream.pushIds, unique), () => {
      try {
        if (onReceived) onReceived(entity, this.streamContext(stream));
      } finally {
        this.sendHeld(stream);
      }
    });
  }

  /** A conflated stream's push was confirmed: send the newest value that waited, if any. */
  private sendHeld(stream: StreamRegistration<UserId>): void {
    const held = (stream.conflate as ConflateState<Entity> | undefined)?.held;
    if (!held || !this.isLive(stream)) return;
    this.sendPush(stream, held.json, held.entity);
  }

  /** Run `handleRead` (or `override`) for one stream and push a success; errors send nothing (§7.2). */
  refresh(stream: StreamRegistration<UserId>, override?: NotifyChangesOptions<UserId, Entity>['handleReadOverride'], bodies?: PushBodies): void {
    const ctx = this.readContext(stream, bodies);
    try {
      const result = (override ?? this.definition.handleRead)(ctx);
      // The reporting closure only for a promise (an async handler): none per listener otherwise.
      if (isThenable(result)) reportRejection(result, (error) => this.refreshFailed(stream, error));
    } catch (error) {
      this.refreshFailed(stream, error);
    }
  }

  /** The context of a refresh: its callbacks push once (the first call wins). */
  private readContext(stream: StreamRegistration<UserId>, bodies: PushBodies | undefined): ReadContext<UserId, Entity> {
    let settled = false;
    // Completed in place rather than spread into a new object: this runs for every listener.
    const ctx = this.streamContext(stream) as ReadContext<UserId, Entity>;
    ctx.signal = STREAM_CONTROLS.signal;
    ctx.progress = STREAM_CONTROLS.progress;
    ctx.successCallback = (entity) => {
      if (settled) return;
      settled = true;
      this.push(stream, entity, bodies);
    };
    ctx.errorCallback = () => {
      settled = true;
    };
    return ctx;
  }

  private refreshFailed(stream: StreamRegistration<UserId>, error: unknown): void {
    this.host.warn(`handleRead of "${this.name}" threw during a refresh`, error, stream.connection.id);
  }

  /**
   * Re-run the handler for every matching stream and push the result (§7.2). Resolves when every
   * pair was visited (handlers may answer later). Waits for the start-up hold-off first.
   * @example
   * await messages.notifyChanges({ where: (ctx) => ctx.userId === message.to });
   */
  notifyChanges(options: NotifyChangesOptions<UserId, Entity> = {}): Promise<void> {
    // The common case walks its streams here and now, without the async machinery: no hold-off,
    // no cluster, no where(), fewer streams than a batch (a push's latency is this call).
    const holdOff = this.host.holdOff();
    if (holdOff === undefined && options.where === undefined && this.streams.size < this.host.batchSize() && this.host.cluster() === undefined) {
      this.visitAll(options);
      return DONE;
    }
    return this.notifyAll(options, holdOff);
  }

  private visitAll(options: NotifyChangesOptions<UserId, Entity>): void {
    const bodies = new PushBodies();
    const list = (this.streamList ??= [...this.streams]);
    for (let i = 0; i < list.length; i++) this.visit(list[i]!, options, bodies);
  }

  /** {@link notifyChanges} in full: waits for the hold-off, asks where() and yields every `notifyBatchSize` streams. */
  private async notifyAll(options: NotifyChangesOptions<UserId, Entity>, holdOff: Promise<void> | undefined): Promise<void> {
    if (holdOff) await holdOff;
    // Other processes start on their listeners while this one walks its own.
    const peers = this.host.cluster()?.notifyPeers(this, options);
    const batch = Math.max(1, this.host.batchSize());
    const bodies = new PushBodies();
    let visited = 0;
    for (const stream of (this.streamList ??= [...this.streams])) {
      if (++visited % batch === 0) await new Promise<void>((resolve) => setImmediate(resolve));
      if (options.where) {
        if (!this.eligible(stream, options)) continue;
        let keep: boolean;
        try {
          const result = options.where(this.streamContext(stream));
          keep = typeof result === 'boolean' ? result : await result;
        } catch (error) {
          this.host.warn(`notifyChanges where() of "${this.name}" threw`, error, stream.connection.id);
          continue;
        }
        if (!keep) continue;
      }
      this.visit(stream, options, bodies);
    }
    await peers;
  }

  /** One stream of a notify: skipped, marked for a read once started, or read and pushed now. */
  private visit(stream: StreamRegistration<UserId>, options: NotifyChangesOptions<UserId, Entity>, bodies: PushBodies): void {
    // Checked again after an async where(): the stream may have gone meanwhile.
    if (!this.eligible(stream, options)) return;
    if (!stream.started) {
      // Its first read is still running and may miss this change (a lost update otherwise).
      stream.refreshAfterStart = true;
      return;
    }
    this.refresh(stream, options.handleReadOverride, bodies);
  }

  /** Live, and allowed by the route's login requirement and the notify's publisher exclusion. */
  private eligible(stream: StreamRegistration<UserId>, options: NotifyChangesOptions<UserId, Entity>): boolean {
    return this.isLive(stream) && (!this.authOnly || stream.connection.isAuthenticated) && (options.excludeClientId === undefined || stream.connection.clientId !== options.excludeClientId);
  }

  /**
   * Handles of the live, started streams, optionally only those of `filter.userId`.
   * @example
   * route.listeners({ userId: 7 }).forEach((l) => l.push({ hasCallRequest: false }));
   */
  listeners(filter: { userId?: UserId } = {}): ListenerHandle<UserId>[] {
    const out: ListenerHandle<UserId>[] = [];
    for (const stream of this.streams) {
      if (!stream.started || !this.isLive(stream)) continue;
      if ('userId' in filter && (!stream.connection.isAuthenticated || stream.connection.userId !== filter.userId)) continue;
      out.push(this.handleFor(stream));
    }
    return out;
  }

  /**
   * Send StopListening to every stream of `userId` on this route, on every connection of that
   * user (2.0.3 reaches only the first, Q19), and drop the registrations. Returns how many.
   * @example
   * callRoute.stopListening(2, { where: (ctx) => ctx.params.remoteUserId === 1 });
   * callRoute.stopListening(2, (ctx) => ctx.params.remoteUserId === 1); // same
   */
  stopListening(userId: UserId, options: StopListeningOptions<UserId> | StopListeningOptions<UserId>['where'] = {}): number {
    const where = typeof options === 'function' ? options : options.where;
    let count = 0;
    for (const handle of this.listeners({ userId })) {
      if (where && !where(this.contextOf(handle))) continue;
      handle.stop();
      count++;
    }
    return count;
  }

  private contextOf(handle: ListenerHandle<UserId>): BaseContext<UserId> {
    return { params: handle.params, locals: { ...handle.locals }, userId: handle.userId, claims: handle.claims, connectionId: handle.connectionId, clientId: handle.clientId };
  }

  private streamContext(stream: StreamRegistration<UserId>): ListenContext<UserId> & Partial<ReadContext<UserId, Entity>> {
    // contextFor's fields and order, plus listenId, built as one object (readContext() completes it).
    const connection = stream.connection;
    const authenticated = connection.isAuthenticated;
    return {
      params: stream.params,
      locals: { ...stream.locals },
      userId: authenticated ? connection.userId : undefined,
      claims: authenticated ? connection.claims : undefined,
      connectionId: connection.id,
      clientId: connection.clientId ?? '',
      listenId: stream.listenId,
    };
  }

  private handleFor(stream: StreamRegistration<UserId>): ListenerHandle<UserId> {
    const route = this;
    const ctx = this.streamContext(stream);
    return {
      listenId: stream.listenId,
      connectionId: stream.connection.id,
      clientId: ctx.clientId,
      userId: ctx.userId,
      claims: ctx.claims,
      params: stream.params,
      locals: stream.locals,
      get active() {
        return route.isLive(stream);
      },
      push: (entity) => route.push(stream, entity as Entity),
      stop: () => {
        if (!route.isLive(stream)) return;
        stream.connection.sendStop(stopFrame(stream.listenId));
        route.detach(stream, 'server');
      },
    };
  }
}
