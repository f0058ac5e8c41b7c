/**
 * askless-react: the React entry. One explicit export per line so additions merge cleanly.
 * The client core is also available on its own as `askless-react/core`.
 */

// Provider
export { AsklessProvider } from './components/AsklessProvider.js';
export type { AsklessProviderProps } from './components/AsklessProvider.js';

// Hooks
export { useAskless } from './hooks/useAskless.js';
export { useAsklessStore } from './hooks/useAsklessStore.js';
export { useConnection } from './hooks/useConnection.js';
export type { UseConnectionResult } from './hooks/useConnection.js';
export { useAuthentication } from './hooks/useAuthentication.js';
export type { UseAuthenticationResult } from './hooks/useAuthentication.js';
export { useReadStream } from './hooks/useReadStream.js';
export type { UseReadStreamOptions, UseReadStreamResult } from './hooks/useReadStream.js';
export { useRead } from './hooks/useRead.js';
export type { UseReadOptions, UseReadResult } from './hooks/useRead.js';
export { useCreate } from './hooks/useCreate.js';
export type { UseCreateOptions, UseCreateResult } from './hooks/useCreate.js';
export { useUpdate } from './hooks/useUpdate.js';
export type { UseUpdateOptions, UseUpdateResult } from './hooks/useUpdate.js';
export { useDelete } from './hooks/useDelete.js';
export type { UseDeleteOptions, UseDeleteResult } from './hooks/useDelete.js';
export { asklessQueryKey } from './hooks/internal/keys.js';
export type { AsklessQueryKey } from './hooks/internal/keys.js';
export type { AsklessMutationVariables } from './hooks/internal/mutation.js';
export { typedHooks } from './hooks/typedHooks.js';
export type { TypedHooks, TypedMutationOptions, TypedMutationResult, TypedMutationVariables } from './hooks/typedHooks.js';
export type { AsklessRoutes, RouteSpec, OperationSpec } from './core/routes.js';
export type { AsklessClientLike, AsklessProviderClient } from './hooks/internal/client.js';
export type {
  AsklessStore,
  AsklessStoreState,
  ConnectionSlice,
} from './hooks/internal/store.js';

// Core types and errors apps meet through the hooks
// `AsklessClient` is exported by `askless-react/core` only: re-exported here, it would put the whole
// protocol code into every app's up-front bundle (the provider loads it lazily, issue 20).
export type { AsklessClient } from './core/client.js';
export { AsklessError, ClientErrorCode, ServerErrorCode } from './core/errors.js';
export { AbortedRequestError } from './core/abort.js';
export type { AbortOutcome } from './core/abort.js';
export type {
  AsklessClientOptions,
  AuthenticateError,
  AuthenticateOptions,
  AuthenticateResponse,
  AuthenticationStatus,
  ConnectionStatus,
  DisconnectionReason,
  StreamSource,
  StreamStatus,
} from './core/types.js';

// Connection status component
export { ConnectionIndicator, ConnectionIndicatorView } from './components/ConnectionIndicator.js';
export type {
  ConnectionIndicatorLabels,
  ConnectionIndicatorProps,
  ConnectionIndicatorViewProps,
} from './components/ConnectionIndicator.js';

// Calls live in the entry `askless-react/calls`, so that data-only apps never bundle call code.

// File transfer (client.files): hooks and components; the transfer code itself loads lazily.
export { useSendFile } from './hooks/useSendFile.js';
export type { UseSendFileResult } from './hooks/useSendFile.js';
export { useIncomingFileOffers } from './hooks/useIncomingFileOffers.js';
export { useTransfers, useTransfer } from './hooks/useTransfers.js';
export { FileDropZone } from './components/FileDropZone.js';
export type { FileDropZoneLabels, FileDropZoneProps } from './components/FileDropZone.js';
export { TransferProgress } from './components/TransferProgress.js';
export type { TransferProgressLabels, TransferProgressProps } from './components/TransferProgress.js';
export { IncomingFileOffer } from './components/IncomingFileOffer.js';
export type { IncomingFileOfferLabels, IncomingFileOfferProps } from './components/IncomingFileOffer.js';
export type {
  AcceptFileOptions,
  FileSink,
  FileSource,
  FileTransferOptions,
  IncomingFileOffer as FileOffer,
  SendFileOptions,
  Transfer,
  TransferPath,
  TransferSnapshot,
  TransferState,
} from './core/files/types.js';
