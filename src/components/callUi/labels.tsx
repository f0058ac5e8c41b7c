/**
 * Every visible string of the call UI in one object, English by default. Override any of them
 * for a whole tree with `<CallLabelsProvider labels={…}>` or per component with `labels={…}`
 * (props win over the provider, the provider over the defaults).
 */
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import type { CallEndReason, CallState, MediaPermission } from '../../core/calls/types.js';
import type { CallQuality } from '../../core/calls/manager-types.js';

/**
 * The call UI's strings. Functions receive the value they describe (a name, a count, a time).
 * @example
 * const fr: CallLabelsOverrides = { microphoneOff: 'Micro coupé', hangUp: 'Raccrocher' };
 */
export interface CallLabels {
  // Controls: constant accessible names (the pressed state is aria-pressed) ...
  controls: string;
  microphone: string;
  camera: string;
  shareScreen: string;
  devices: string;
  hold: string;
  hangUp: string;
  // ... and tooltips that say what a click does.
  muteMicrophone: string;
  unmuteMicrophone: string;
  turnCameraOff: string;
  turnCameraOn: string;
  stopSharing: string;
  resume: string;
  // Incoming call dialog
  incomingCall: string;
  isCalling: (name: string) => string;
  waitingCall: string;
  waitingIsCalling: (name: string) => string;
  accept: string;
  decline: string;
  holdAndAccept: string;
  endAndAccept: string;
  // Call view
  callWith: (name: string) => string;
  you: string;
  states: Record<CallState, string>;
  endReasons: Record<CallEndReason, string>;
  microphoneOff: string;
  cameraOff: string;
  onHold: string;
  remoteOnHold: (name: string) => string;
  screenShareOf: (name: string) => string;
  speaking: string;
  quality: Record<CallQuality, string>;
  qualityUnknown: string;
  duration: (time: string) => string;
  close: string;
  // Devices and pre-join (microphone and camera above name the device pickers too)
  speaker: string;
  noDevices: string;
  defaultDevice: string;
  preview: string;
  microphoneLevel: string;
  call: string;
  permission: Record<MediaPermission, string>;
  /** How to unblock the camera, per browser family. */
  unblockHelp: Record<'chrome' | 'firefox' | 'safari' | 'other', string>;
  otherBrowsers: string;
  retry: string;
  // Missed calls
  missedCalls: string;
  missedCallsCount: (count: number) => string;
  missedCallFrom: (name: string, time: string) => string;
  callBack: (name: string) => string;
  clear: string;
  noMissedCalls: string;
}

/**
 * The English defaults.
 * @example
 * DEFAULT_CALL_LABELS.hangUp; // 'Hang up'
 */
