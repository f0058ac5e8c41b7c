/**
 * Per-client state must not outlive its sockets, whatever a client sends: a socket that
 * re-configures with many client ids (the fuzzer does this) must not leave one record per id
 * behind. Found by the server fuzz, whose heap stayed ~11 MiB above baseline with hundreds of
 * records left after every socket had closed.
 */
import WebSocket from 'ws';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../support/reference-app.js';

let app: ReferenceServer | undefined;
afterEach(async () => {
  await app?.stop();
  app = undefined;
});

/** Open a socket, send CONFIGURE_CONNECTION once per id, wait for every answer, close. */
async function configureMany(url: string, ids: string[]): Promise<void> {
  const ws = new WebSocket(url);
  const answered = new Set<string>();
  ws.on('message', (data) => {
    const text = String(data);
    if (!text.startsWith('{')) return;
    const frame = JSON.parse(text) as Record<string, unknown>;
    if (frame._class_type_configureconnection !== undefined) answered.add(String(frame.clientRequestId));
  });
  await new Promise<void>((resolve, reject) => ws.once('open', resolve).once('error', reject));
  ids.forEach((clientIdInternalApp, i) =>
    ws.send(JSON.stringify({ clientRequestId: `REQ-_cfg${i}`, requestType: 'CONFIGURE_CONNECTION', _class_type_configureconnectionrequest: '_', clientIdInternalApp, clientType: 'flutter' })),
  );
  await vi.waitFor(() => expect(answered.size).toBe(ids.length));
  await new Promise<void>((resolve) => {
    ws.once('close', () => resolve());
    ws.close();
  });
}

describe('client records', () => {
  it('deletes the record of a client id after its only socket closed', async () => {
    app = await startReferenceServer({ init: { clientRecordTtlAfterDisconnectMs: 200 } });
    await configureMany(app.url, ['onlyOne']);
    await vi.waitFor(() => expect(app!.server.clientRecordCount).toBe(0), { timeout: 5_000 });
  });

  it('deletes every record a socket left behind by re-configuring with other client ids', async () => {
    app = await startReferenceServer({ init: { clientRecordTtlAfterDisconnectMs: 200 } });
    await configureMany(app.url, Array.from({ length: 50 }, (_, i) => `reconfigured${i}`));
    expect(app.server.connectionCount).toBe(0);
    await vi.waitFor(() => expect(app!.server.clientRecordCount).toBe(0), { timeout: 5_000 });
  });
});
