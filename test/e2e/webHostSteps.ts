// What a learner does with Descent in VS Code for the Web, where its `browser` entry runs in the Web
// Worker extension host and there is no Node, as steps that web.test.ts (code-server's web client)
// and codeOss.test.ts (Code - OSS served as vscode.dev is) both take: the lesson from the palette, a compile error in Problems, a relative import, the CodeLens,
// Pause / Step / Resume, kept runs across a reload, re-run on save, Compare, an export through the
// save dialog, Open Example and New Optimization Scratch, the wasm, cpu and auto backends.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LESSON_FINAL_X } from '../support/lesson';
import { LESSON_TEXT } from '../support/lessonFiles';
import { waitFor } from './processes';
import type { WorkbenchSuite } from './suite';
import {
  editLine,
  exportedRows,
  finalX,
  finishedRunCell,
  inlineTexts,
  openExportDialog,
  newestRunNumber,
  openFile,
  panelOf,
  pausedAt,
  problemAt,
  runCommand,
  runCellAfter,
  runCommandAndPick,
  runningExtensionRow,
  screenshot,
  statusBarItem,
  waitForOutput,
  waitForStatus,
  webviewFrame,
  webviewFrameShowing,
} from './workbench';

export const { publisher, name } = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { publisher: string; name: string };

const BROKEN = LESSON_TEXT.replace('export default {', 'export default {\n  variables: { x: 4.12 ]},');
const BROKEN_LINE = BROKEN.split('\n').indexOf('  variables: { x: 4.12 ]},') + 1;

const onBackend = (backend: string) => LESSON_TEXT.replace('logEvery: 20,', `logEvery: 20,\n  backend: '${backend}',`);

const LONG_LESSON = LESSON_TEXT.replace(/epochs: \d+/, 'epochs: 2000000');

const HELPER = 'export const start = 4.12;\n';
const IMPORTS_HELPER = LESSON_TEXT.replace("import * as tf from '@tensorflow/tfjs';", "import * as tf from '@tensorflow/tfjs';\nimport { start } from './lib/helper';").replace(
  'variables: { x: 4.12 }',
  'variables: { x: start }',
);

/** The workspace the steps work in. */
export const WEB_HOST_FILES = {
  'lesson.ts': LESSON_TEXT,
  'broken.ts': BROKEN,
  'imports.ts': IMPORTS_HELPER,
  'lib/helper.ts': HELPER,
  'long.ts': LONG_LESSON,
  'on-wasm.ts': onBackend('wasm'),
  'on-cpu.ts': onBackend('cpu'),
  'on-auto.ts': onBackend('auto'),
};

