/**
 * The Askless 2.0.3 wire format (askless-protocol.md §1.3–§1.6, §11): marker names, request
 * types and the shape of every message. Shared by the client core and by our server, so the two
 * can never drift apart. No runtime dependencies, no DOM, no Node.
 */

import type { ClientExtensionHello, ServerExtension } from './extension.js';

/** The value every marker property carries. Receivers test presence, never the value. */
export const MARKER_VALUE = '_';

/** Marker property names, exactly as on the wire (note the camelCase `newDataForListener`). */
export const Marker = {
  configureConnectionRequest: '_class_type_configureconnectionrequest',
  authenticateRequest: '_class_type_authenticaterequest',
  read: '_class_type_read',
  listen: '_class_type_listen',
  modify: '_class_type_modify',
  clientConfirmReceipt: '_class_type_clientconfirmreceipt',
  pingPong: '_class_type_pingpong',
  response: '_class_type_response',
  serverConfirmReceipt: '_class_type_serverconfirmreceipt',
  configureConnection: '_class_type_configureconnection',
  authenticateResponse: '_class_type_authenticateresponse',
  newDataForListener: '_class_type_newDataForListener',
  stopListening: '_class_type_stoplistening',
} as const;
export type MarkerName = (typeof Marker)[keyof typeof Marker];

/** The two bare text frames the server sends (§1.2). */
export const WELCOME_FRAME = 'welcome';
export const PONG_FRAME = 'pong';

export type RequestType =
  | 'CONFIGURE_CONNECTION'
  | 'AUTHENTICATE'
  | 'CONFIRM_RECEIPT'
  | 'READ'
  | 'LISTEN'
  | 'CREATE'
  | 'UPDATE'
  | 'DELETE';

export type ModifyRequestType = 'CREATE' | 'UPDATE' | 'DELETE';

/** Informative only (§1.3): never dispatch on it. */
export type DataType =
  | 'AsklessResponse'
  | 'ServerConfirmReceiptCli'
  | 'ConfigureConnectionResponse'
  | 'NewDataForListener'
  | 'StopListening';

/** Any JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
/** Route params: an object or null (Flutter sends null when none is given). */
export type Params = Record<string, unknown> | null;

// ---------------------------------------------------------------- client → server

export interface ConfigureConnectionRequest {
  _class_type_configureconnectionrequest: '_';
  clientRequestId: string;
  requestType: 'CONFIGURE_CONNECTION';
  clientIdInternalApp: string;
  /** Always `"flutter"` from our client (§2.3, Q23). */
  clientType?: 'flutter' | 'javascript';
  /** Extension (see extension.ts): ignored by Askless 2.0.3. */
  asklessReact?: ClientExtensionHello;
}

export interface AuthenticateRequest {
  _class_type_authenticaterequest: '_';
  clientRequestId: string;
  requestType: 'AUTHENTICATE';
  clientIdInternalApp: string;
  clientType?: string;
  credential: unknown;
}

export interface ReadRequest {
  _class_type_read: '_';
  clientRequestId: string;
  requestType: 'READ';
  route: string;
  params: Params;
}

export interface ModifyRequest {
  _class_type_modify: '_';
  clientRequestId: string;
  requestType: ModifyRequestType;
  route: string;
  body: unknown;
  params: Params;
}

export interface ListenRequest {
  _class_type_listen: '_';
  clientRequestId: string;
  requestType: 'LISTEN';
  route: string;
  params: Params;
  listenId: string;
  /** Extension (extension.ts, `conflate`): sent only to servers that advertise it. */
  asklessReact?: { conflate: boolean };
}

export interface ClientConfirmReceipt {
  _class_type_clientconfirmreceipt: '_';
  clientRequestId: string;
  requestType: 'CONFIRM_RECEIPT';
  serverId: string;
  /** Extension (extension.ts, `batchedConfirms`): more ids confirmed by the same frame. */
  asklessReact?: { serverIds: string[] };
}

/** One entry of a ping's `listeningToRoutes` (§1.5.7): every field is required by 2.0.3. */
export interface PingListenEntry {
  listenId: string;
  route: string;
  params: Params;
  /** The id of the LISTEN that created the stream; reused by a ping-driven restart. */
  clientRequestId: string;
  requestType?: 'LISTEN';
  _class_type_listen?: '_';
  /** The stream asked for conflation: sent as the entry's `asklessReact.conflate` (extension). */
  conflate?: boolean;
}

