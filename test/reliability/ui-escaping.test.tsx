/**
 * Issue 8 §5 (UI): text a remote user controls is rendered as text. A hostile caller sends a
 * call request over the real wire whose `additionalData` carries HTML; the callee's real client
 * and provider show it in IncomingCallDialog, and VideoTile shows such a name as its label.
 * Nothing of it may become markup, attributes, or run.
 */
import { StrictMode } from 'react';
import { cleanup, render, screen } from '@testing-library/react';
import WebSocket from 'ws';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AsklessProvider } from '../../src/components/AsklessProvider.js';
import { IncomingCallDialog } from '../../src/components/IncomingCallDialog.js';
import { VideoTile } from '../../src/components/VideoTile.js';
import { AsklessClient } from '../../src/core/index.js';
import type { WebSocketConstructor } from '../../src/core/types.js';
import { startReferenceServer, type ReferenceServer } from '../support/reference-app.js';
import { callAsProbe, connectProbe } from './support/probe-client.js';

const PAYLOADS = [
  '<img src=x onerror="window.__pwned=1">',
  '<script>window.__pwned=2</script>',
  '"><svg onload="window.__pwned=3">',
  '<a href="javascript:window.__pwned=4">click</a>',
  '{{constructor.constructor("window.__pwned=5")()}}',
];

/** The document holds no element or attribute that a payload could have created. */
function expectNoInjectedMarkup(root: ParentNode): void {
  // VideoTile's own microphone-off icon is an inline <svg> (static markup, no user text in it).
  const svg = 'svg:not([data-part="muted-indicator"] > svg)';
  expect(root.querySelectorAll(`img, script, ${svg}, iframe, object, embed, a[href^="javascript"]`).length).toBe(0);
  for (const el of Array.from(root.querySelectorAll('*'))) {
    for (const attr of Array.from(el.attributes)) expect(attr.name.startsWith('on'), `${el.tagName} has ${attr.name}`).toBe(false);
  }
  expect((window as { __pwned?: unknown }).__pwned).toBeUndefined();
}

let app: ReferenceServer | undefined;
const clients: AsklessClient<number>[] = [];
afterEach(async () => {
  cleanup();
  for (const c of clients.splice(0)) c.close();
  await app?.stop();
  app = undefined;
});

describe('user-controlled text in call UI', () => {
  it.each(PAYLOADS)('IncomingCallDialog shows a caller name sent over the wire as text: %s', async (payload) => {
    app = await startReferenceServer();
    const callee = new AsklessClient<number>({ serverUrl: app.url, WebSocket: WebSocket as unknown as WebSocketConstructor });
    clients.push(callee);
    render(
      <StrictMode>
        <AsklessProvider client={callee}>
          <IncomingCallDialog />
        </AsklessProvider>
      </StrictMode>,
    );
    await vi.waitFor(() => expect(callee.connection.status).toBe('connected'));
    expect((await callee.authenticate({ credential: { accessToken: 'token-2' } })).success).toBe(true);

    const caller = await connectProbe(app.url);
    try {
      // The dialog listens for calls only while mounted: callAsProbe waits for its stream.
      const sent = await callAsProbe(caller, app.server, 'token-1', 2, { callerName: payload, note: payload });
      expect(sent.error ?? undefined).toBeUndefined();
      const dialog = await screen.findByRole('alertdialog', {}, { timeout: 5_000 });
      expect(dialog.textContent).toContain(`${payload} is calling`);
      expectNoInjectedMarkup(document.body);
    } finally {
      await caller.close();
    }
  });

  it.each(PAYLOADS)('VideoTile renders a hostile label as text, in its placeholder and aria-label too: %s', (payload) => {
    const { container } = render(
      <StrictMode>
        <VideoTile stream={undefined} label={payload} />
      </StrictMode>,
    );
    expect(container.textContent).toContain(payload);
    expect(container.querySelector('[aria-label]')?.getAttribute('aria-label')).toBe(payload);
    expectNoInjectedMarkup(container);
  });
});
