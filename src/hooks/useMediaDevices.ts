import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { AudioOutputResult, CallDeviceList } from '../core/calls/manager-types.js';
import { useCallManager } from './internal/callManager.js';

/**
 * What {@link useMediaDevices} returns.
 * @example
 * const { devices, audioOutputDeviceId, setAudioOutput }: UseMediaDevicesResult = useMediaDevices();
 */
export interface UseMediaDevicesResult {
  /** Grouped by kind; empty until listed; labels appear once media permission was granted. */
  readonly devices: CallDeviceList;
  /** The chosen speaker (undefined: the default). */
  readonly audioOutputDeviceId: string | undefined;
  /** Choose the speaker for every call; `unsupported` where the browser has no `setSinkId`. */
  setAudioOutput(deviceId: string): Promise<AudioOutputResult>;
  /** List again (e.g. after a permission grant). */
  refresh(): Promise<void>;
}

const NO_DEVICES: CallDeviceList = Object.freeze({ audioinput: [], videoinput: [], audiooutput: [] });

/**
 * The media devices, kept current on `devicechange`, and the speaker choice.
 * @example
 * const { devices } = useMediaDevices();
 * return <select>{devices.videoinput.map((d) => <option key={d.deviceId} value={d.deviceId}>{d.label}</option>)}</select>;
 */
export function useMediaDevices(): UseMediaDevicesResult {
  const manager = useCallManager('useMediaDevices');
  const [devices, setDevices] = useState<CallDeviceList>(NO_DEVICES);
  const audioOutputDeviceId = useSyncExternalStore(
    manager.subscribe,
    () => manager.getSnapshot().audioOutputDeviceId,
    () => undefined,
  );
  const refresh = useCallback(async () => {
    setDevices(await manager.listDevices());
  }, [manager]);
  useEffect(() => {
    let active = true;
    void manager.listDevices().then((list) => active && setDevices(list));
    const off = manager.onDeviceChange((change) => setDevices(change.devices));
    return () => {
      active = false;
      off();
    };
  }, [manager]);
  return useMemo(() => ({ devices, audioOutputDeviceId, setAudioOutput: manager.setAudioOutput, refresh }), [devices, audioOutputDeviceId, manager, refresh]);
}
