/**
 * Group calls (a full mesh of up to 8 participants): membership with expiry and a signal relay,
 * as extension routes under `askless-react/group-call/` for authenticated users. Off unless the
 * app calls {@link registerGroupCallRoutes}. Media never touches the server: every pair of members
 * holds its own peer connection, negotiated through the relay.
 */
import { ServerErrorCode } from '../../core/errors.js';
import {
  GroupCallErrorCode,
  GroupCallRoute,
  addressOf,
  groupCallIdOf,
  type JoinAnswer,
  type MembersEntity,
  type SignalsEntity,
} from '../../core/group-calls/wire.js';
import type { AsklessServer } from '../server.js';
import type { BaseContext, HandlerError } from '../types.js';
import { GroupCallRegistry, type GroupCallLimits, type MemberRecord } from './registry.js';

/**
 * Options of {@link registerGroupCallRoutes}; every limit has a default.
 * @example
 * registerGroupCallRoutes(server, { canJoin: (ctx, id) => rooms.get(id)?.has(ctx.userId) ?? false });
 */
export interface GroupCallRoutesOptions<UserId> {
  /** Authorizes a join (default: every authenticated user). Refused → `PERMISSION_DENIED`. */
  canJoin?: (ctx: BaseContext<UserId>, groupCallId: string) => boolean | Promise<boolean>;
  /** Member devices per group call (default 8); the next join answers `GROUP_FULL`. */
  maxParticipants?: number;
  /** A membership not renewed for this long is removed (default 30 000 ms). Clients renew at a third. */
  membershipTtlMs?: number;
  /** Group calls with at least one member, server-wide (default 10 000); then `LIMIT_REACHED`. */
  maxGroupCalls?: number;
  /** Concurrent memberships of one user across group calls and devices (default 16). */
  maxMembershipsPerUser?: number;
  /** Largest relayed payload, as JSON text (default 65 536 bytes); larger → `BAD_REQUEST`. */
  maxSignalBytes?: number;
  /** Undelivered signals kept per membership (default 256); the oldest is dropped beyond. */
  maxQueuedSignals?: number;
}

/**
 * What {@link registerGroupCallRoutes} returns.
 * @example
 * const groupCalls = registerGroupCallRoutes(server);
 * groupCalls.stats(); // { groupCalls: 0, members: 0 }
 */
export interface GroupCallRoutesHandle {
  /** Exactly `{ groupCalls, members }`; both 0 once everyone left or expired. */
  stats(): { groupCalls: number; members: number };
  /** Remove the routes and forget every membership. */
  close(): void;
}

type Ctx<UserId> = BaseContext<UserId> & { errorCallback(error?: HandlerError): void };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const bodyOf = (v: unknown): Record<string, unknown> => (isObject(v) ? v : {});
const sameUser = (a: unknown, b: unknown): boolean => typeof a === typeof b && a === b;

/**
 * Register the group-call routes on `server` (after `init`, before or after `start`).
 * @example
 * const server = new AsklessServer<number>();
 * server.init({ authenticate });
 * const groupCalls = registerGroupCallRoutes(server, { maxParticipants: 8, membershipTtlMs: 30_000 });
 */
