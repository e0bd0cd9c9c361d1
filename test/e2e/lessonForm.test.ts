// The lesson's own code (no config: its own minimize() loop and console.log calls) run with
// "Descent: Run Optimization" in a real VS Code (code-server): the run cell, the memory chart, and
// the output channel with the learner's prints in their place around the run's lines; the course's
// scratch.js with the page's global tf, a loop that awaits between epochs, a lesson mistake in the
// Problems panel, and the course's index.html, which runs that code from its scratch.js.
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import type { FrameLocator, Page } from 'playwright-core';
import { waitFor } from './processes';
import { COURSE_FILES, COURSE_INLINE_PRINT, COURSE_TFJS_SRC } from '../support/coursePage';
import { LESSON_FINAL_X, LESSON_FIRST_PRINT, LESSON_LAST_X_ON_CPU, LESSON_PAGE_CODE, lessonAsyncLoop } from '../support/lesson';
import { LESSON_CODE_TEXT } from '../support/lessonFiles';
import { workbenchSuite } from './suite';
import { activateTab, finalX, finishedRunCell, openFile, outputLines, problemAt, runCommand, screenshot, waitForOutput, webviewFrame, webviewFrameShowing, WITHOUT_TYPESCRIPT_CHECKS } from './workbench';

// Room for a busy machine, where opening the panel and the run can each take most of a minute.
const TEST_TIMEOUT_MS = 180_000;

const HEADER = '▶ scratch.ts · sgd lr=0.0001 · backend webgl';
const LAST_PRINT = /^Float32Array\(1\) \[ (0\.003454\d+) \]$/;
const PROGRESS = /^ {2}epoch\s+\d+ · loss \S+ · x = \S+$/;

/** The Descent panel of a scratch file, once it shows that file. */
function panelOf(page: Page, file: string): Promise<FrameLocator> {
  return webviewFrameShowing(page, `.source-file:text-is("${file}")`);
}