export interface PingPong {
  _class_type_pingpong: '_';
  listeningToRoutes: PingListenEntry[];
}

export type ClientRequest =
  | ConfigureConnectionRequest
  | AuthenticateRequest
  | ReadRequest
  | ModifyRequest
  | ListenRequest;

export type ClientMessage = ClientRequest | ClientConfirmReceipt | PingPong;

// ---------------------------------------------------------------- server → client

/** `{code?, description?}`: either member may be absent (Flutter substitutes "none"). */
export interface WireError {
  code?: string;
  description?: string;
}

export interface ServerConfirmReceipt {
  _class_type_serverconfirmreceipt: '_';
  _class_type_response: '_';
  clientRequestId: string;
  output: 'RECEIVED';
  dataType: 'ServerConfirmReceiptCli';
  serverId: string;
}

/** Generic response. success ⇔ `error` absent or null; `output` may be absent. */
export interface ResponseMessage {
  _class_type_response: '_';
  clientRequestId: string;
  output?: unknown;
  error?: WireError | null;
  dataType: DataType;
  serverId: string;
  _class_type_configureconnection?: '_';
  _class_type_authenticateresponse?: '_';
}

export interface ClientVersionCodeSupported {
  lessThanOrEqual: number | null;
  moreThanOrEqual: number | null;
}

/** `output.connectionConfiguration` of the ConfigureConnection response (§2.2). */
export interface ConnectionConfiguration {
  intervalInMsServerSendSameMessage: number;
  intervalInMsClientSendSameMessage: number;
  intervalInMsClientPing: number;
  millisecondsToDisconnectClientAfterWithoutClientPing: number;
  reconnectClientAfterMillisecondsWithoutServerPong: number;
  waitForAuthenticationTimeoutInMs: number;
  requestTimeoutInMs: number;
  isFromServer: boolean;
  serverVersion: string;
  clientVersionCodeSupported: ClientVersionCodeSupported;
  /** Extension advertised by askless-react's server only (see extension.ts). */
  asklessReact?: ServerExtension;
}

/** Authenticate response `output` (§5.2): `{userId, claims}` | `{}` | `{credentialErrorCode}` | null. */
export interface AuthenticateOutput {
  userId?: unknown;
  claims?: string[];
  credentialErrorCode?: string;
}

export interface NewDataForListener {
  _class_type_newDataForListener: '_';
  listenId: string;
  output: unknown;
  dataType: 'NewDataForListener';
  serverId: string;
}

export interface StopListening {
  _class_type_stoplistening: '_';
  listenId: string;
  dataType: 'StopListening';
  serverId: string;
}

export type ServerMessage = ServerConfirmReceipt | ResponseMessage | NewDataForListener | StopListening;

// ---------------------------------------------------------------- constants of 2.0.3

/** The 2.0.3 defaults; Flutter assumes them before a configuration arrives (§2.2). */
export const DEFAULT_CONNECTION_CONFIGURATION: ConnectionConfiguration = {
  intervalInMsServerSendSameMessage: 5000,
  intervalInMsClientSendSameMessage: 5000,
  intervalInMsClientPing: 1000,
  millisecondsToDisconnectClientAfterWithoutClientPing: 12000,
  reconnectClientAfterMillisecondsWithoutServerPong: 6000,
  waitForAuthenticationTimeoutInMs: 4000,
  requestTimeoutInMs: 7000,
  isFromServer: false,
  serverVersion: '2.0.3',
  clientVersionCodeSupported: { lessThanOrEqual: null, moreThanOrEqual: 4 },
};

/** The client version code we claim: the same as Flutter 3.1.0 (§2.3). */
export const CLIENT_VERSION_CODE = 7;

/** Built-in route names (§5.5, §8.1). */
export const InternalRoute = {
  authentication: 'askless-internal/authentication',
  callReceive: 'askless-internal/call/receive',
  callRequest: 'askless-internal/call/request',
  callListenForACall: 'askless-internal/call/listen-for-a-call',
  callResponse: 'askless-internal/call/response',
  callIceCandidateList: 'askless-internal/call/ice-candidate-list',
  callClose: 'askless-internal/call/close',
} as const;