/** Registers the steps on a suite over WEB_HOST_FILES; `prefix` names their screenshots. */
export function webHostSteps({ step, workspace }: WorkbenchSuite, prefix: string): void {
  step('Descent runs in the Web Worker extension host', `${prefix}-host`, async (page) => {
    await openFile(page, 'lesson.ts');
    const row = await runningExtensionRow(page, name, async (found) => {
      await found.scrollIntoViewIfNeeded();
      await screenshot(page, `${prefix}-running-extensions`);
      return found.innerText();
    });
    assert.match(row, /web worker/i, `Show Running Extensions says of Descent:\n${row}`);
  });

  step('runs the lesson from the palette to x ≈ 0.0034543: chart, figure, output channel and the result in the editor', `${prefix}-lesson`, async (page) => {
    await openFile(page, 'lesson.ts');
    await runCommand(page, 'Descent: Run Optimization');
    const frame = await panelOf(page, 'lesson.ts');
    const cell = await finishedRunCell(frame);
    assert.equal(cell.status, 'completed', `the run cell says:\n${cell.text}`);
    const x = await finalX(frame);
    assert.ok(Math.abs(x - LESSON_FINAL_X) < 1e-5, `final x in the run cell is ${x}, expected ≈ ${LESSON_FINAL_X}`);
    const last = frame.locator('.run-cell').last();
    await last.locator('.loss-chart canvas').waitFor({ state: 'visible' });
    await last.locator('.curve-figure figcaption', { hasText: '200 steps, now x = ' }).waitFor({ timeout: 60_000 });
    const inline = await waitFor('the result at the end of the variables line', 30_000, async () => (await inlineTexts(page)).find((text) => text.includes('→')));
    assert.equal(inline.trim(), '→ x = 0.0034543 · loss 0.0020762');
    await waitForOutput(page, "the lesson's result line", (all) => /✓ sgd lr=0\.0001 completed · 200 epochs .*x = 0\.0034543/.test(all));
    await screenshot(page, `${prefix}-lesson`);
  });

  step('shows a compile error in the Problems panel', `${prefix}-compile-error`, async (page) => {
    await openFile(page, 'broken.ts');
    await runCommand(page, 'Descent: Run Optimization');
    const expected = `✗ compile error: broken.ts:${BROKEN_LINE}:`;
    await waitForOutput(page, `"${expected}…"`, (all) => all.includes(expected));
    const entry = await problemAt(page, 'broken.ts', BROKEN_LINE);
    assert.match(entry.source, /Descent/);
    await screenshot(page, `${prefix}-problems`);
  });

  step('runs a scratch that imports a helper file beside it', `${prefix}-relative-import`, async (page) => {
    await openFile(page, 'imports.ts');
    await runCommand(page, 'Descent: Run Optimization');
    const frame = await panelOf(page, 'imports.ts');
    const cell = await finishedRunCell(frame);
    assert.equal(cell.status, 'completed', `the run cell says:\n${cell.text}`);
    const x = await finalX(frame);
    assert.ok(Math.abs(x - LESSON_FINAL_X) < 1e-5, `final x is ${x}`);
    await screenshot(page, `${prefix}-relative-import`);
  });

  step('the CodeLens above export default starts a run', `${prefix}-codelens`, async (page) => {
    await openFile(page, 'imports.ts');
    const frame = await panelOf(page, 'imports.ts');
    const before = await newestRunNumber(frame);
    await page.locator('.editor-group-container.active .codelens-decoration a', { hasText: 'Run Optimization' }).first().click({ timeout: 30_000 });
    const cell = await runCellAfter(frame, before);
    assert.equal(cell.status, 'completed', `the run cell says:\n${cell.text}`);
  });

  step('pauses, steps and resumes a live run from the command palette, then stops it', `${prefix}-stepping`, async (page) => {
    await openFile(page, 'long.ts');
    await runCommand(page, 'Descent: Run Optimization');
    const frame = await panelOf(page, 'long.ts');
    await waitForStatus(frame, '● live', (status) => status.includes('live'));
    await runCommand(page, 'Descent: Pause Optimization');
    const epoch = pausedAt((await waitForStatus(frame, 'paused at epoch N', (status) => Number.isInteger(pausedAt(status)))).status);
    for (let k = 1; k <= 2; k++) {
      await runCommand(page, 'Descent: Step Optimization');
      await waitForStatus(frame, `paused at epoch ${epoch + k}`, (status) => pausedAt(status) === epoch + k);
    }
    await screenshot(page, `${prefix}-stepping-paused`);
    await runCommand(page, 'Descent: Resume Optimization');
    await waitForStatus(frame, '● live again', (status) => status.includes('live'));
    await runCommand(page, 'Descent: Stop Optimization');
    await waitForStatus(frame, 'stopped', (status) => status.includes('stopped'));
  });

  step("after a reload of the window the lesson's panel comes back with its kept run", `${prefix}-reload`, async (page) => {
    await page.reload();
    await page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout: 60_000 });
    await openFile(page, 'lesson.ts');
    await runCommand(page, 'Descent: Show Panel');
    const frame = await webviewFrameShowing(page, '.run-cell');
    const first = frame.locator('.run-cell').first();
    await first.locator('.run-status', { hasText: 'completed' }).waitFor({ timeout: 60_000 });
    assert.match(await first.locator('.cell-header').innerText(), /Run 1[\s\S]*sgd lr=0\.0001[\s\S]*completed/);
    await screenshot(page, `${prefix}-reload`);
  });

  step('re-run on save: a save runs the lesson again, against the run before', `${prefix}-run-on-save`, async (page) => {
    await runCommand(page, 'Descent: Toggle Re-run on Save');
    await statusBarItem(page, 'Descent: re-run on save on').waitFor({ timeout: 30_000 });
    await editLine(page, LESSON_TEXT, 'learningRate: 0.0001', 'learningRate: 0.001,', true);
    await page.keyboard.press('Control+S');
    const saved = (await webviewFrame(page)).locator('.run-cell').last();
    await saved.locator('.run-changes', { hasText: 'vs Run 1: learningRate 0.0001 → 0.001' }).waitFor({ timeout: 60_000 });
    await saved.locator('.run-status', { hasText: 'completed' }).waitFor({ timeout: 60_000 });
    await screenshot(page, `${prefix}-run-on-save`);
  });

  step('Compare draws both kept runs of the lesson in one chart, with their labels', `${prefix}-compare`, async (page) => {
    const frame = await panelOf(page, 'lesson.ts');
    await frame.locator('.compare-button').click();
    const view = frame.locator('.compare-view');
    await view.locator('.loss-chart canvas').waitFor({ state: 'visible', timeout: 30_000 });
    assert.deepEqual(await view.locator('.legend-item').allInnerTexts(), ['Run 1: sgd lr=0.0001', 'Run 2: sgd lr=0.001']);
    await screenshot(page, `${prefix}-compare`);
    await frame.locator('.compare-button').click();
    await view.waitFor({ state: 'hidden' });
  });

  step("exports the run's history through the save dialog, beside the scratch", `${prefix}-export`, async (page) => {
    await openExportDialog(page, (await webviewFrame(page)).locator('.run-cell').last(), 'lesson-run2.csv');
    await page.keyboard.press('Enter');
    const rows = await exportedRows(join(workspace(), 'lesson-run2.csv'));
    assert.equal(rows[0], 'run,epoch,loss,x');
    assert.equal(rows.length, 201);
  });

  step('Open Example writes the example beside the scratches, and it runs', `${prefix}-open-example`, async (page) => {
    await runCommandAndPick(page, 'Descent: Open Example', 'line-fit');
    await page.locator('.tabs-container .tab.active[data-resource-name="line-fit.ts"]').waitFor({ timeout: 30_000 });
    await runCommand(page, 'Descent: Run Optimization');
    const cell = await runCellAfter(await panelOf(page, 'line-fit.ts'), 0);
    assert.equal(cell.status, 'completed', `the run cell says:\n${cell.text}`);
  });

  step("New Optimization Scratch writes the lesson's scratch, and it runs to x ≈ 0.0034543", `${prefix}-new-scratch`, async (page) => {
    await runCommand(page, 'Descent: New Optimization Scratch');
    await page.locator('.tabs-container .tab.active[data-resource-name="scratch.ts"]').waitFor({ timeout: 30_000 });
    await runCommand(page, 'Descent: Run Optimization');
    const cell = await runCellAfter(await panelOf(page, 'scratch.ts'), 0);
    assert.equal(cell.status, 'completed', `the run cell says:\n${cell.text}`);
    assert.match(cell.text, /x = 0\.00345/);
  });

  for (const backend of ['wasm', 'cpu', 'auto']) {
    step(`trains the lesson on ${backend} to x ≈ 0.0034543`, `${prefix}-backend-${backend}`, async (page) => {
      await openFile(page, `on-${backend}.ts`);
      await runCommand(page, 'Descent: Run Optimization');
      const frame = await webviewFrameShowing(page, `.toolbar-title:text-matches("on-${backend}\\.ts$")`);
      const cell = await finishedRunCell(frame);
      assert.equal(cell.status, 'completed', `the run cell says:\n${cell.text}`);
      const last = frame.locator('.run-cell').last();
      const trainedOn = ((await last.locator('.run-backend').textContent()) ?? '').trim();
      assert.match(trainedOn, backend === 'auto' ? /^(webgl|wasm|cpu) \(auto: / : new RegExp(`^${backend}$`), `the header's backend: ${trainedOn}`);
      const x = await finalX(frame);
      assert.ok(Math.abs(x - LESSON_FINAL_X) < 1e-5, `final x is ${x}`);
      await screenshot(page, `${prefix}-backend-${backend}`);
    });
  }
}
