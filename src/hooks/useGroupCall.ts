import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { AsklessError, ClientErrorCode } from '../core/errors.js';
import type { GroupCalls } from '../core/group-calls/lazy.js';
import { initialGroupCallSnapshot } from '../core/group-calls/lazy.js';
import type { GroupCall, GroupCallActionResult, GroupCallSnapshot, JoinGroupCallOptions } from '../core/group-calls/types.js';
import { useAskless } from './useAskless.js';
import { enableEarlyGroupCalls } from '../core/group-calls/early.js';

// The provider's client answers `client.groupCalls` before its code has loaded once this is
// registered (core/internal/early-features.ts).
enableEarlyGroupCalls();

/**
 * Options of {@link useGroupCall}: how to join, plus `enabled` (default true) to join later.
 * @example
 * useGroupCall('standup', { media: { audio: true, video: false }, enabled: ready });
 */
export interface UseGroupCallOptions extends JoinGroupCallOptions {
  enabled?: boolean;
}

/**
 * The group call's snapshot plus its actions. `call` is the core {@link GroupCall}.
 * @example
 * const { participants, setMicrophoneEnabled } = useGroupCall('standup');
 */
export interface UseGroupCallResult<UserId = string | number>
  extends GroupCallSnapshot<UserId>,
    Omit<GroupCall<UserId>, 'groupCallId' | 'getSnapshot' | 'subscribe'> {
  call: GroupCall<UserId> | undefined;
}

interface Holder {
  call: GroupCall<any> | undefined;
  key: string | undefined;
  leaveTimer: ReturnType<typeof setTimeout> | undefined;
}

const notJoined: GroupCallActionResult = { ok: false, error: new AsklessError(ClientErrorCode.INVALID_ARGUMENT, 'not in a group call') };
const noop = () => () => undefined;

/**
 * Join `groupCallId` while mounted (leave on unmount or when the id changes). StrictMode's
 * mount → unmount → mount keeps one membership: the leave waits one tick and a remount cancels it.
 * @example
 * function Room() {
 *   const groupCall = useGroupCall('standup');
 *   return <GroupCallView groupCall={groupCall} />;
 * }
 */
export function useGroupCall<UserId = string | number>(groupCallId: string | undefined, options: UseGroupCallOptions = {}): UseGroupCallResult<UserId> {
  const client = useAskless<UserId>() as unknown as { groupCalls?: GroupCalls<UserId> };
  const [holder] = useState<Holder>(() => ({ call: undefined, key: undefined, leaveTimer: undefined }));
  const [, setCall] = useState<GroupCall<UserId> | undefined>(undefined);
  const enabled = options.enabled !== false && groupCallId !== undefined;
  const key = enabled ? groupCallId : undefined;

  useEffect(() => {
    if (key === undefined) return;
    if (holder.key === key && holder.call) {
      clearTimeout(holder.leaveTimer); // a StrictMode remount: keep the membership
    } else {
      if (!client.groupCalls) throw new AsklessError(ClientErrorCode.INVALID_ARGUMENT, 'useGroupCall needs a client with groupCalls (AsklessClient)');
      holder.call = client.groupCalls.join(key, options);
      holder.key = key;
    }
    setCall(holder.call as GroupCall<UserId>);
    const call = holder.call;
    return () => {
      holder.leaveTimer = setTimeout(() => {
        if (holder.call !== call) return;
        holder.call = undefined;
        holder.key = undefined;
        void call?.leave();
      }, 0);
    };
    // Join options are read at join time only: changing them does not rejoin.
  }, [client, key, holder]);

  // A stable "not joined" snapshot, so useSyncExternalStore sees the same value between renders.
  const idle = useMemo(() => ({ ...initialGroupCallSnapshot(groupCallId ?? ''), state: 'left' as const }), [groupCallId]);
  const call = key !== undefined && holder.key === key ? (holder.call as GroupCall<UserId> | undefined) : undefined;
  const snapshot = useSyncExternalStore(
    call ? call.subscribe : noop,
    () => (call ? call.getSnapshot() : idle),
    () => (call ? call.getSnapshot() : idle),
  ) as GroupCallSnapshot<UserId>;
  return {
    ...snapshot,
    call,
    leave: () => call?.leave() ?? Promise.resolve(),
    setMicrophoneEnabled: (on) => call?.setMicrophoneEnabled(on),
    setCameraEnabled: (on) => call?.setCameraEnabled(on),
    startScreenShare: (o) => call?.startScreenShare(o) ?? Promise.resolve(notJoined),
    stopScreenShare: () => call?.stopScreenShare(),
    setInputDevice: (kind, deviceId) => call?.setInputDevice(kind, deviceId) ?? Promise.resolve(notJoined),
  };
}
