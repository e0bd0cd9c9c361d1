// The course's own loop, which Descent replaces: a folder with an index.html that loads tfjs's
// tf.min.js and a scratch.js holding the lesson's code (its 200 sgd steps), opened in the browser
// and refreshed after each change; the learner reads the final x in the console.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, ConsoleMessage, Page } from 'playwright-core';
import { within } from '../../src/shared/within';
import { COURSE_SCRATCH_JS } from '../support/coursePage';
import { LESSON_FINAL_X } from '../support/lesson';
import { REPO_ROOT } from '../support/repoRoot';

const TF_MIN_JS = join(REPO_ROOT, 'node_modules', '@tensorflow', 'tfjs', 'dist', 'tf.min.js');
const RESULT_WAIT_MS = 90_000;

const INDEX_HTML = `<!DOCTYPE html>
<html>
<head><meta charset="UTF-8"><title>TensorFlow.js</title></head>
<body>
<script src="tf.min.js"></script>
<script src="scratch.js"></script>
</body>
</html>
`;

export class CoursePage {
  private constructor(
    private readonly folder: string,
    private readonly page: Page,
  ) {}

  /** Writes the course's folder and opens a tab for it (nothing loaded yet). */
  static async open(browser: Browser): Promise<CoursePage> {
    const folder = mkdtempSync(join(tmpdir(), 'descent-course-page-'));
    copyFileSync(TF_MIN_JS, join(folder, 'tf.min.js'));
    writeFileSync(join(folder, 'scratch.js'), COURSE_SCRATCH_JS);
    writeFileSync(join(folder, 'index.html'), INDEX_HTML);
    return new CoursePage(folder, await browser.newPage());
  }

  /** Opens index.html for the first time; ms to the console line with the final x. */
  firstLoad(): Promise<number> {
    return this.timeToResult(() => this.page.goto(pathToFileURL(join(this.folder, 'index.html')).href));
  }

  /** Refreshes the page, as the learner does after each change; ms to the console line with the final x. */
  refresh(): Promise<number> {
    return this.timeToResult(() => this.page.reload());
  }

  async close(): Promise<void> {
    await this.page.close();
    rmSync(this.folder, { recursive: true, force: true });
  }

  /** The lesson prints x before and after its loop: the second line is the result. */
  private async timeToResult(load: () => Promise<unknown>): Promise<number> {
    let lines = 0;
    let onConsole: (message: ConsoleMessage) => void = () => undefined;
    const result = new Promise<{ at: number; message: ConsoleMessage }>((resolve) => {
      onConsole = (message) => {
        if (message.type() === 'log' && ++lines === 2) resolve({ at: Date.now(), message });
      };
      this.page.on('console', onConsole);
    });
    const started = Date.now();
    try {
      await load();
      const { at, message } = await within(result, RESULT_WAIT_MS, () => {
        throw new Error(`the course page printed no final x within ${RESULT_WAIT_MS / 1000} s`);
      });
      const x = await message.args()[0].evaluate((printed: Float32Array) => printed[0]);
      assert.ok(Math.abs(x - LESSON_FINAL_X) < 1e-5, `the course page printed x = ${x}`);
      return at - started;
    } finally {
      this.page.off('console', onConsole);
    }
  }
}
