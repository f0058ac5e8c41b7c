import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AsklessClient } from '../../src/core/index.js';
import { RequestIdBudget } from '../../src/core/internal/request-id-budget.js';
import { FakeSocketFactory } from './support/fake-socket.js';
import { RESUME, confirmFrame, handshake, lastSent, responseFrame } from './support/script.js';

const READ = '_class_type_read';
const MODIFY = '_class_type_modify';

let factory: FakeSocketFactory;
let client: AsklessClient<number>;

beforeEach(() => {
  vi.useFakeTimers();
  factory = new FakeSocketFactory();
  client = new AsklessClient<number>({ serverUrl: 'ws://127.0.0.1:1', WebSocket: factory.WebSocket });
  client.start();
});
afterEach(() => {
  client.close();
  vi.useRealTimers();
});

/** Read and answer at once, `n` times. */
function answeredReads(n: number): void {
  for (let i = 0; i < n; i++) {
    void client.read({ route: 'products' });
    factory.last.deliver(responseFrame(lastSent(factory.last, READ).clientRequestId as string, []));
  }
}

/** Let `ms` pass on a healthy link. */
function idle(ms: number): void {
  for (let t = 0; t < ms; t += 5000) {
    vi.advanceTimersByTime(5000);
    factory.last.deliver('pong');
  }
}

describe('request-id budget against a plain 2.0.3 server (Q2 freeze)', () => {
  it('moves to a fresh connection before a new id could freeze the server', () => {
    const firstId = handshake(factory.last);
    answeredReads(5);
    idle(9 * 60_000);
    answeredReads(85);
    expect(factory.last.sentWith(READ)).toHaveLength(90);
    const pending = client.read({ route: 'products' });
    expect(factory.sockets[0]?.sentWith(READ)).toHaveLength(90); // the 91st id never reached it
    return Promise.resolve().then(async () => {
      expect(factory.sockets).toHaveLength(2);
      expect(factory.sockets[0]?.closedByClient).toBe(true);
      const secondId = handshake(factory.last);
      expect(secondId).not.toBe(firstId);
      const read = lastSent(factory.last, READ);
      factory.last.deliver(responseFrame(read.clientRequestId as string, ['ok']));
      await expect(pending).resolves.toEqual({ success: true, output: ['ok'] });
    });
  });

  it('waits for an unanswered write before moving, so no outcome is lost', async () => {
    handshake(factory.last);
    answeredReads(5);
    idle(9 * 60_000);
    answeredReads(84);
    const write = client.create({ route: 'product', body: { name: 'x' } });
    const writeId = lastSent(factory.last, MODIFY).clientRequestId as string;
    factory.last.deliver(confirmFrame(writeId));
    void client.read({ route: 'products' });
    await Promise.resolve();
    expect(factory.sockets).toHaveLength(1);
    factory.last.deliver(responseFrame(writeId, { id: 3 }));
    await expect(write).resolves.toMatchObject({ success: true });
    await Promise.resolve();
    expect(factory.sockets).toHaveLength(2);
  });

  it('never moves when the server advertises the resume extension (it has no such bug)', async () => {
    handshake(factory.last, { asklessReact: RESUME });
    answeredReads(5);
    idle(9 * 60_000);
    answeredReads(120);
    await Promise.resolve();
    expect(factory.sockets).toHaveLength(1);
    expect(factory.last.sentWith(READ)).toHaveLength(125);
  });
});

describe('RequestIdBudget', () => {
  it('counts each id once and flags only a new id past both thresholds', () => {
    const budget = new RequestIdBudget();
    for (let i = 0; i < 5; i++) budget.record(`old-${i}`, 0);
    for (let i = 0; i < 85; i++) budget.record(`new-${i}`, 500_000);
    budget.record('new-0', 500_000);
    expect(budget.size).toBe(90);
    expect(budget.wouldRisk('next', 9 * 60_000 - 1)).toBe(false);
    expect(budget.wouldRisk('next', 9 * 60_000)).toBe(true);
    expect(budget.wouldRisk('new-3', 9 * 60_000)).toBe(false); // a resend adds nothing server-side
  });
});
