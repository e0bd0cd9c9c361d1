// Decides whether the end-to-end suite can run here: it needs Debian's Chromium and code-server.
// When either is missing the tests skip with the reason, never pass.
import { ensureCodeServer } from './codeServer';
import { findChromium, NO_CHROMIUM } from '../support/chromium';

export type Prerequisites = { ok: true; chromium: string; codeServer: string } | { ok: false; skipReason: string };

export async function checkPrerequisites(): Promise<Prerequisites> {
  const chromium = findChromium();
  if (!chromium) return { ok: false, skipReason: NO_CHROMIUM };
  try {
    return { ok: true, chromium, codeServer: await ensureCodeServer() };
  } catch (error) {
    // The install script's own last words say why better than the command line that failed.
    const lines = (error instanceof Error ? error.message : String(error)).split('\n').filter((line) => line.trim());
    return { ok: false, skipReason: `code-server could not be installed: ${lines.at(-1)?.trim() ?? 'unknown reason'}` };
  }
}
