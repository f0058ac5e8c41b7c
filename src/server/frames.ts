/**
 * Builders for every server→client message, with 2.0.3's field order (askless-protocol.md §1.6).
 * `undefined` members vanish on serialisation, exactly as in the original.
 */
import type {
  ConnectionConfiguration,
  NewDataForListener,
  ResponseMessage,
  ServerConfirmReceipt,
  StopListening,
  WireError,
} from '../core/protocol/wire.js';
import { pushServerId, responseServerId, stopServerId } from './ids.js';

/**
 * ServerConfirmReceipt for `clientRequestId` (never queued, never confirmed).
 * @example
 * confirmFrame('REQ-_1'); // { clientRequestId: 'REQ-_1', output: 'RECEIVED', ... }
 */
export function confirmFrame(clientRequestId: string): ServerConfirmReceipt {
  return {
    clientRequestId,
    output: 'RECEIVED',
    dataType: 'ServerConfirmReceiptCli',
    _class_type_response: '_',
    serverId: responseServerId(),
    _class_type_serverconfirmreceipt: '_',
  };
}

/**
 * Which response flavour to build.
 * @example
 * responseFrame({ clientRequestId, kind: 'authenticate', output: {} });
 */
export type ResponseKind = 'generic' | 'configure' | 'authenticate';

/**
 * The body of a response, without its `serverId` (replayed answers get a fresh one).
 * @example
 * const body: ResponseBody = { clientRequestId: 'REQ-_1', output: 42 };
 */
export interface ResponseBody {
  clientRequestId: string;
  output?: unknown;
  error?: WireError;
  /** Which response class; default `generic` (an AsklessResponse). */
  kind?: ResponseKind;
}

/**
 * A Response for `body`, with a fresh `serverId`. Errors carry `output: null` like 2.0.3.
 * @example
 * responseFrame({ clientRequestId: 'REQ-_1', output: [1, 2] });
 */
export function responseFrame(body: ResponseBody): ResponseMessage {
  const frame: ResponseMessage = {
    clientRequestId: body.clientRequestId,
    output: body.error ? null : body.output,
    dataType: (body.kind ?? 'generic') === 'generic' ? 'AsklessResponse' : 'ConfigureConnectionResponse',
    _class_type_response: '_',
    serverId: responseServerId(),
  };
  if (body.error) {
    // Keep `error` before `dataType` as 2.0.3 does (cosmetic, but transcripts diff cleanly).
    const { clientRequestId, output, ...rest } = frame;
    return body.kind === 'authenticate'
      ? { clientRequestId, output: body.output ?? null, error: body.error, ...rest, _class_type_authenticateresponse: '_' }
      : { clientRequestId, output, error: body.error, ...rest };
  }
  if (body.kind === 'configure') frame._class_type_configureconnection = '_';
  if (body.kind === 'authenticate') frame._class_type_authenticateresponse = '_';
  return frame;
}

/**
 * An error Response (`output: null`, `error: {code, description}`).
 * @example
 * conn.sendQueued(errorFrame('REQ-_1', 'BAD_REQUEST', 'route must be a string'));
 */
export function errorFrame(clientRequestId: string, code: string, description: string): ResponseMessage {
  return responseFrame({ clientRequestId, error: { code, description } });
}

/**
 * The ConfigureConnection response body for `configuration`.
 * @example
 * configureBody('REQ-_1', configuration);
 */
export function configureBody(clientRequestId: string, configuration: ConnectionConfiguration): ResponseBody {
  return { clientRequestId, output: { connectionConfiguration: configuration }, kind: 'configure' };
}

/**
 * A NewDataForListener push for `listenId`, as an object (routes push through push-text.ts,
 * which builds the same text without this object).
 * @example
 * pushFrame('LIS-1', [{ id: 1 }]);
 */
export function pushFrame(listenId: string, output: unknown): NewDataForListener {
  return {
    output,
    listenId,
    _class_type_newDataForListener: '_',
    dataType: 'NewDataForListener',
    serverId: pushServerId(listenId),
  };
}

/**
 * A StopListening for `listenId` (sent once, never queued).
 * @example
 * stopFrame('LIS-1');
 */
export function stopFrame(listenId: string): StopListening {
  return {
    listenId,
    _class_type_stoplistening: '_',
    dataType: 'StopListening',
    serverId: stopServerId(listenId),
  };
}
