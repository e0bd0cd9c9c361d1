// Debian's Chromium, driven through playwright-core, for the suites that need a browser.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

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

/**
 * Chromium with a profile of its own in `profileDir`, for pages whose frames come from other
 * origins and register service workers there, as VS Code for the Web's webviews do: a browser
 * context of playwright's own is incognito, where Chromium refuses a frame of another site its
 * service worker, so the profile is a regular one that allows them, as a learner's browser does.
 */
export function launchChromiumProfile(executablePath: string, profileDir: string, viewport: { width: number; height: number }, timeoutMs: number): Promise<BrowserContext> {
  mkdirSync(join(profileDir, 'Default'), { recursive: true });
  writeFileSync(join(profileDir, 'Default', 'Preferences'), JSON.stringify({ profile: { cookie_controls_mode: 0, block_third_party_cookies: false } }));
  return chromium.launchPersistentContext(profileDir, { executablePath, args: CHROMIUM_ARGS, viewport, timeout: timeoutMs });
}
