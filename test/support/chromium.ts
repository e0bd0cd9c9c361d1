// Debian's Chromium, driven through playwright-core, for the suites that need a browser.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export const NO_CHROMIUM = 'Chromium is not installed (apt-get install -y chromium)';

/** Debian's Chromium, or null when it is not installed. */
export function findChromium(): string | null {
  try {
    const found = execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim();
    return found && existsSync(found) ? found : null;
  } catch {
    return null;
  }
}

/** `timeoutMs`: how long the launch may take; playwright's own default when omitted. */
export function launchChromium(executablePath: string, timeoutMs?: number): Promise<Browser> {
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, ...(timeoutMs === undefined ? {} : { timeout: timeoutMs }) });
}
