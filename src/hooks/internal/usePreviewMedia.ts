/**
 * The pre-join preview: camera and microphone acquired with the chosen devices, re-acquired
 * when a choice changes, the device lists kept current, every track stopped on change and on
 * unmount (StrictMode's replay included). Failures are typed permission states, never throws.
 */
import { useCallback, useEffect, useState } from 'react';
import { getLocalMedia, stopStream } from '../../core/calls/media.js';
import type { MediaPermission } from '../../core/calls/types.js';
import type { CallDevice, CallDeviceList } from '../../core/calls/manager-types.js';

/** What {@link usePreviewMedia} returns. */
export interface PreviewMedia {
  readonly stream: MediaStream | undefined;
  readonly permission: MediaPermission;
  readonly devices: CallDeviceList;
  /** Ask again (after the user unblocked the camera or plugged one in). */
  retry(): void;
}

const NONE: CallDeviceList = Object.freeze({ audioinput: [], videoinput: [], audiooutput: [] });

async function listDevices(): Promise<CallDeviceList> {
  const md = globalThis.navigator?.mediaDevices;
  if (!md || typeof md.enumerateDevices !== 'function') return NONE;
  const all = await md.enumerateDevices();
  const pick = (kind: MediaDeviceKind): CallDevice[] =>
    all.filter((d) => d.kind === kind).map((d) => ({ deviceId: d.deviceId, groupId: d.groupId, kind: d.kind, label: d.label }));
  return { audioinput: pick('audioinput'), videoinput: pick('videoinput'), audiooutput: pick('audiooutput') };
}

/**
 * @example
 * const preview = usePreviewMedia({ audioDeviceId, videoDeviceId, video: true });
 */
export function usePreviewMedia(options: {
  audioDeviceId: string | undefined;
  videoDeviceId: string | undefined;
  video: boolean;
  getUserMedia?: ((constraints: MediaStreamConstraints) => Promise<MediaStream>) | undefined;
}): PreviewMedia {
  const { audioDeviceId, videoDeviceId, video, getUserMedia } = options;
  const [stream, setStream] = useState<MediaStream | undefined>();
  const [permission, setPermission] = useState<MediaPermission>('prompting');
  const [devices, setDevices] = useState<CallDeviceList>(NONE);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true;
    let acquired: MediaStream | undefined;
    setPermission('prompting');
    const constraints: MediaStreamConstraints = {
      audio: audioDeviceId ? { deviceId: { exact: audioDeviceId } } : true,
      video: video ? (videoDeviceId ? { deviceId: { exact: videoDeviceId } } : true) : false,
    };
    void getLocalMedia(constraints, getUserMedia ?? undefined).then(async (result) => {
      if (!current) return stopStream(result.stream);
      acquired = result.stream;
      setStream(result.stream);
      setPermission(result.permission);
      // Labels appear only after a grant: list (again) now.
      const list = await listDevices().catch(() => NONE);
      if (current) setDevices(list);
    });
    return () => {
      current = false;
      stopStream(acquired);
      setStream(undefined);
    };
  }, [audioDeviceId, videoDeviceId, video, getUserMedia, attempt]);

  useEffect(() => {
    const md = globalThis.navigator?.mediaDevices;
    if (!md || typeof md.addEventListener !== 'function') return;
    let current = true;
    const onChange = () => void listDevices().then((list) => current && setDevices(list), () => {});
    md.addEventListener('devicechange', onChange);
    return () => {
      current = false;
      md.removeEventListener('devicechange', onChange);
    };
  }, []);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { stream, permission, devices, retry };
}
