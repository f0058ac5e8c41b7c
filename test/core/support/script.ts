/**
 * Server-side script helpers for unit tests: frames shaped like the 2.0.3 fixtures
 * (../shared/fixtures/askless-2.0.3), produced for whatever the client just sent.
 */
import type { FakeSocket } from './fake-socket.js';

let counter = 0;
const sid = (prefix: string) => `${prefix}-${(++counter).toString(36).padStart(11, '0')}`;

export const CONFIG = {
  intervalInMsServerSendSameMessage: 5000,
  intervalInMsClientSendSameMessage: 5000,
  intervalInMsClientPing: 1000,
  millisecondsToDisconnectClientAfterWithoutClientPing: 12000,
  reconnectClientAfterMillisecondsWithoutServerPong: 6000,
  waitForAuthenticationTimeoutInMs: 4000,
  requestTimeoutInMs: 7000,
  isFromServer: true,
  serverVersion: '2.0.3',
  clientVersionCodeSupported: { lessThanOrEqual: null, moreThanOrEqual: 4 },
};

export const RESUME = { version: 1, stableClientId: true, replayDuplicateRequests: true, replayWindowMs: 600000 };

export const confirmFrame = (clientRequestId: string) => ({
  clientRequestId,
  output: 'RECEIVED',
  dataType: 'ServerConfirmReceiptCli',
  _class_type_response: '_',
  serverId: sid('RES'),
  _class_type_serverconfirmreceipt: '_',
});

export const responseFrame = (clientRequestId: string, output: unknown, error?: { code?: string; description?: string }, serverId = sid('RES')) => ({
  clientRequestId,
  ...(output === undefined ? {} : { output }),
  ...(error ? { error } : {}),
  dataType: 'AsklessResponse',
  _class_type_response: '_',
  serverId,
});

export const pushFrame = (listenId: string, output: unknown, serverId = sid(`NEW-${listenId}`)) => ({
  output,
  listenId,
  _class_type_newDataForListener: '_',
  dataType: 'NewDataForListener',
  serverId,
});

export const stopFrame = (listenId: string) => ({
  listenId,
  _class_type_stoplistening: '_',
  dataType: 'StopListening',
  serverId: sid(`STOP-${listenId}`),
});

export const authResponseFrame = (clientRequestId: string, output: unknown, error?: { code: string; description: string }) => ({
  clientRequestId,
  output,
  ...(error ? { error } : {}),
  dataType: 'ConfigureConnectionResponse',
  _class_type_response: '_',
  serverId: sid('RES'),
  _class_type_authenticateresponse: '_',
});

/** The last frame the client sent with `marker`. */
export function lastSent(socket: FakeSocket, marker: string): Record<string, unknown> {
  const frames = socket.sentWith(marker);
  const f = frames[frames.length - 1];
  if (!f) throw new Error(`client sent no ${marker}`);
  return f;
}

/** Play the handshake of §2.1 on `socket`: open, welcome, answer CONFIGURE_CONNECTION. */
export function handshake(socket: FakeSocket, config: Record<string, unknown> = {}): string {
  socket.open();
  socket.deliver('welcome');
  const configure = lastSent(socket, '_class_type_configureconnectionrequest');
  const id = configure.clientRequestId as string;
  socket.deliver(confirmFrame(id));
  socket.deliver({
    clientRequestId: id,
    output: { connectionConfiguration: { ...CONFIG, ...config } },
    dataType: 'ConfigureConnectionResponse',
    _class_type_response: '_',
    serverId: sid('RES'),
    _class_type_configureconnection: '_',
  });
  return configure.clientIdInternalApp as string;
}

/** Frames other than pings and confirms (the "work" the client sent). */
export function work(socket: FakeSocket): Record<string, unknown>[] {
  return socket.sent.filter((f) => f._class_type_pingpong === undefined && f._class_type_clientconfirmreceipt === undefined);
}