export function registerGroupCallRoutes<UserId>(
  server: AsklessServer<UserId>,
  options: GroupCallRoutesOptions<UserId> = {},
): GroupCallRoutesHandle {
  const limits: GroupCallLimits = {
    maxParticipants: options.maxParticipants ?? 8,
    membershipTtlMs: options.membershipTtlMs ?? 30_000,
    maxGroupCalls: options.maxGroupCalls ?? 10_000,
    maxMembershipsPerUser: options.maxMembershipsPerUser ?? 16,
    maxSignalBytes: options.maxSignalBytes ?? 65_536,
    maxQueuedSignals: options.maxQueuedSignals ?? 256,
  };
  const routes = server.addRoute.forAuthenticatedUsers;
  const notifyMembers = (groupCallId: string): void => {
    void membersRoute.notifyChanges({ where: (ctx) => ctx.params.groupCallId === groupCallId });
  };
  const registry = new GroupCallRegistry<UserId>(limits, notifyMembers);

  const badRequest = (ctx: Ctx<UserId>, description: string): void =>
    ctx.errorCallback({ code: ServerErrorCode.BAD_REQUEST, description });

  /** The caller's own current membership named in the body, or an error reply. */
  const ownMembership = (ctx: Ctx<UserId>, body: Record<string, unknown>, where: string): MemberRecord<UserId> | undefined => {
    const groupCallId = groupCallIdOf(body.groupCallId);
    if (!groupCallId || typeof body.membershipId !== 'string') {
      badRequest(ctx, `${where}: groupCallId and membershipId are required strings`);
      return undefined;
    }
    const record = registry.owned(groupCallId, body.membershipId, ctx.userId, ctx.clientId);
    if (!record) ctx.errorCallback({ code: GroupCallErrorCode.NOT_A_MEMBER, description: `${where}: not a current membership of this device` });
    return record;
  };

  routes.create({
    route: GroupCallRoute.join,
    handleCreate: async (ctx) => {
      const groupCallId = groupCallIdOf(bodyOf(ctx.body).groupCallId);
      if (!groupCallId) return badRequest(ctx, 'join: groupCallId must be a non-empty string of at most 128 characters');
      if (options.canJoin && !(await options.canJoin(ctx, groupCallId))) {
        return ctx.errorCallback({ code: ServerErrorCode.PERMISSION_DENIED, description: 'join: not allowed in this group call' });
      }
      const record = registry.join(groupCallId, ctx.userId as UserId, ctx.clientId);
      if (record === 'GROUP_FULL') {
        return ctx.errorCallback({ code: GroupCallErrorCode.GROUP_FULL, description: `join: the group call already has ${limits.maxParticipants} participants` });
      }
      if (record === 'LIMIT_REACHED') {
        return ctx.errorCallback({ code: GroupCallErrorCode.LIMIT_REACHED, description: 'join: too many group calls or memberships' });
      }
      const answer: JoinAnswer<UserId> = {
        groupCallId,
        userId: record.userId,
        deviceId: record.deviceId,
        membershipId: record.membershipId,
        joinedAt: record.joinedAt,
        expiresAt: record.expiresAt,
        membershipTtlMs: limits.membershipTtlMs,
      };
      ctx.successCallback(answer);
    },
  });

  routes.create({
    route: GroupCallRoute.renew,
    handleCreate: (ctx) => {
      const record = ownMembership(ctx, bodyOf(ctx.body), 'renew');
      if (!record) return;
      registry.renew(record);
      ctx.successCallback({ expiresAt: record.expiresAt, membershipTtlMs: limits.membershipTtlMs });
    },
  });

  routes.create({
    route: GroupCallRoute.leave,
    handleCreate: (ctx) => {
      const body = bodyOf(ctx.body);
      const groupCallId = groupCallIdOf(body.groupCallId);
      if (!groupCallId || typeof body.membershipId !== 'string') return badRequest(ctx, 'leave: groupCallId and membershipId are required strings');
      // Leaving twice, or after expiry, is a harmless no-op.
      const record = registry.owned(groupCallId, body.membershipId, ctx.userId, ctx.clientId);
      if (record) registry.leave(record);
      ctx.successCallback({});
    },
  });

  const membersRoute = routes.read({
    route: GroupCallRoute.members,
    handleRead: (ctx) => {
      const groupCallId = groupCallIdOf(ctx.params.groupCallId);
      if (!groupCallId) return badRequest(ctx, 'members: groupCallId is required');
      // Only members see who is in a call: a refused joiner never sees anyone, nor is seen.
      if (!registry.isMember(groupCallId, ctx.userId)) {
        return ctx.errorCallback({ code: ServerErrorCode.PERMISSION_DENIED, description: 'members: join the group call first' });
      }
      const entity: MembersEntity<UserId> = { groupCallId, members: registry.members(groupCallId) };
      ctx.successCallback(entity);
    },
  });

  const signalsRoute = routes.read({
    route: GroupCallRoute.signals,
    handleRead: (ctx) => {
      const groupCallId = groupCallIdOf(ctx.params.groupCallId);
      const membershipId = ctx.params.membershipId;
      if (!groupCallId || typeof membershipId !== 'string') return badRequest(ctx, 'signals: groupCallId and membershipId are required');
      const record = registry.owned(groupCallId, membershipId, ctx.userId, ctx.clientId);
      if (!record) return ctx.errorCallback({ code: GroupCallErrorCode.NOT_A_MEMBER, description: 'signals: not a current membership of this device' });
      // Every undelivered signal: the client skips seqs it already handled.
      const entity: SignalsEntity<UserId> = { signals: [...record.outbox] };
      ctx.successCallback(entity);
    },
    // A signal queued between the first read and the stream's start was pushed to nobody: send
    // what is still undelivered once more (the client skips seqs it already handled).
    onClientStartsListening: (ctx) => {
      const record = registry.owned(String(ctx.params.groupCallId), String(ctx.params.membershipId), ctx.userId, ctx.clientId);
      if (!record || record.outbox.length === 0) return;
      for (const l of signalsOf(record)) if (l.listenId === ctx.listenId) l.push({ signals: [...record.outbox] } satisfies SignalsEntity<UserId>);
    },
    // A confirmed value is delivered: forget those signals (a re-read then sends only newer ones).
    onReceived: (entity: SignalsEntity<UserId>, ctx) => {
      const last = entity.signals[entity.signals.length - 1];
      if (last) registry.delivered(String(ctx.params.groupCallId), String(ctx.params.membershipId), last.seq);
    },
  });

  /** The started signals streams of one membership's own device. */
  const signalsOf = (record: MemberRecord<UserId>) =>
    signalsRoute
      .listeners({ userId: record.userId })
      .filter((l) => l.params.groupCallId === record.groupCallId && l.params.membershipId === record.membershipId && l.clientId === record.deviceId);

  routes.create({
    route: GroupCallRoute.signal,
    handleCreate: (ctx) => {
      const body = bodyOf(ctx.body);
      const from = ownMembership(ctx, body, 'signal');
      if (!from) return;
      const to = addressOf(body.to);
      if (!to) return badRequest(ctx, 'signal: to must be { userId, deviceId, membershipId }');
      let size: number;
      try {
        size = JSON.stringify(body.payload ?? null).length;
      } catch {
        return badRequest(ctx, 'signal: payload must be JSON');
      }
      if (size > limits.maxSignalBytes) return badRequest(ctx, `signal: payload over ${limits.maxSignalBytes} bytes`);
      const target = registry.member(from.groupCallId, to.membershipId);
      if (!target || target.deviceId !== to.deviceId || !sameUser(target.userId, to.userId) || target === from) {
        // Addressed to a stale (expired, left or replaced) membership: dropped, and the sender is told.
        return ctx.errorCallback({ code: GroupCallErrorCode.STALE_MEMBERSHIP, description: 'signal: the addressee is not a current member' });
      }
      const signal = registry.enqueue(target, { userId: from.userId, deviceId: from.deviceId, membershipId: from.membershipId }, body.payload);
      for (const l of signalsOf(target)) l.push({ signals: [signal] } satisfies SignalsEntity<UserId>);
      ctx.successCallback({});
    },
  });

  return {
    stats: () => registry.stats(),
    close: () => {
      for (const name of Object.values(GroupCallRoute)) server.removeRoute(name);
      registry.clear();
    },
  };
}
