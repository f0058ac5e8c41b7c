/**
 * The ICE-restart relay (issue 15): `askless-react/call/ice-restart` carries a new offer or
 * answer between the two parties of a live call, and only between them. An extension route, so
 * Askless 2.0.3 clients and Flutter never see it; on a 2.0.3 server it does not exist and
 * askless-react clients re-establish the call with a tagged request instead (core/calls/re-request.ts).
 * In a cluster the relay reaches
 * listeners of this process only (the two parties of a call are usually on one process).
 */
import { ServerErrorCode } from '../../core/errors.js';
import { decodeIceRestart, ICE_RESTART_ROUTE } from '../../core/calls/relay-wire.js';
import { sameUserId } from '../../core/calls/wire.js';
import type { AsklessServer } from '../server.js';

/**
 * Register the relay; `inLiveCall(a, b)` says whether users `a` and `b` have a live call now.
 * @example
 * registerIceRestartRelay(server, async (a, b) => !!(await store.liveBetween(a, b)));
 */
export function registerIceRestartRelay(
  server: AsklessServer<any>,
  inLiveCall: (a: unknown, b: unknown) => boolean | Promise<boolean>,
  enabled: () => boolean = () => true,
): void {
  const routes = server.addRoute.forAuthenticatedUsers;
  // `iceRestartRelay: false`: the answer 2.0.3 gives for a route it does not have.
  const absent = (op: string) => ({ code: ServerErrorCode.INVALID_ROUTE, description: `route not found: ${op} ${ICE_RESTART_ROUTE}` });
  const relay = routes.read({
    route: ICE_RESTART_ROUTE,
    // Nothing is stored: a description is only useful to the one listening now.
    handleRead: (ctx) => (enabled() ? ctx.successCallback({}) : ctx.errorCallback(absent('READ'))),
  });
  routes.create({
    route: ICE_RESTART_ROUTE,
    handleCreate: async (ctx) => {
      if (!enabled()) return ctx.errorCallback(absent('CREATE'));
      const message = decodeIceRestart(ctx.body);
      if (!message) return ctx.errorCallback({ code: ServerErrorCode.BAD_REQUEST, description: 'ice-restart: needs {remoteUserId, sdp {type, sdp}} (sdp ≤ 64 kB)' });
      if (sameUserId(message.remoteUserId, ctx.userId) || !(await inLiveCall(ctx.userId, message.remoteUserId))) {
        return ctx.errorCallback({ code: ServerErrorCode.PERMISSION_DENIED, description: 'ice-restart: only the two parties of a live call may relay to each other' });
      }
      let delivered = 0;
      for (const l of relay.listeners()) {
        if (!sameUserId(l.userId, message.remoteUserId)) continue;
        l.push({ remoteUserId: ctx.userId, sdp: message.sdp });
        delivered++;
      }
      ctx.successCallback({ delivered });
    },
  });
}
