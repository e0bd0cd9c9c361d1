// In Restricted Mode (an untrusted folder) "Descent: Run Optimization" must not run the scratch
// file's code: it says why in a notification and opens no panel.
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { LESSON_TEXT } from '../support/lessonFiles';
import { sleep, waitFor } from './processes';
import { workbenchSuite } from './suite';
import { notifications, openFile, runCommand, screenshot } from './workbench';

describe('Descent in an untrusted workspace (code-server)', { timeout: 5 * 60_000 }, () => {
  const { step } = workbenchSuite({
    name: 'untrusted',
    files: { 'scratch.ts': LESSON_TEXT },
    trusted: false,
    settings: { 'typescript.validate.enable': false },
    stepTimeoutMs: 120_000,
  });

  step('refuses to run the scratch and says the workspace is not trusted', 'untrusted', async (page) => {
    await openFile(page, 'scratch.ts');
    await runCommand(page, 'Descent: Run Optimization');
    const message = await waitFor('a notification saying the workspace is not trusted', 30_000, async () =>
      (await notifications(page)).find((text) => /not trusted/i.test(text)),
    ).catch(async (error: Error) => {
      throw new Error(`${error.message}; notifications: ${JSON.stringify(await notifications(page))}`);
    });
    await screenshot(page, 'untrusted');
    assert.match(message, /Descent/i);
    // Give a wrongly started run the time to open its panel before checking that none did.
    await sleep(2000);
    assert.equal(await page.locator('iframe.webview').count(), 0, 'a webview opened although the workspace is not trusted');
  });
});
