// Push frames built once per output (issue 20): the text spliced from a prepared output must be
// byte for byte what JSON.stringify of the 2.0.3 frame gives, since Flutter and 2.0.3-era clients
// parse it, and one notifyChanges must serialise a shared entity once for all its listeners.
import WebSocket from 'ws';
import { AsklessServer } from '../../src/server/index.js';
import { PushBodies, outputJson, pushIdParts, pushTextFor } from '../../src/server/push-text.js';

/** The 2.0.3 NewDataForListener, field order included (askless-protocol.md §1.6.5). */
const frame203 = (listenId: string, output: unknown, serverId: string) =>
  JSON.stringify({ output, listenId, _class_type_newDataForListener: '_', dataType: 'NewDataForListener', serverId });

describe('push frames built as text', () => {
  const outputs: unknown[] = [
    42, 0, -1.5, 'text with "quotes", \\ and ünïcødé \u2028', true, null, undefined, [], {}, [1, { a: [null, 'x'] }],
    { nested: { deep: [1, 2, 3] }, skipped: undefined, fn: () => 1 }, new Date(0), () => 'a function',
    { toJSON: (key: string) => `toJSON saw "${key}"` },
  ];

  it.each(outputs.map((o, i) => [i, o]))('matches JSON.stringify of the 2.0.3 frame (output #%i)', (_i, output) => {
    // Ids spliced from the stream's prepared parts: quotes, a backslash, U+2028, a lone
    // surrogate and an empty listenId must come out escaped exactly as JSON.stringify does.
    for (const listenId of ['LIS-qKxP2ve7tG1vehiVH5cy8ZvYOW0N', 'LIS-"odd"\\id', 'LIS-ünï\u2028\ud800x', '']) {
      expect(pushTextFor(outputJson(output), pushIdParts(listenId), 'abc1')).toBe(frame203(listenId, output, `NEW-abc1-${listenId}`));
    }
  });

  it('throws for an output JSON cannot represent, as the whole frame would', () => {
    expect(() => outputJson({ n: 1n })).toThrow(TypeError);
  });

  it('serialises each distinct entity once per PushBodies', () => {
    const bodies = new PushBodies();
    const shared = { v: 1 };
    let calls = 0;
    const toOutput = (e: unknown) => () => {
      calls += 1;
      return e;
    };
    for (let i = 0; i < 5; i += 1) expect(bodies.get(shared, toOutput(shared))).toBe('{"v":1}');
    expect(bodies.get(7, toOutput(7))).toBe('7');
    expect(bodies.get(7, toOutput(7))).toBe('7');
    expect(bodies.get(undefined, toOutput(undefined))).toBeUndefined();
    expect(bodies.get(undefined, toOutput(undefined))).toBeUndefined();
    expect(calls).toBe(3);
  });
});

describe('notifyChanges to many listeners over real sockets', () => {
  let server: AsklessServer;
  const sockets: WebSocket[] = [];

  afterEach(async () => {
    for (const s of sockets.splice(0)) s.terminate();
    await server?.stop();
  });

  it('runs toOutput once per distinct entity and delivers 2.0.3-exact frames to every listener', async () => {
    server = new AsklessServer();
    server.init({ wsOptions: { host: '127.0.0.1', port: 0 } });
    let toOutputCalls = 0;
    const value = { n: 0 };
    const route = server.addRoute.forAllUsers.read({
      route: 'shared',
      handleRead: (ctx) => ctx.successCallback(value),
      toOutput: (entity) => {
        toOutputCalls += 1;
        return { n: entity.n, doubled: entity.n * 2 };
      },
    });
    await server.start();
    const n = 20;
    const pushes: string[][] = [];
    await Promise.all(
      Array.from({ length: n }, (_, i) =>
        new Promise<void>((resolve, reject) => {
          const socket = new WebSocket(`ws://127.0.0.1:${server.port}`);
          sockets.push(socket);
          pushes[i] = [];
          socket.on('error', reject);
          socket.on('message', (data) => {
            const text = data.toString();
            if (text === 'welcome') {
              socket.send(JSON.stringify({ clientRequestId: `REQ-_c${i}`, requestType: 'CONFIGURE_CONNECTION', _class_type_configureconnectionrequest: '_', clientIdInternalApp: `client${i}`, clientType: 'flutter' }));
              return;
            }
            const frame = JSON.parse(text);
            if (frame._class_type_configureconnection != null) {
              socket.send(JSON.stringify({ _class_type_listen: '_', clientRequestId: `LIS-_l${i}`, requestType: 'LISTEN', route: 'shared', params: null, listenId: `LIS-${i}` }));
            } else if (frame._class_type_newDataForListener != null) {
              pushes[i]!.push(text);
              if (pushes[i]!.length === 1) resolve();
            }
          });
        }),
      ),
    );
    toOutputCalls = 0;
    value.n = 5;
    await route.notifyChanges();
    await vi.waitFor(() => expect(pushes.every((p) => p.length === 2)).toBe(true));
    expect(toOutputCalls).toBe(1);
    pushes.forEach((p, i) => {
      const frame = JSON.parse(p[1]!);
      expect(frame.serverId).toMatch(new RegExp(`^NEW-[A-Za-z0-9]+-LIS-${i}$`));
      expect(p[1]).toBe(frame203(`LIS-${i}`, { n: 5, doubled: 10 }, frame.serverId));
    });
    expect(new Set(pushes.map((p) => JSON.parse(p[1]!).serverId)).size).toBe(n);
  });
});
