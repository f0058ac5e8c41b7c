/**
 * Issue 15 §10: alerts while a call rings in a hidden tab (title, notification), off by default,
 * never asking for the notification permission. Driven through the CallManager over the fake
 * transport, with a fake document and Notification (the page's real ones do not exist in Node).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CallService } from '../../src/core/calls/call-service.js';
import { CallManagerEngine, type CallManagerEngineOptions } from '../../src/core/calls/manager.js';
import type { RingAlertPlatform } from '../../src/core/calls/ring-alerts.js';
import { FakeTransport, fakePeers } from './fakes.js';

const OFFER = { type: 'offer', sdp: 'v=0\r\noffer\r\n' };

/** A page: a document whose visibility the test flips, and a Notification class that records. */
function fakePage(permission = 'granted') {
  const listeners = new Set<() => void>();
  const shown: { title: string; options?: { body?: string; tag?: string }; closed: boolean; onclick: (() => void) | null }[] = [];
  let requested = 0;
  let focused = 0;
  const document = {
    hidden: false,
    title: 'Inbox',
    addEventListener: (type: string, l: () => void) => type === 'visibilitychange' && listeners.add(l),
    removeEventListener: (type: string, l: () => void) => type === 'visibilitychange' && listeners.delete(l),
  };
  class Notification {
    static permission = permission;
    static requestPermission() {
      requested++;
      return Promise.resolve('granted');
    }
    closed = false;
    onclick: (() => void) | null = null;
    constructor(
      readonly title: string,
      readonly options?: { body?: string; tag?: string },
    ) {
      shown.push(this);
    }
    close() {
      this.closed = true;
    }
  }
  const setHidden = (hidden: boolean) => {
    document.hidden = hidden;
    for (const l of [...listeners]) l();
  };
  const platform = (): RingAlertPlatform => ({ document: document as never, Notification: Notification as never, focus: () => focused++ });
  return { document, shown, setHidden, platform, listeners, requested: () => requested, focused: () => focused };
}

let service: CallService | undefined;
let manager: CallManagerEngine | undefined;
let transport: FakeTransport;
afterEach(() => {
  service?.dispose();
  manager?.dispose();
});

function setUp(options: CallManagerEngineOptions): void {
  transport = new FakeTransport(2);
  service = new CallService({ transport, createPeer: fakePeers().factory });
  manager = new CallManagerEngine(service, { statsIntervalMs: 0, levelUpdatesPerSecond: 0, endedCallLingerMs: 100, ...options });
  manager.subscribe(() => undefined);
}
const ring = (from: number, additionalData: Record<string, unknown> = {}) =>
  transport.push('call/receive', { hasCallRequest: true, remoteUserId: from, sdp: OFFER, additionalData });
const cancel = (from: number) => transport.push('listen-for-a-call', { callClosed: true, callAccepted: false }, from);

describe('ring alerts in a hidden tab', () => {
  it('are off by default: a hidden tab keeps its title and shows no notification', () => {
    const page = fakePage();
    setUp({ ringAlertPlatform: page.platform });
    page.setHidden(true);
    ring(5, { callerName: 'Eve' });
    expect(manager!.getSnapshot().calls[0]!.state).toBe('incoming');
    expect(page.document.title).toBe('Inbox');
    expect(page.shown).toEqual([]);
    expect(page.listeners.size).toBe(0);
  });

  it('title: shown while hidden and ringing, restored when the ringing stops; never asks for permission', () => {
    const page = fakePage('default');
    setUp({ ringAlerts: { notification: true }, ringAlertPlatform: page.platform });
    page.setHidden(true);
    ring(5, { callerName: 'Eve' });
    expect(page.document.title).toBe('Incoming call from Eve');
    expect(page.shown).toEqual([]); // no permission: no notification, and none asked for
    expect(page.requested()).toBe(0);
    cancel(5);
    expect(page.document.title).toBe('Inbox');
    expect(page.listeners.size).toBe(0); // nothing left watching the page
  });

  it('a tab hidden during the ringing alerts then; shown again, the alerts clear while the call still rings', () => {
    const page = fakePage();
    setUp({ ringAlerts: { notification: true, notificationBody: 'Tap to answer' }, ringAlertPlatform: page.platform });
    ring(7);
    expect(page.document.title).toBe('Inbox'); // visible: the in-page UI rings
    page.setHidden(true);
    expect(page.document.title).toBe('Incoming call from 7');
    expect(page.shown).toMatchObject([{ title: 'Incoming call from 7', options: { body: 'Tap to answer', tag: expect.stringMatching(/^askless-call-/) }, closed: false }]);
    page.setHidden(false);
    expect(page.document.title).toBe('Inbox');
    expect(page.shown[0]!.closed).toBe(true);
    expect(manager!.getSnapshot().calls[0]!.state).toBe('incoming');
  });

  it('one notification per ringing call, each closed when its call stops; custom text; click focuses the tab', () => {
    const page = fakePage();
    setUp({ maxConcurrentCalls: 3, ringAlerts: { notification: true, title: false, text: (c) => `Call: ${String(c.remoteUserId)}` }, ringAlertPlatform: page.platform });
    page.setHidden(true);
    ring(5);
    ring(6);
    expect(page.shown.map((n) => n.title)).toEqual(['Call: 5', 'Call: 6']);
    expect(page.document.title).toBe('Inbox'); // title: false
    cancel(5);
    expect(page.shown.map((n) => n.closed)).toEqual([true, false]);
    page.shown[1]!.onclick!();
    expect(page.focused()).toBe(1);
    expect(page.shown[1]!.closed).toBe(true);
  });

  it('a long caller name is cut in the title; an app text that throws leaves the call ringing', () => {
    const page = fakePage();
    setUp({ ringAlerts: {}, ringAlertPlatform: page.platform });
    page.setHidden(true);
    ring(5, { callerName: 'x'.repeat(5_000) });
    expect(page.document.title).toBe(`Incoming call from ${'x'.repeat(80)}…`);
    service!.dispose();
    manager!.dispose();
    setUp({ ringAlerts: { text: () => { throw new Error('app bug'); } }, ringAlertPlatform: page.platform });
    ring(6);
    expect(manager!.getSnapshot().calls.map((c) => [c.remoteUserId, c.state])).toEqual([[6, 'incoming']]);
  });

  it('an app that changed the title meanwhile keeps its title; dispose clears everything', () => {
    const page = fakePage();
    setUp({ ringAlerts: { notification: true }, ringAlertPlatform: page.platform });
    page.setHidden(true);
    ring(5);
    page.document.title = '(3) Inbox';
    manager!.dispose();
    expect(page.document.title).toBe('(3) Inbox');
    expect(page.shown[0]!.closed).toBe(true);
    expect(page.listeners.size).toBe(0);
  });
});
