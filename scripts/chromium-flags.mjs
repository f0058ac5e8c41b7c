/**
 * The one list of Chromium flags that work on this machine (TOOLCHAIN.md): Debian's chromium,
 * headless, no GPU, no background network (the closed network refuses it), and a fake
 * camera/microphone granted without a prompt. Used by the e2e launcher, the Storybook browser
 * tests, the screenshot script and the benchmarks.
 * @example
 * chromium.launchPersistentContext(dir, { executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
 */

/** Where Debian installs Chromium; override with `CHROMIUM_PATH`. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = Object.freeze([
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // getUserMedia is granted without a prompt and yields a moving test pattern with a beep.
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
]);
