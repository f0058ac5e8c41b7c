/**
 * Starts the reference app for hook tests with fast client pings and records every LISTEN the
 * server receives (through the server's `tap`).
 */
import { startReferenceServer, type ReferenceServer, type ReferenceServerOptions } from '../../support/reference-app.js';

export interface TappedServer extends ReferenceServer {
  /** Every inbound LISTEN frame, in order. */
  listens: Array<{ route: string; listenId: string }>;
}

/** Fast pings so that a released stream (omitted from the next ping) stops quickly. */
export const FAST_TIMERS = { intervalInMsClientPing: 100 } as const;

export async function startTappedServer(options: ReferenceServerOptions = {}): Promise<TappedServer> {
  const listens: TappedServer['listens'] = [];
  const app = await startReferenceServer({
    ...options,
    init: {
      ...FAST_TIMERS,
      ...options.init,
      tap: (event) => {
        const frame = event.frame as { requestType?: unknown; route?: unknown; listenId?: unknown } | string;
        if (event.direction === 'in' && typeof frame === 'object' && frame !== null && frame.requestType === 'LISTEN') {
          listens.push({ route: String(frame.route), listenId: String(frame.listenId) });
        }
        options.init?.tap?.(event);
      },
    },
  });
  return Object.assign(app, { listens });
}