export const DEFAULT_CALL_LABELS: CallLabels = {
  controls: 'Call controls',
  microphone: 'Microphone',
  camera: 'Camera',
  muteMicrophone: 'Mute microphone',
  unmuteMicrophone: 'Unmute microphone',
  turnCameraOff: 'Turn camera off',
  turnCameraOn: 'Turn camera on',
  shareScreen: 'Share screen',
  stopSharing: 'Stop sharing',
  devices: 'Devices',
  hold: 'Hold',
  resume: 'Resume',
  hangUp: 'Hang up',
  incomingCall: 'Incoming call',
  isCalling: (name) => `${name} is calling`,
  waitingCall: 'Call waiting',
  waitingIsCalling: (name) => `${name} is calling. You are in a call.`,
  accept: 'Accept',
  decline: 'Decline',
  holdAndAccept: 'Hold and accept',
  endAndAccept: 'End and accept',
  callWith: (name) => (name ? `Call with ${name}` : 'Call'),
  you: 'You',
  states: {
    idle: '',
    requesting: 'Calling…',
    ringing: 'Ringing…',
    incoming: 'Incoming call…',
    accepting: 'Answering…',
    connecting: 'Connecting…',
    connected: 'Connected',
    reconnecting: 'Reconnecting…',
    ended: 'Call ended',
  },
  endReasons: {
    hangup: 'Call ended',
    remote_hangup: 'The other person hung up',
    rejected: 'Call declined',
    canceled: 'Call canceled',
    missed: 'No answer',
    busy: 'Busy',
    connection_failed: 'Connection failed',
    media_error: 'Camera or microphone unavailable',
    answered_elsewhere: 'Answered on another device',
    unavailable: 'Unavailable',
  },
  microphoneOff: 'Microphone off',
  cameraOff: 'Camera off',
  onHold: 'On hold',
  remoteOnHold: (name) => `${name} put the call on hold`,
  screenShareOf: (name) => `${name}'s screen`,
  speaking: 'Speaking',
  quality: { good: 'Good connection', fair: 'Fair connection', poor: 'Poor connection', lost: 'Connection lost' },
  qualityUnknown: 'Measuring connection…',
  duration: (time) => `Call duration ${time}`,
  close: 'Close',
  speaker: 'Speaker',
  noDevices: 'None found',
  defaultDevice: 'Default',
  preview: 'Camera preview',
  microphoneLevel: 'Microphone level',
  call: 'Call',
  permission: {
    prompting: 'Allow the camera and microphone when your browser asks.',
    granted: 'Camera and microphone are ready.',
    blocked: 'The camera and microphone are blocked.',
    not_found: 'No camera or microphone was found. Plug one in and try again.',
    in_use: 'The camera or microphone is in use by another application. Close it and try again.',
    constraints_invalid: 'The chosen device cannot be used. Pick another one.',
  },
  unblockHelp: {
    chrome: 'Chrome and Edge: click the camera icon at the right of the address bar, choose "Always allow", then Try again.',
    firefox: 'Firefox: click the crossed-out camera icon left of the address, remove the block, then Try again.',
    safari: 'Safari: open Safari › Settings for This Website, set Camera and Microphone to Allow, then Try again.',
    other: 'Open this site\'s settings in your browser, allow the camera and microphone, then Try again.',
  },
  otherBrowsers: 'Other browsers',
  retry: 'Try again',
  missedCalls: 'Missed calls',
  missedCallsCount: (count) => (count === 1 ? '1 missed call' : `${count} missed calls`),
  missedCallFrom: (name, time) => `${name}, ${time}`,
  callBack: (name) => `Call back ${name}`,
  clear: 'Clear',
  noMissedCalls: 'No missed calls',
};

/**
 * Overrides of {@link CallLabels}: any subset, and any subset of its per-state records.
 * @example
 * const labels: CallLabelsOverrides = { endReasons: { busy: 'Occupé' } };
 */
export type CallLabelsOverrides = {
  [K in keyof CallLabels]?: CallLabels[K] extends (...args: never[]) => unknown ? CallLabels[K] : CallLabels[K] extends object ? Partial<CallLabels[K]> : CallLabels[K];
};

const NESTED = ['states', 'endReasons', 'quality', 'permission', 'unblockHelp'] as const;

function merge(base: CallLabels, overrides: CallLabelsOverrides | null | undefined): CallLabels {
  if (!overrides) return base;
  const out = { ...base, ...overrides } as CallLabels;
  for (const key of NESTED) {
    if (overrides[key]) (out as unknown as Record<string, unknown>)[key] = { ...base[key], ...overrides[key] };
  }
  return out;
}

const LabelsContext = createContext<CallLabels | null>(null);

/**
 * Overrides call UI strings for everything below it (e.g. a translation).
 * @example
 * <CallLabelsProvider labels={{ hangUp: 'Raccrocher', accept: 'Répondre' }}><CallView /></CallLabelsProvider>
 */
export function CallLabelsProvider({ labels, children }: { labels: CallLabelsOverrides; children?: ReactNode }) {
  const parent = useContext(LabelsContext);
  const merged = useMemo(() => merge(parent ?? DEFAULT_CALL_LABELS, labels), [parent, labels]);
  return <LabelsContext.Provider value={merged}>{children}</LabelsContext.Provider>;
}

/**
 * The labels in effect: defaults, then the nearest provider's, then `overrides`.
 * @example
 * const text = useCallLabels(props.labels);
 */
export function useCallLabels(overrides?: CallLabelsOverrides): CallLabels {
  const fromProvider = useContext(LabelsContext);
  return useMemo(() => merge(fromProvider ?? DEFAULT_CALL_LABELS, overrides), [fromProvider, overrides]);
}
