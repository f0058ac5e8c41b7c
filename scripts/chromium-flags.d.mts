/** Where Debian installs Chromium; override with `CHROMIUM_PATH`. */
export declare const CHROMIUM_PATH: string;
/** Flags that work on this machine (TOOLCHAIN.md), fake media included. */
export declare const CHROMIUM_ARGS: readonly string[];
