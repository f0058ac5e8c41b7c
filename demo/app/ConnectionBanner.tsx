import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { ConnectionIndicatorView, useConnection } from '../../src/index.js';

/** What the banner says; one at a time, so it never contradicts itself. */
type BannerState = 'connecting' | 'online' | 'offline' | 'reconnecting' | 'back';

const TEXT: Record<BannerState, string> = {
  connecting: 'Connecting…',
  online: 'Connected',
  offline: 'You are offline. The demo reconnects when the network returns.',
  reconnecting: 'Connection lost. Reconnecting…',
  back: 'Back online',
};

/** How long "Back online" stays before the banner settles on "Connected". */
const BACK_MS = 4000;

function subscribeOnline(onChange: () => void): () => void {
  window.addEventListener('online', onChange);
  window.addEventListener('offline', onChange);
  return () => {
    window.removeEventListener('online', onChange);
    window.removeEventListener('offline', onChange);
  };
}

/**
 * The demo's one connection banner: the browser's network state and the client's connection
 * folded into one truthful sentence (offline, reconnecting, back online), announced politely.
 * The client retries on its own in every state, so no state offers a button that does nothing.
 * @example
 * <ConnectionBanner />
 */
export function ConnectionBanner() {
  const { status } = useConnection();
  const networkUp = useSyncExternalStore(subscribeOnline, () => navigator.onLine, () => true);
  const wasConnected = useRef(false);
  const [back, setBack] = useState(false);

  useEffect(() => {
    if (status !== 'connected') return;
    if (!wasConnected.current) {
      wasConnected.current = true;
      return;
    }
    // Connected again after a loss: say so for a moment.
    setBack(true);
    const timer = setTimeout(() => setBack(false), BACK_MS);
    return () => clearTimeout(timer);
  }, [status]);
  useEffect(() => {
    if (status !== 'connected') setBack(false);
  }, [status]);

  const state: BannerState =
    status === 'connected'
      ? back
        ? 'back'
        : 'online'
      : !networkUp
        ? 'offline'
        : wasConnected.current
          ? 'reconnecting'
          : 'connecting';
  const problem = state === 'offline' || state === 'reconnecting';
  return (
    <div className={problem ? 'connection-banner problem' : 'connection-banner'} data-banner={state}>
      <ConnectionIndicatorView status={state === 'offline' ? 'disconnected' : status}>{TEXT[state]}</ConnectionIndicatorView>
    </div>
  );
}
