/**
 * `askless-react/server`: an Askless 2.0.3-compatible Node server (Node only).
 * @example
 * import { AsklessServer } from 'askless-react/server';
 * const server = new AsklessServer<number>();
 * server.init({ wsOptions: { port: 3000 } });
 * server.addRoute.forAllUsers.read({ route: 'hello', handleRead: (ctx) => ctx.successCallback('world') });
 * await server.start();
 */
export { AsklessServer, type RouteBuilders } from './server.js';
export { AsklessError, ServerErrorCode, ServerErrorCode as AsklessErrorCode } from '../core/errors.js';
export { ReadRoute, type ListenerHandle, type NotifyChangesOptions, type StopListeningOptions, type StreamRegistration } from './readRoute.js';
export type { InitOptions, TapEvent } from './options.js';
export { CloseCode, DEFAULT_LIMITS, type CloseReason, type ServerLimits } from './limits.js';
export type { ServerStats } from './stats.js';
export type { ServerLogger, LogLevel } from './logger.js';
export type {
  AcceptLogin,
  AuthenticateCallback,
  AuthenticatedUser,
  BaseContext,
  CreateRouteDefinition,
  DeleteRouteDefinition,
  Handler,
  HandlerError,
  ListenContext,
  Locals,
  ModifyContext,
  ModifyKind,
  ReadContext,
  ReadRouteDefinition,
  RejectLogin,
  ReplyCallbacks,
  RouteParams,
  StopReason,
  UpdateRouteDefinition,
} from './types.js';
export { registerGroupCallRoutes } from './group-calls/index.js';
export type { GroupCallRoutesHandle, GroupCallRoutesOptions } from './group-calls/index.js';
export { GroupCallErrorCode, GroupCallRoute } from '../core/group-calls/wire.js';
export type { GroupCallMember } from '../core/group-calls/wire.js';
export { registerFileRoutes, type FileRoutesHandle } from './files/index.js';
export { FsFileStore, defaultStoreDirectory, type FileStore } from './files/store.js';
export { FILE_ROUTE_DEFAULTS, type FileRoutesOptions } from './files/options.js';
export { FileErrorCode } from '../core/files/wire.js';
export type { RequestControls } from './request-controls.js';
export { typedServer } from './typed.js';
export type { TypedServer, TypedRouteBuilders, TypedReadContext, TypedModifyContext, TypedWriteDefinition } from './typed.js';
export type { AsklessRoutes, RouteSpec, OperationSpec } from '../core/routes.js';