describe('The lesson form in code-server', { timeout: 6 * 60_000 }, () => {
  const { step } = workbenchSuite({
    name: 'lesson-form',
    files: {
      'scratch.ts': LESSON_CODE_TEXT,
      'course.js': LESSON_PAGE_CODE,
      'asyncLoop.js': lessonAsyncLoop({ after: ["console.log('trained to', x.dataSync()[0]);"] }),
      'mistake.js': LESSON_PAGE_CODE.replace('const x = tf.variable(tf.scalar(4.12));', 'var x = tf.variable(4.12);'),
      ...Object.fromEntries(Object.entries(COURSE_FILES).map(([name, text]) => [`course/${name}`, text])),
      'course/about.html': '<!DOCTYPE html>\n<html><body><h1>About this course</h1><script src="menu.js"></script></body></html>\n',
    },
    settings: WITHOUT_TYPESCRIPT_CHECKS,
    stepTimeoutMs: TEST_TIMEOUT_MS,
  });

  step("runs the lesson's own code: x ≈ 0.0034543 and a memory chart in the run cell", 'lesson-form-run', async (page) => {
    await openFile(page, 'scratch.ts');
    await runCommand(page, 'Descent: Run Optimization');
    const frame = await webviewFrame(page);
    const cell = await finishedRunCell(frame);
    assert.equal(cell.status, 'completed', `the run cell says:\n${cell.text}`);

    const runCell = frame.locator('.run-cell').last();
    const shown = await runCell.locator('.result-variable[data-name="x"]').innerText({ timeout: 5000 });
    const x = Number(/x\s*=\s*(\S+)/.exec(shown)?.[1]);
    assert.ok(Math.abs(x - LESSON_FINAL_X) < 1e-5, `final x in the run cell is "${shown}", expected ≈ ${LESSON_FINAL_X}`);

    const memory = runCell.locator('.memory-chart canvas.memory-canvas');
    const painted = await memory.evaluate((canvas) => {
      const { width, height } = canvas as HTMLCanvasElement;
      const pixels = ((canvas as HTMLCanvasElement).getContext('2d') as CanvasRenderingContext2D).getImageData(0, 0, width, height).data;
      let count = 0;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) count++;
      return count;
    });
    assert.ok(painted > 1000, `the memory chart has drawn its axes and lines (${painted} pixels)`);
  });

  step('prints what the lesson logs around the run, what it left behind and its result, in order', 'lesson-form-output', async (page) => {
    const text = await waitForOutput(page, 'the end of the scratch.ts run', (all) => all.includes('tensors leaked'));
    const lines = outputLines(text);
    const context = `\n--- Descent output channel ---\n${text}`;

    const header = lines.lastIndexOf(HEADER);
    assert.ok(header > 0, `no header line "${HEADER}"${context}`);
    assert.equal(lines[header - 1], LESSON_FIRST_PRINT, `the first console.log comes right before the run${context}`);
    const lastPrint = lines.findIndex((line, i) => i > header && LAST_PRINT.test(line));
    assert.ok(lastPrint > header, `no final console.log line after the run's progress${context}`);
    const printed = Number(LAST_PRINT.exec(lines[lastPrint])?.[1]);
    assert.ok(Math.abs(printed - LESSON_LAST_X_ON_CPU) < 1e-8, `the final console.log shows ${printed}, expected ≈ ${LESSON_LAST_X_ON_CPU}${context}`);
    assert.match(lines[header + 1], /^ {2}↘ start: x = 4\.12, .*L\(4\.11\) = 2939\.2 < L\(4\.13\) = 2967\.9, so down is toward smaller x/, `which way is down from the start, under the header${context}`);
    assert.equal(lines[header + 2], '  x: gradient 1433.76 · step size lr = 0.0001 · step −size × g = −0.143376 · moved −0.143376', `the first step taken apart, under it${context}`);
    const progress = lines.slice(header + 3, lastPrint);
    assert.equal(progress.length, 10, `one progress line every 20 of the 200 epochs${context}`);
    for (const line of progress) assert.match(line, PROGRESS);

    const leak = lines.findIndex((line, i) => i > lastPrint && line.startsWith('⚠ The scratch left 4 tensors'));
    assert.ok(leak > lastPrint, `no "⚠ The scratch left 4 tensors…" line after the last print${context}`);
    const final = lines.findIndex((line, i) => i > leak && line.includes('tensors leaked'));
    assert.ok(final > leak, `no final line after the leak line${context}`);
    for (const part of ['✓ sgd lr=0.0001 completed', '200 epochs', 'x = 0.00345', 'tensors leaked 4']) {
      assert.ok(lines[final].includes(part), `the final line lacks "${part}": ${lines[final]}${context}`);
    }

    // The output's last lines, and beside the editor the leak notice with the memory chart above it.
    await page.keyboard.press('Control+End');
    const frame = await webviewFrame(page);
    await frame.locator('.run-cell').last().locator('.leak').scrollIntoViewIfNeeded();
    await screenshot(page, 'lesson-form');
  });

  step("runs the course's scratch.js, which has no import and uses the page's global tf, with its chart and figure", 'lesson-form-course', async (page) => {
    await openFile(page, 'course.js');
    await expectRunButtons(page, 1, 'a scratch.js that uses the global tf');
    await runCommand(page, 'Descent: Run Optimization');
    const frame = await panelOf(page, 'course.js');
    const cell = await finishedRunCell(frame);
    assert.equal(cell.status, 'completed', `the run cell says:\n${cell.text}`);
    const x = await finalX(frame);
    assert.ok(Math.abs(x - LESSON_FINAL_X) < 1e-5, `final x ${x}, expected ≈ ${LESSON_FINAL_X}`);
    const runCell = frame.locator('.run-cell').last();
    await runCell.locator('.curve-figure figcaption', { hasText: '200 steps, now x = ' }).waitFor({ timeout: 60_000 });
    assert.doesNotMatch(cell.text, /tf is not defined/);
    await screenshot(page, 'lesson-form-course');
  });

  step("drags the course's start on its error curve: on release a new run from there, said in the cell and the output", 'lesson-form-drag', async (page) => {
    const frame = await panelOf(page, 'course.js');
    const cells = await frame.locator('.run-cell').count();
    const handle = frame.locator('.run-cell').last().locator('.start-handle');
    await handle.scrollIntoViewIfNeeded();
    const from = await handle.boundingBox();
    const canvas = await frame.locator('.run-cell').last().locator('.curve-figure canvas').boundingBox();
    assert.ok(from && canvas, 'the start handle and the curve are on screen');
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(canvas.x + canvas.width * 0.3, from.y + from.height / 2, { steps: 8 });
    await frame.locator('.figure-preview', { hasText: /^Preview from x = −/ }).waitFor({ timeout: 60_000 });
    await page.mouse.up();
    await waitFor('a new run cell', 60_000, async () => ((await frame.locator('.run-cell').count()) > cells ? true : undefined));
    const cell = await finishedRunCell(frame);
    assert.equal(cell.status, 'completed', `the run cell says:\n${cell.text}`);
    const changed = /vs Run (\d+): x 4\.12 → (−[\d.]+) \(dragged\)/.exec(cell.text);
    assert.ok(changed, `the new cell says what changed:\n${cell.text}`);
    const x = await finalX(frame);
    assert.ok(x < 0 && Math.abs(x) < 0.01, `from ${changed[2]} the descent ends just below 0: x = ${x}`);
    const text = await waitForOutput(page, 'the dragged run in the output', (all) => all.includes(`▶ course.js · Run ${changed[1]} again with x = ${changed[2]}, the file unchanged`));
    assert.ok(text.includes('the file unchanged'));
    await screenshot(page, 'lesson-form-drag');
  });

  step('Use in scratch writes the dragged start into course.js as one edit, and one Undo takes it back', 'lesson-form-use-in-scratch', async (page) => {
    const frame = await panelOf(page, 'course.js');
    const played = frame.locator('.run-cell').last();
    const dragged = /x 4\.12 → (−?[\d.]+) \(dragged\)/.exec((await played.locator('.run-changes').innerText()).trim())?.[1];
    assert.ok(dragged, 'the played cell says where it was dragged to');
    const written = `const x = tf.variable(tf.scalar(${dragged.replace('−', '-')}));`;
    await played.locator('.use-in-scratch').click();
    await activateTab(page, 'course.js');
    const editor = page.locator('.editor-group-container.active .monaco-editor .view-lines').first();
    const lines = async () => (await editor.innerText()).replace(/\u00a0/g, ' ');
    await waitFor(`course.js to say ${written}`, 30_000, async () => ((await lines()).includes(written) ? true : undefined));
    assert.ok(!(await lines()).includes('tf.scalar(4.12)'), 'the start is written over, not beside');
    assert.ok((await lines()).includes('const optimizer = tf.train.sgd(0.0001);'), 'the rest of the line and file are as they were');
    await screenshot(page, 'lesson-form-use-in-scratch');
    await editor.click();
    await page.keyboard.press('Control+Z');
    await waitFor('one Undo to bring back tf.scalar(4.12)', 30_000, async () => ((await lines()).includes('const x = tf.variable(tf.scalar(4.12));') ? true : undefined));
    assert.ok(!(await lines()).includes(written), 'nothing of the edit is left after one Undo');
  });

  step('runs an async loop that awaits tf.nextFrame() to its last epoch', 'lesson-form-async', async (page) => {
    await openFile(page, 'asyncLoop.js');
    await runCommand(page, 'Descent: Run Optimization');
    const frame = await panelOf(page, 'asyncLoop.js');
    const cell = await finishedRunCell(frame);
    assert.equal(cell.status, 'completed', `the run cell says:\n${cell.text}`);
    assert.match(cell.text, /200 epochs/, `the run cell says:\n${cell.text}`);
    const x = await finalX(frame);
    assert.ok(Math.abs(x - LESSON_FINAL_X) < 1e-5, `final x ${x}, expected ≈ ${LESSON_FINAL_X}`);
    const text = await waitForOutput(page, 'the loop’s own last line before the asyncLoop.js result', (all) => /trained to 0\.00345\d*\n[\s\S]*✓ sgd lr=0\.0001 completed · 200 epochs/.test(all));
    assert.ok(text.includes('trained to'));
    await screenshot(page, 'lesson-form-async');
  });

  step('says the lesson’s tf.variable(4.12) mistake in plain words in the Problems panel, at its line', 'lesson-form-mistake', async (page) => {
    await openFile(page, 'mistake.js');
    await runCommand(page, 'Descent: Run Optimization');
    const words = 'tf.variable needs a tensor, not the number 4.12: write tf.variable(tf.scalar(4.12)).';
    await waitForOutput(page, 'the mistake in the output channel', (all) => all.includes(`mistake.js:1:`) && all.includes(words));
    const entry = await problemAt(page, 'mistake.js', 1);
    assert.ok(entry.message.includes(words), `the Problems entry says: ${entry.message}`);
    await screenshot(page, 'lesson-form-mistake');
  });

  step("runs the course's index.html: its scripts on Descent's tfjs, x ≈ 0.0034543, and says which tfjs it is", 'lesson-form-course-page', async (page) => {
    await openFile(page, 'course/index.html');
    await expectRunButtons(page, 1, 'the page that loads tfjs');
    await openFile(page, 'course/about.html');
    await expectRunButtons(page, 0, 'a page that does not load tfjs');

    await openFile(page, 'course/index.html');
    await runCommand(page, 'Descent: Run Optimization');
    const frame = await panelOf(page, 'course/index.html');
    const cell = await finishedRunCell(frame);
    assert.equal(cell.status, 'completed', `the run cell says:\n${cell.text}`);
    const x = await finalX(frame);
    assert.ok(Math.abs(x - LESSON_FINAL_X) < 1e-5, `final x ${x}, expected ≈ ${LESSON_FINAL_X}`);

    const text = await waitForOutput(page, 'the end of the course/index.html run', (all) => /▶ course\/index\.html[^]*tensors leaked/.test(all));
    const lines = outputLines(text);
    const context = `\n--- Descent output channel ---\n${text}`;
    const header = lines.findIndex((line) => line.startsWith('▶ course/index.html · sgd lr=0.0001'));
    assert.ok(header > 0, `no header line for course/index.html${context}`);
    const note = `index.html: <script src="${COURSE_TFJS_SRC}"> runs as Descent's own tfjs`;
    assert.ok(lines.slice(0, header).some((line) => line.startsWith(note) && line.endsWith('(the page asks for 2.0.0).')), `no line saying which tfjs runs the page${context}`);
    assert.ok(lines.slice(header).some((line) => COURSE_INLINE_PRINT.test(line)), `no line from the page's inline script${context}`);
    const final = lines.find((line, i) => i > header && line.startsWith('✓ sgd lr=0.0001 completed'));
    assert.ok(final?.includes('200 epochs') && /= 0\.00345\d*/.test(final), `the final line: ${final}${context}`);

    await screenshot(page, 'lesson-form-course-page');
  });
});

/**
 * Waits until the active editor shows `count` of each Run Optimization button: the CodeLens and
 * the ▶ in its title bar. None holds at once: the title bar follows the editor as it opens, and a
 * CodeLens that never comes cannot be waited for.
 */
async function expectRunButtons(page: Page, count: number, what: string): Promise<void> {
  const editor = page.locator('.editor-group-container.active');
  const lens = editor.locator('.codelens-decoration a', { hasText: 'Run Optimization' });
  const title = editor.locator('.editor-actions [aria-label^="Run Optimization"]');
  await waitFor(`${count} Run Optimization CodeLens and ▶ on ${what}`, 30_000, async () => ((await lens.count()) === count && (await title.count()) === count) || undefined, 500);
}
