/**
 * The fault proxy is the instrument of the fault-injection tests, so its four behaviours are
 * proved here first against a plain TCP echo server: pass, delay (order kept), blackhole (bytes
 * held, socket kept open, then delivered on resume) and cut (the client sees the close).
 */
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startFaultProxy, type FaultProxy } from './support/fault-proxy.js';

let echo: Server;
let proxy: FaultProxy;

beforeAll(async () => {
  echo = createServer((s) => s.pipe(s));
  await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
  proxy = await startFaultProxy((echo.address() as AddressInfo).port);
});
afterAll(async () => {
  await proxy.close();
  await new Promise<void>((r) => echo.close(() => r()));
});

function dial(): Promise<{ socket: Socket; text: () => string; closed: Promise<void> }> {
  return new Promise((resolve) => {
    let text = '';
    const socket = connect({ port: proxy.port, host: '127.0.0.1' }, () => resolve({ socket, text: () => text, closed }));
    socket.on('data', (d: Buffer) => (text += d.toString()));
    socket.on('error', () => {});
    const closed = new Promise<void>((r) => socket.once('close', () => r()));
  });
}

describe('fault proxy', () => {
  it('binds 127.0.0.1 only and forwards both ways', async () => {
    expect(proxy.url).toBe(`ws://127.0.0.1:${proxy.port}`);
    const { socket, text } = await dial();
    socket.write('hello');
    await vi.waitFor(() => expect(text()).toBe('hello'));
    socket.destroy();
  });

  it('keeps chunk order under delay', async () => {
    const { socket, text } = await dial();
    proxy.delay(30);
    for (let i = 0; i < 10; i++) socket.write(`${i},`);
    await vi.waitFor(() => expect(text()).toBe('0,1,2,3,4,5,6,7,8,9,'));
    proxy.resume();
    socket.destroy();
  });

  it('blackholes without closing, then delivers the held bytes on resume', async () => {
    const { socket, text, closed } = await dial();
    socket.write('a');
    await vi.waitFor(() => expect(text()).toBe('a'));
    proxy.blackhole();
    socket.write('b');
    let isClosed = false;
    void closed.then(() => (isClosed = true));
    // Prove the hold with an event rather than a sleep: a fresh round trip through a second,
    // unaffected path (the echo server directly) completes while the proxied byte is still held.
    const direct = connect({ port: (echo.address() as AddressInfo).port, host: '127.0.0.1' });
    let directText = '';
    direct.on('data', (d: Buffer) => (directText += d.toString()));
    direct.write('ping');
    await vi.waitFor(() => expect(directText).toBe('ping'));
    direct.destroy();
    expect(text()).toBe('a');
    expect(isClosed).toBe(false);
    proxy.resume();
    await vi.waitFor(() => expect(text()).toBe('ab'));
    socket.destroy();
  });

  it('cuts every open connection', async () => {
    const { closed } = await dial();
    await vi.waitFor(() => expect(proxy.openConnections()).toBeGreaterThan(0));
    const before = proxy.counts.cuts;
    proxy.cutAll();
    await closed;
    expect(proxy.counts.cuts).toBeGreaterThan(before);
  });
});
