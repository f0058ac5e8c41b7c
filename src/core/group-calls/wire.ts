/**
 * The group-call extension's routes and message shapes, shared by the server
 * (`registerGroupCallRoutes`) and the client (`client.groupCalls`). Everything lives under
 * `askless-react/group-call/`, which Flutter clients and Askless 2.0.3 never use.
 */

/** Route names of the group-call extension. */
export const GroupCallRoute = {
  /** CREATE `{ groupCallId }` → {@link JoinAnswer}. */
  join: 'askless-react/group-call/join',
  /** CREATE `{ groupCallId, membershipId }` → `{ expiresAt, membershipTtlMs }`. */
  renew: 'askless-react/group-call/renew',
  /** CREATE `{ groupCallId, membershipId }` → `{}`. */
  leave: 'askless-react/group-call/leave',
  /** READ/LISTEN `{ groupCallId }` → {@link MembersEntity}; members only. */
  members: 'askless-react/group-call/members',
  /** CREATE {@link SignalBody} → `{}`: relays an opaque payload to one current member. */
  signal: 'askless-react/group-call/signal',
  /** READ/LISTEN `{ groupCallId, membershipId }` → {@link SignalsEntity}; the membership's own device only. */
  signals: 'askless-react/group-call/signals',
} as const;

/** Error codes of the extension (besides BAD_REQUEST and PERMISSION_DENIED). */
export const GroupCallErrorCode = {
  /** The group call already has `maxParticipants` members. */
  GROUP_FULL: 'GROUP_FULL',
  /** The membership named in the request expired, left or was replaced by a rejoin. */
  NOT_A_MEMBER: 'NOT_A_MEMBER',
  /** The addressed member is not (or no longer) a current member: the signal was dropped. */
  STALE_MEMBERSHIP: 'STALE_MEMBERSHIP',
  /** A server limit (group calls, memberships per user) was reached. */
  LIMIT_REACHED: 'LIMIT_REACHED',
} as const;

/** One member device of a group call, as the members stream lists it. */
export interface GroupCallMember<UserId = string | number> {
  userId: UserId;
  /** The member's Askless client id (one per device or tab). */
  deviceId: string;
  /** Fresh for every join; a rejoin replaces the old one. */
  membershipId: string;
  joinedAt: number;
  expiresAt: number;
}

/** What `join` answers. */
export interface JoinAnswer<UserId = string | number> extends GroupCallMember<UserId> {
  groupCallId: string;
  membershipTtlMs: number;
}

/** The members stream's value. */
export interface MembersEntity<UserId = string | number> {
  groupCallId: string;
  members: GroupCallMember<UserId>[];
}

/** The address of one member device. */
export interface MemberAddress<UserId = string | number> {
  userId: UserId;
  deviceId: string;
  membershipId: string;
}

/** What `signal` takes. */
export interface SignalBody<UserId = string | number> {
  groupCallId: string;
  /** The sender's own membership (checked against its device). */
  membershipId: string;
  to: MemberAddress<UserId>;
  /** Opaque to the server: offers, answers, candidates, renegotiation. */
  payload: unknown;
}

/** One relayed signal. `seq` grows per receiving membership, so a re-read never replays one twice. */
export interface RelayedSignal<UserId = string | number> {
  seq: number;
  from: MemberAddress<UserId>;
  payload: unknown;
}

/** The signals stream's value: what is still undelivered (initially) or one new signal (push). */
export interface SignalsEntity<UserId = string | number> {
  signals: RelayedSignal<UserId>[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Longest accepted group call id (ids are app-chosen strings such as a room name). */
export const MAX_GROUP_CALL_ID_LENGTH = 128;

/**
 * A valid group call id, or undefined.
 * @example
 * groupCallIdOf('room-1'); // 'room-1'
 */
export function groupCallIdOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_GROUP_CALL_ID_LENGTH ? value : undefined;
}

/**
 * A member address read off the wire, or undefined when a field is missing or ill-typed.
 * @example
 * addressOf({ userId: 2, deviceId: 'c1', membershipId: 'm1' });
 */
export function addressOf(value: unknown): MemberAddress | undefined {
  if (!isObject(value)) return undefined;
  const { userId, deviceId, membershipId } = value;
  if (typeof userId !== 'string' && typeof userId !== 'number') return undefined;
  if (typeof deviceId !== 'string' || typeof membershipId !== 'string' || membershipId.length > 64) return undefined;
  return { userId, deviceId, membershipId };
}

/**
 * Which of two members offers on their pair's peer connection: both sides compute the same answer
 * from the two membership ids, so there is never glare.
 * @example
 * if (isOfferer(me.membershipId, other.membershipId)) peer = new Peer({ initiator: true });
 */
export function isOfferer(myMembershipId: string, theirMembershipId: string): boolean {
  return myMembershipId < theirMembershipId;
}
