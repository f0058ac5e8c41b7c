/**
 * Debug logs carry a connection id and never credentials; the logger is injectable.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AsklessServer, type LogLevel } from '../../src/server/index.js';
import { WireClient } from '../support/wire-client.js';

let server: AsklessServer<string> | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe('logging', () => {
  it('logs with connection ids and never the credential, even with debugLogs', async () => {
    const SECRET = 'tok-9f8e7d6c5b4a-SECRET';
    const lines: Array<{ level: LogLevel; message: string; connectionId?: string }> = [];
    server = new AsklessServer<string>();
    server.init({
      wsOptions: { port: 0 },
      debugLogs: true,
      logger: (level, message, meta) => lines.push({ level, message, connectionId: meta?.connectionId }),
      authenticate: (credential, accept, reject) => {
        if ((credential as { accessToken?: string }).accessToken === SECRET) accept.asAuthenticatedUser({ userId: 'alice', locals: { token: SECRET } });
        else reject();
      },
    });
    server.addRoute.forAuthenticatedUsers.read({ route: 'me', handleRead: (ctx) => ctx.successCallback({ user: ctx.userId }) });
    await server.start();
    const c = await WireClient.connect(server.localUrl);
    await c.configure();
    expect((await c.authenticate({ accessToken: SECRET }))['output']).toEqual({ userId: 'alice', claims: [] });
    expect((await c.authenticate({ accessToken: `${SECRET}-wrong` }))['error']['code']).toBe('INVALID_CREDENTIAL');
    await c.read('me');
    await c.close();
    expect(lines.length).toBeGreaterThan(5);
    const all = JSON.stringify(lines);
    expect(all).not.toContain('SECRET');
    expect(all).not.toContain('accessToken');
    const aboutConnections = lines.filter((l) => /authenticat|configured|in: /.test(l.message));
    expect(aboutConnections.length).toBeGreaterThan(3);
    for (const l of aboutConnections) expect(l.connectionId).toMatch(/^c\d+$/);
  });

  it('is quiet without debugLogs, but still reports application errors', async () => {
    const lines: string[] = [];
    server = new AsklessServer<string>();
    server.init({ wsOptions: { port: 0 }, logger: (level, message) => lines.push(`${level}: ${message}`) });
    server.addRoute.forAllUsers.read({
      route: 'boom',
      handleRead: () => {
        throw new Error('kaboom');
      },
    });
    await server.start();
    const c = await WireClient.connect(server.localUrl);
    await c.configure();
    await c.read('boom');
    await c.close();
    expect(lines.filter((l) => l.startsWith('debug') || l.startsWith('info'))).toEqual([]);
    expect(lines.some((l) => l.startsWith('warn') && l.includes('kaboom'))).toBe(true);
  });
});
