/**
 * askless-react/calls: call hooks and components. A separate entry so that apps which only read
 * and write data never bundle call code (the core's call service is loaded lazily either way).
 * One explicit export per line so additions merge cleanly.
 */

export { useCall } from './hooks/useCall.js';
export type { UseCallResult } from './hooks/useCall.js';
export { useIncomingCall } from './hooks/useIncomingCall.js';
export type { UseIncomingCallResult } from './hooks/useIncomingCall.js';
export type {
  AcceptIncomingCallOptions,
  CallAttemptResult,
  CallMediaOptions,
  CallSnapshot,
  CallUserId,
  IncomingCallInfo,
  RequestCallOptions,
} from './hooks/internal/callsTypes.js';
export type { CallAdditionalData, CallEndReason, CallState, MediaPermission } from './core/calls/types.js';
export { useCalls } from './hooks/useCalls.js';
export type { UseCallsResult } from './hooks/useCalls.js';
export { useMediaDevices } from './hooks/useMediaDevices.js';
export type { UseMediaDevicesResult } from './hooks/useMediaDevices.js';
export type {
  AudioOutputResult,
  Call,
  CallAcceptOptions,
  CallActionResult,
  CallDevice,
  CallDeviceChange,
  CallDeviceList,
  CallDirection,
  CallInputKind,
  CallManager,
  CallManagerOptions,
  CallQuality,
  CallRejectOptions,
  CallStats,
  CallStreams,
  CallsSnapshot,
  MissedCall,
  PeerCapabilities,
  RingAlertOptions,
  StartCallOptions,
} from './core/calls/manager-types.js';
export { VideoTile } from './components/VideoTile.js';
export type { VideoTileProps } from './components/VideoTile.js';
export { IncomingCallDialog } from './components/IncomingCallDialog.js';
export type { IncomingCallDialogLabels, IncomingCallDialogProps } from './components/IncomingCallDialog.js';
export { CallControls } from './components/CallControls.js';
export { PreJoin } from './components/PreJoin.js';
export type { PreJoinChoice, PreJoinProps } from './components/PreJoin.js';
export { DeviceSelect } from './components/DeviceSelect.js';
export type { DeviceSelectKind, DeviceSelectProps } from './components/DeviceSelect.js';
export { NetworkQualityIndicator } from './components/NetworkQualityIndicator.js';
export type { NetworkQualityIndicatorProps } from './components/NetworkQualityIndicator.js';
export { SpeakingIndicator } from './components/SpeakingIndicator.js';
export type { SpeakingIndicatorProps } from './components/SpeakingIndicator.js';
export { CallTimer, formatDuration } from './components/CallTimer.js';
export type { CallTimerProps } from './components/CallTimer.js';
export { MissedCalls } from './components/MissedCalls.js';
export type { MissedCallsProps } from './components/MissedCalls.js';
export { CallLabelsProvider, DEFAULT_CALL_LABELS, useCallLabels } from './components/callUi/labels.js';
export type { CallLabels, CallLabelsOverrides } from './components/callUi/labels.js';
export { callTokens } from './components/callUi/theme.js';
export { useModal } from './components/callUi/useModal.js';
export type { CallTheme } from './components/callUi/theme.js';
export type { CallControlsLabels, CallControlsProps } from './components/CallControls.js';
export { CallView } from './components/CallView.js';
export type { CallViewLabels, CallViewLayout, CallViewProps } from './components/CallView.js';

// Group calls (issue 17)
export { useGroupCall } from './hooks/useGroupCall.js';
export type { UseGroupCallOptions, UseGroupCallResult } from './hooks/useGroupCall.js';
export { GroupCallView, defaultGroupCallViewLabels } from './components/GroupCallView.js';
export type { GroupCallLayout, GroupCallViewLabels, GroupCallViewProps } from './components/GroupCallView.js';
export { ParticipantTile, defaultParticipantTileLabels } from './components/ParticipantTile.js';
export type { ParticipantTileLabels, ParticipantTileProps } from './components/ParticipantTile.js';
export type {
  GroupCall,
  GroupCallActionResult,
  GroupCallLocalParticipant,
  GroupCallParticipant,
  GroupCallQuality,
  GroupCallSnapshot,
  GroupCallState,
  JoinGroupCallOptions,
  ParticipantConnectionState,
} from './core/group-calls/types.js';
