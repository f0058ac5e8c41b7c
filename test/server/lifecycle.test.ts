/**
 * Start/stop: 127.0.0.1 by default, port 0 allowed, `stop()` closes every socket and timer and
 * releases the port, and is idempotent.
 */
import { describe, expect, it } from 'vitest';
import { AsklessServer } from '../../src/server/index.js';
import { WireClient } from '../support/wire-client.js';

const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

describe('server lifecycle', () => {
  it('binds 127.0.0.1 by default and releases everything on stop()', async () => {
    const baseline = timers();
    const server = new AsklessServer();
    server.init({ wsOptions: { port: 0 }, logger: () => undefined });
    const stops: string[] = [];
    server.addRoute.forAllUsers.read({ route: 'r', handleRead: (ctx) => ctx.successCallback(1), onClientStopsListening: (ctx) => stops.push(ctx.reason ?? '') });
    await server.start();
    expect(server.localUrl).toBe(`ws://127.0.0.1:${server.port}`);
    // Its three periodic tasks (resend, idle cut-off, record cleanup) are running.
    expect(timers() - baseline).toBeGreaterThanOrEqual(3);
    const c = await WireClient.connect(server.localUrl);
    await c.configure();
    const l = await c.listen('r');
    await c.push(l.listenId);
    const port = server.port;
    const beforeStop = timers();
    await server.stop();
    expect(await c.closed).toBe(1006);
    expect(stops).toEqual(['shutdown']);
    expect(server.connectionCount).toBe(0);
    expect(server.listenerCount()).toBe(0);
    expect(beforeStop - timers()).toBeGreaterThanOrEqual(3);
    await server.stop(); // idempotent
    // The port is free again.
    const again = new AsklessServer();
    again.init({ wsOptions: { port }, logger: () => undefined });
    await again.start();
    expect(again.port).toBe(port);
    await again.stop();
  });

  it('rejects start() when the port is taken, and init() twice', async () => {
    const first = new AsklessServer();
    first.init({ wsOptions: { port: 0 }, logger: () => undefined });
    await first.start();
    const second = new AsklessServer();
    second.init({ wsOptions: { port: first.port }, logger: () => undefined });
    await expect(second.start()).rejects.toThrow(/EADDRINUSE/);
    expect(() => first.init({})).toThrow(/only once/);
    // Once the port is free, the server that failed to bind can start after all.
    await first.stop();
    await second.start();
    expect(second.port).toBeGreaterThan(0);
    await second.stop();
  });
});
