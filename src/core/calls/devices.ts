/**
 * Media devices for calls: `enumerateDevices` grouped by kind, `devicechange` followed while
 * someone listens, and the speaker choice (`setSinkId` where the browser has it).
 */
import { AsklessError } from '../errors.js';
import { Listeners } from '../internal/listeners.js';
import type { MediaDevicesLike } from './call-media.js';
import type { AudioOutputResult, CallDevice, CallDeviceList } from './manager-types.js';

const EMPTY: CallDeviceList = Object.freeze({ audioinput: Object.freeze([]), videoinput: Object.freeze([]), audiooutput: Object.freeze([]) });

/**
 * List devices grouped by kind; empty where there is no `enumerateDevices`.
 * @example
 * const { videoinput } = await listDevices(navigator.mediaDevices);
 */
export async function listDevices(devices: MediaDevicesLike | undefined): Promise<CallDeviceList> {
  if (!devices?.enumerateDevices) return EMPTY;
  let infos: MediaDeviceInfo[];
  try {
    infos = await devices.enumerateDevices();
  } catch {
    return EMPTY;
  }
  const groups: Record<'audioinput' | 'videoinput' | 'audiooutput', CallDevice[]> = { audioinput: [], videoinput: [], audiooutput: [] };
  for (const info of infos) {
    const group = groups[info.kind];
    if (!group) continue;
    group.push(Object.freeze({ deviceId: info.deviceId, groupId: info.groupId, kind: info.kind, label: info.label }));
  }
  return Object.freeze({ audioinput: Object.freeze(groups.audioinput), videoinput: Object.freeze(groups.videoinput), audiooutput: Object.freeze(groups.audiooutput) });
}

/**
 * True where media elements can pick their audio output.
 * @example
 * if (canSetAudioOutput()) showSpeakerPicker();
 */
export function canSetAudioOutput(): boolean {
  const Element = (globalThis as { HTMLMediaElement?: { prototype: object } }).HTMLMediaElement;
  return !!Element && typeof (Element.prototype as { setSinkId?: unknown }).setSinkId === 'function';
}

/**
 * Follows `devicechange` while anyone listens.
 * @example
 * const watcher = new DeviceWatcher(() => navigator.mediaDevices, (list) => fallBack(list));
 */
export class DeviceWatcher {
  private readonly listeners = new Listeners<[CallDeviceList]>();
  private detach: (() => void) | undefined;

  constructor(private readonly devices: () => MediaDevicesLike | undefined) {}

  /** Subscribe; the first listener starts watching. */
  add(listener: (list: CallDeviceList) => void): () => void {
    const off = this.listeners.add(listener);
    if (!this.detach) {
      const target = this.devices();
      if (target?.addEventListener) {
        const onChange = () => void listDevices(this.devices()).then((list) => this.listeners.emit(list));
        target.addEventListener('devicechange', onChange);
        this.detach = () => target.removeEventListener?.('devicechange', onChange);
      }
    }
    return () => {
      off();
      if (this.listeners.size === 0) {
        this.detach?.();
        this.detach = undefined;
      }
    };
  }
}

/**
 * Check a speaker choice: `applied` where `setSinkId` exists (elements apply the snapshot's
 * `audioOutputDeviceId`), `unsupported` elsewhere.
 * @example
 * const result = audioOutputResult('default');
 */
export function audioOutputResult(deviceId: string): AudioOutputResult {
  if (typeof deviceId !== 'string') return { status: 'failed', error: new AsklessError('INVALID_ARGUMENT', 'deviceId must be a string') };
  return canSetAudioOutput() ? { status: 'applied' } : { status: 'unsupported' };
}
