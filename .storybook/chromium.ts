import { CHROMIUM_ARGS } from '../scripts/chromium-flags.mjs';

/**
 * Flags for Debian's /usr/bin/chromium on this machine (see TOOLCHAIN.md): headless, no GPU, no
 * background network, fake camera/microphone granted without a prompt, media autoplay allowed.
 * Shared by the Storybook vitest project; the e2e launcher uses the same list.
 * @example
 * playwright({ launchOptions: { executablePath: '/usr/bin/chromium', args: chromiumArgs } })
 */
export const chromiumArgs: string[] = [...CHROMIUM_ARGS, '--autoplay-policy=no-user-gesture-required'];
