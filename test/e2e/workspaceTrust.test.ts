// In Restricted Mode (an untrusted folder) "Descent: Run Optimization" must not run the scratch
// file's code: it says why in a notification and opens no panel.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { REPO_ROOT, startCodeServer, type CodeServer } from './codeServer';
import { packageExtension } from './packaging';
import { checkPrerequisites } from './prerequisites';
import { sleep, waitFor } from './processes';
import { launchBrowser, notifications, openFile, openWorkbench, runCommand, screenshot } from './workbench';

describe('Descent in an untrusted workspace (code-server)', { timeout: 5 * 60_000 }, () => {
  let skipReason: string | undefined;
  let workspace: string | undefined;
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page;

  before(async () => {
    const prerequisites = await checkPrerequisites();
    if (!prerequisites.ok) {
      skipReason = prerequisites.skipReason;
      return;
    }
    const vsix = await packageExtension();
    workspace = mkdtempSync(join(tmpdir(), 'descent-e2e-untrusted-'));
    copyFileSync(join(REPO_ROOT, 'media', 'examples', 'lesson.ts'), join(workspace, 'scratch.ts'));
    server = await startCodeServer({ workspace, vsix, trusted: false, settings: { 'typescript.validate.enable': false } });
    browser = await launchBrowser(prerequisites.chromium);
    page = await openWorkbench(browser, server.workspaceUrl);
  }, { timeout: 4 * 60_000 });

  after(async () => {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });

  it('refuses to run the scratch and says the workspace is not trusted', { timeout: 120_000 }, async (t) => {
    if (skipReason) return t.skip(skipReason);
    await openFile(page, 'scratch.ts');
    await runCommand(page, 'Descent: Run Optimization');
    const message = await waitFor('a notification saying the workspace is not trusted', 30_000, async () =>
      (await notifications(page)).find((text) => /not trusted/i.test(text)),
    ).catch(async (error: Error) => {
      const shot = await screenshot(page, 'failed-untrusted');
      throw new Error(`${error.message}; notifications: ${JSON.stringify(await notifications(page))}; screenshot: ${shot}`);
    });
    await screenshot(page, 'untrusted');
    assert.match(message, /Descent/i);
    // Give a wrongly started run the time to open its panel before checking that none did.
    await sleep(2000);
    assert.equal(await page.locator('iframe.webview').count(), 0, 'a webview opened although the workspace is not trusted');
  });
});
