/**
 * Three real server processes and a real redis-server behave as one Askless server: streams,
 * messages, client identity and writes at most once, observed on the wire (WireClient).
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AsklessServer } from '../../src/server/index.js';
import { startChildServer, type ChildServer } from '../reliability/support/child-server.js';
import { WireClient, alnum } from '../support/wire-client.js';
import { freePort, startRedis, type RedisProcess } from './support/redis-server.js';

const ENTRY = new URL('./support/cluster-child-entry.ts', import.meta.url).pathname;
const PREFIX = 'streams';

let redis: RedisProcess;
let data: Redis;
let a: ChildServer;
let b: ChildServer;
let c: ChildServer;
const clients: WireClient[] = [];

const url = (p: ChildServer): string => `ws://127.0.0.1:${p.port}`;
async function connect(p: ChildServer, token?: number, clientId?: string): Promise<WireClient> {
  const client = await WireClient.connect(url(p), clientId);
  clients.push(client);
  await client.configure();
  if (token !== undefined) await client.authenticate({ accessToken: `token-${token}` });
  return client;
}
const ids = (frame: Record<string, any>): number[] => (frame['output'] as { id: number }[]).map((e) => e.id);

beforeAll(async () => {
  redis = await startRedis();
  data = new Redis(redis.url);
  const started = await Promise.all([0, 1, 2].map(() => startChildServer({ entry: ENTRY, redisUrl: redis.url, prefix: PREFIX })));
  [a, b, c] = started as [ChildServer, ChildServer, ChildServer];
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await Promise.all([a, b, c].map((p) => p?.kill('SIGTERM')));
  data?.disconnect();
  await redis?.stop();
});

describe('streams across processes', () => {
  it('a create on A reaches listeners on B and C with their own params and where, and no one else', async () => {
    const onB = await connect(b);
    const onC = await connect(c);
    const onA = await connect(a);
    const topicA = await onB.listen('events', { topic: 'a' });
    const topicB = await onC.listen('events', { topic: 'b' });
    const all = await onA.listen('events', null);
    const last = await onB.listen('last-event', null);
    for (const [client, s] of [[onB, topicA], [onC, topicB], [onA, all], [onB, last]] as const) await client.push(s.listenId);

    const writer = await connect(a);
    const created = await writer.modify('CREATE', 'event', { topic: 'a', text: 'first', key: 'k-a' });
    const id = (created['output'] as { id: number }).id;
    expect(ids(await onB.push(topicA.listenId))).toEqual([id]);
    expect(ids(await onA.push(all.listenId))).toEqual([id]);
    // handleReadOverride ran on A for B's listener and its entity travelled.
    expect((await onB.push(last.listenId))['output']).toMatchObject({ id, text: 'first' });

    const second = await writer.modify('CREATE', 'event', { topic: 'b', text: 'second', key: 'k-b' });
    const secondId = (second['output'] as { id: number }).id;
    // The topic-b listener's next push is the one for "second": "first" did not reach it.
    expect(ids(await onC.push(topicB.listenId))).toEqual([secondId]);
    expect(ids(await onA.push(all.listenId))).toEqual([id, secondId]);
    expect(onB.unconsumed().filter((f) => typeof f === 'object' && f['listenId'] === topicA.listenId)).toEqual([]);
  });

  it('a message from a user on A reaches its recipient on B, and not a user listening on C', async () => {
    const recipient = await connect(b, 1);
    const bystander = await connect(c, 3);
    const sender = await connect(a, 2);
    const inbox = await recipient.listen('my-messages', null);
    const other = await bystander.listen('my-messages', null);
    expect((await recipient.push(inbox.listenId))['output']).toEqual([]);
    await bystander.push(other.listenId);

    const sent = await sender.modify('CREATE', 'message', { to: 1, text: 'hello from A' });
    expect(sent['error']).toBeUndefined();
    expect((await recipient.push(inbox.listenId))['output']).toEqual([expect.objectContaining({ from: 2, to: 1, text: 'hello from A' })]);
    // A second message to user 3 proves the bystander's first push is this one, not the first.
    await sender.modify('CREATE', 'message', { to: 3, text: 'now you' });
    expect((await bystander.push(other.listenId))['output']).toEqual([expect.objectContaining({ to: 3, text: 'now you' })]);
  });
});

describe('client identity and writes across processes', () => {
  it('the same client id configured on B closes its older socket on A', async () => {
    const clientId = alnum(28);
    const older = await connect(a, undefined, clientId);
    await older.listen('events', { topic: 'identity' });
    const newer = await connect(b, undefined, clientId);
    expect(await older.closed).toBe(4011);
    // The newer socket is untouched and works.
    expect((await newer.read('events', { topic: 'identity' }))['output']).toEqual([]);
  });

  it('a write resent to another process is answered from the shared record, never run twice', async () => {
    const clientRequestId = `REQ-_${alnum(28)}`;
    const key = `once-${alnum(6)}`;
    const first = await connect(a);
    const original = await first.modify('CREATE', 'event', { topic: 'once', text: 'x', key }, null, clientRequestId);
    const again = await connect(c);
    const replayed = await again.modify('CREATE', 'event', { topic: 'once', text: 'x', key }, null, clientRequestId);
    expect(replayed['output']).toEqual(original['output']);
    expect(await data.hget(`${PREFIX}:app:tally`, key)).toBe('1');
    // The same id with another body is another request: it runs.
    const other = await again.modify('CREATE', 'event', { topic: 'once', text: 'y', key: `${key}-2` }, null, clientRequestId);
    expect(other['output']).toMatchObject({ text: 'y' });
  });
});

describe('start-up', () => {
  it('start() rejects with a clear error when Redis is unreachable, and does not listen', async () => {
    const port = await freePort();
    const server = new AsklessServer();
    server.init({ wsOptions: { port: 0 }, logger: () => undefined, cluster: { redisUrl: `redis://:secret-pass@127.0.0.1:${port}` } });
    const error = await server.start().then(() => undefined, (e: unknown) => e as Error);
    expect(error?.message).toMatch(new RegExp(`cluster: cannot reach Redis at redis://:\\*\\*\\*@127\\.0\\.0\\.1:${port}`));
    expect(error?.message).not.toContain('secret-pass');
    expect(server.port).toBe(0);
    await server.stop();
  });
});
