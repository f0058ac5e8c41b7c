/**
 * Builders for every client → server frame. Each one produces a complete, valid 2.0.3 message
 * (Q1: a partial frame can crash the original server), so the rest of the core never assembles
 * wire objects by hand.
 */
import { EXTENSION_VERSION } from './extension.js';
import type {
  AuthenticateRequest,
  ClientConfirmReceipt,
  ConfigureConnectionRequest,
  ListenRequest,
  ModifyRequest,
  ModifyRequestType,
  Params,
  PingListenEntry,
  PingPong,
  ReadRequest,
} from './wire.js';

/**
 * Library name announced in the CONFIGURE_CONNECTION extension field (informative).
 * @example
 * encodeConfigure(id, clientId).asklessReact?.client === CLIENT_NAME; // true
 */
export const CLIENT_NAME = 'askless-react/0.1.0';

/**
 * CONFIGURE_CONNECTION, always as `clientType: "flutter"` (Q23) plus our extension hello.
 * @example
 * encodeConfigure('REQ-_1', 'q3ZtV9aLm2Xc8RbK1uYw0PsE7dHf');
 */
export function encodeConfigure(clientRequestId: string, clientIdInternalApp: string): ConfigureConnectionRequest {
  return {
    clientRequestId,
    requestType: 'CONFIGURE_CONNECTION',
    _class_type_configureconnectionrequest: '_',
    clientIdInternalApp,
    clientType: 'flutter',
    asklessReact: { version: EXTENSION_VERSION, client: CLIENT_NAME },
  };
}

/**
 * AUTHENTICATE with an opaque credential.
 * @example
 * encodeAuthenticate('REQ-_2', clientId, { accessToken: 't' });
 */
export function encodeAuthenticate(clientRequestId: string, clientIdInternalApp: string, credential: unknown): AuthenticateRequest {
  return {
    clientRequestId,
    requestType: 'AUTHENTICATE',
    _class_type_authenticaterequest: '_',
    clientIdInternalApp,
    clientType: 'flutter',
    credential: credential === undefined ? null : credential,
  };
}

/**
 * READ of `route`.
 * @example
 * encodeRead('REQ-_3', 'products', { nameContains: 'lamp' });
 */
export function encodeRead(clientRequestId: string, route: string, params: Params): ReadRequest {
  return { clientRequestId, requestType: 'READ', _class_type_read: '_', route, params };
}

/**
 * CREATE / UPDATE / DELETE. `body` is always sent (Flutter sends `{}` when there is none).
 * @example
 * encodeModify('REQ-_4', 'CREATE', 'product', { name: 'Lamp' }, null);
 */
export function encodeModify(clientRequestId: string, requestType: ModifyRequestType, route: string, body: unknown, params: Params): ModifyRequest {
  return { clientRequestId, requestType, _class_type_modify: '_', route, body: body === undefined ? {} : body, params };
}

/**
 * LISTEN for a stream.
 * @example
 * encodeListen('LIS-_5', 'products', null, 'LIS-abc');
 */
export function encodeListen(clientRequestId: string, route: string, params: Params, listenId: string, conflate = false): ListenRequest {
  const frame: ListenRequest = { clientRequestId, requestType: 'LISTEN', _class_type_listen: '_', route, params, listenId };
  // Extension (conflate): only ever set against a server that advertised it.
  if (conflate) frame.asklessReact = { conflate: true };
  return frame;
}

/**
 * CONFIRM_RECEIPT of a server message (with a fresh request id, §1.5.6).
 * @example
 * encodeConfirm('REQ-_6', 'RES-a8Jq2LmX0pZ');
 */
export function encodeConfirm(clientRequestId: string, serverId: string, moreServerIds?: string[]): ClientConfirmReceipt {
  const frame: ClientConfirmReceipt = { clientRequestId, requestType: 'CONFIRM_RECEIPT', _class_type_clientconfirmreceipt: '_', serverId };
  // Extension (batchedConfirms): only ever non-empty against a server that advertised it.
  if (moreServerIds && moreServerIds.length > 0) frame.asklessReact = { serverIds: moreServerIds };
  return frame;
}

/**
 * A PingPong listing the streams the client wants now; `listeningToRoutes` is always an array.
 * @example
 * encodePing([{ listenId: 'LIS-a', route: 'products', params: null, clientRequestId: 'LIS-_b' }]);
 */
export function encodePing(entries: readonly PingListenEntry[]): PingPong {
  return {
    _class_type_pingpong: '_',
    listeningToRoutes: entries.map((e) => ({
      clientRequestId: e.clientRequestId,
      requestType: 'LISTEN',
      _class_type_listen: '_',
      route: e.route,
      params: e.params,
      listenId: e.listenId,
      // Extension (conflate), as on the LISTEN itself: only set against a server that advertised it.
      ...(e.conflate ? { asklessReact: { conflate: true } } : {}),
    })),
  };
}
