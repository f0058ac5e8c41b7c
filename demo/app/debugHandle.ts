import { useEffect } from 'react';
import { useAskless } from '../../src/index.js';
import { frameForDisplay } from '../../src/devtools.js';

/**
 * In development only (Vite's dev server, which the e2e tests use): the page's client as
 * `window.__asklessDemoClient` and its last 40 frames, credentials redacted, as
 * `window.__asklessDemoFrames`, so a failing test can print `inspect()` (streams, pending
 * requests) and the traffic. A production build leaves nothing on `window`.
 * @example
 * useDemoDebugHandle();
 */
export function useDemoDebugHandle(): void {
  const client = useAskless();
  useEffect(() => {
    if (!import.meta.env.DEV) return;
    const page = window as { __asklessDemoClient?: unknown; __asklessDemoFrames?: unknown[] };
    const frames: unknown[] = [];
    const untap = client.tapFrames((tapped) => {
      // Credentials redacted, as the devtools show frames: a failing test prints these.
      frames.push({ ...tapped, frame: frameForDisplay(tapped.frame) });
      if (frames.length > 40) frames.shift();
    });
    page.__asklessDemoClient = client;
    page.__asklessDemoFrames = frames;
    return () => {
      untap();
      if (page.__asklessDemoClient === client) {
        delete page.__asklessDemoClient;
        delete page.__asklessDemoFrames;
      }
    };
  }, [client]);
}
