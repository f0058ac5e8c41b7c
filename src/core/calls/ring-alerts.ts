/**
 * Alerts for a call ringing while the tab is hidden (issue 15, "Ringing"): the document title and,
 * if the app already holds the permission, a system notification. Off unless the app sets
 * `calls.ringAlerts`. askless-react never calls `Notification.requestPermission()`: asking is the
 * app's decision, made in response to a user gesture.
 */
import type { Call, RingAlertOptions } from './manager-types.js';

/** What the alerts need of a page (the real `document` and `Notification` by default; tests pass fakes). */
export interface RingAlertPlatform {
  readonly document?: Pick<Document, 'hidden' | 'title' | 'addEventListener' | 'removeEventListener'> | undefined;
  readonly Notification?: NotificationLike | undefined;
  /** Brings the tab forward when the notification is clicked. */
  focus?(): void;
}

/** The part of the Notification API used here. */
export interface NotificationLike {
  readonly permission: string;
  new (title: string, options?: { body?: string; tag?: string; requireInteraction?: boolean }): { close(): void; onclick: (() => void) | null };
}

/** A caller name comes off the wire: a title holds a short line of it, never more. */
const MAX_NAME_CHARS = 80;

const defaultText = (call: Call): string => {
  const name = call.additionalData?.callerName;
  const shown = typeof name === 'string' && name.trim() !== '' ? name.trim() : String(call.remoteUserId);
  return `Incoming call from ${shown.length > MAX_NAME_CHARS ? `${shown.slice(0, MAX_NAME_CHARS)}…` : shown}`;
};

const pagePlatform = (): RingAlertPlatform => ({
  document: globalThis.document,
  Notification: (globalThis as { Notification?: NotificationLike }).Notification,
  focus: () => (globalThis as { focus?: () => void }).focus?.(),
});

/**
 * Shows and clears the alerts as calls start and stop ringing.
 * @example
 * const alerts = new RingAlerts({ title: true, notification: true });
 * alerts.ring(call); // the tab is hidden: title and notification
 * alerts.stop(call); // answered elsewhere, declined, missed: both cleared
 */
export class RingAlerts {
  private readonly ringing = new Map<string, Call>();
  private readonly notifications = new Map<string, { close(): void }>();
  /** The title we replaced, and the one we put there (an app's later title is left alone). */
  private savedTitle: { original: string; ours: string } | undefined;
  private watching = false;
  private readonly onVisibility = (): void => this.refresh();

  constructor(
    private readonly options: RingAlertOptions,
    private readonly platform: () => RingAlertPlatform = pagePlatform,
  ) {}

  /** `call` rings (again, with newer data). */
  ring(call: Call): void {
    this.ringing.set(call.id, call);
    this.watch();
    this.refresh();
  }

  /** `call` stopped ringing. */
  stop(call: Call): void {
    if (!this.ringing.delete(call.id)) return;
    this.notifications.get(call.id)?.close();
    this.notifications.delete(call.id);
    this.refresh();
  }

  /** Clear every alert and stop watching visibility. */
  dispose(): void {
    this.ringing.clear();
    this.refresh();
  }

  private watch(): void {
    if (this.watching) return;
    const doc = this.platform().document;
    if (!doc) return;
    doc.addEventListener('visibilitychange', this.onVisibility);
    this.watching = true;
  }

  private unwatch(): void {
    if (!this.watching) return;
    this.platform().document?.removeEventListener('visibilitychange', this.onVisibility);
    this.watching = false;
  }

  /** Make the alerts match "hidden and ringing". */
  private refresh(): void {
    const { document: doc, Notification: Notify, focus } = this.platform();
    const alerting = doc?.hidden === true && this.ringing.size > 0;
    const text = this.options.text ?? defaultText;
    // Title: the oldest ringing call.
    if (doc && this.options.title !== false) {
      if (alerting) {
        const ours = text([...this.ringing.values()][0]!);
        if (doc.title !== ours) {
          // A title the app set while we showed ours is the one to restore.
          const original = this.savedTitle && doc.title === this.savedTitle.ours ? this.savedTitle.original : doc.title;
          this.savedTitle = { original, ours };
          doc.title = ours;
        }
      } else if (this.savedTitle) {
        if (doc.title === this.savedTitle.ours) doc.title = this.savedTitle.original;
        this.savedTitle = undefined;
      }
    }
    // Notifications: one per ringing call, only with a permission the app obtained.
    if (alerting && this.options.notification === true && Notify?.permission === 'granted') {
      for (const [id, call] of this.ringing) {
        if (this.notifications.has(id)) continue;
        try {
          const shown = new Notify(text(call), { body: this.options.notificationBody, tag: `askless-call-${id}`, requireInteraction: true });
          shown.onclick = () => {
            focus?.();
            shown.close();
          };
          this.notifications.set(id, shown);
        } catch {
          // Some browsers allow notifications only from a service worker: the title still works.
        }
      }
    } else if (!alerting) {
      for (const shown of this.notifications.values()) shown.close();
      this.notifications.clear();
    }
    if (this.ringing.size === 0) this.unwatch();
  }
}
