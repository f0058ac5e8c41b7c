/**
 * Flags for Debian's /usr/bin/chromium on this machine (see TOOLCHAIN.md): headless, no GPU, no
 * background network, fake camera/microphone granted without a prompt, media autoplay allowed.
 * Shared by the Storybook vitest project; the e2e launcher uses the same list.
 * @example
 * playwright({ launchOptions: { executablePath: '/usr/bin/chromium', args: chromiumArgs } })
 */
export const chromiumArgs: string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
];
