// "Descent: Run Optimization" in a real VS Code (code-server), driven from Chromium: the packaged
// extension runs the lesson's scratch in its webview, reports to the output channel, and puts a
// broken scratch's syntax error in the Problems panel.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe } from 'node:test';
import type { Locator } from 'playwright-core';
import { nodeStoreFolder } from '../../src/node/nodeStoreFolder';
import { RunStore } from '../../src/shared/runStore';
import type { StoredRuns } from '../../src/shared/protocol';
import { LESSON_FINAL_X } from '../support/lesson';
import { LESSON_TEXT } from '../support/lessonFiles';
import { LEVEL_LINES_ROWS, memoryLineRows } from '../support/memoryChart';
import { workbenchSuite } from './suite';
import { waitFor } from './processes';
import {
  activateTab,
  changeUserSettings,
  closeTab,
  editLine,
  exportedRows,
  finishedRunCell,
  hidePanel,
  inlineTexts,
  linesOfLastRun,
  newestRunNumber,
  openExportDialog,
  openFile,
  outputLines,
  problemAt,
  runCellAfter,
  runCommand,
  runCommandAndPick,
  screenshot,
  SCREENSHOT_DIR,
  setColorTheme,
  statusBarItem,
  waitForOutput,
  webviewFrame,
  webviewFrameShowing,
  WITHOUT_TYPESCRIPT_CHECKS,
} from './workbench';

const TEST_TIMEOUT_MS = 120_000;

const BROKEN_SCRATCH_LINE = 5;
const BROKEN_SCRATCH = [
  "import * as tf from '@tensorflow/tfjs';",
  '',
  'export default {',
  '  variables: { x: 4.12 },',
  '  data: { ys: [2, -5, 16, -24, 3] ]},',
  '  loss: ({ x, ys }: Record<string, tf.Tensor>) => ys.mul(x).square().mean(),',
  "  optimizer: 'sgd',",
  '  epochs: 200,',
  '};',
  '',
].join('\n');

/** The Beale example's race, in its order. */
const BEALE_LABELS = ['sgd lr=0.001', 'momentum lr=0.001', 'momentum lr=0.001 nesterov', 'adagrad lr=0.1', 'rmsprop lr=0.01', 'adam lr=0.1'];

describe('Descent: Run Optimization in code-server', { timeout: 10 * 60_000 }, () => {
  const { step, server } = workbenchSuite({
    name: 'workspace',
    files: { 'scratch.ts': LESSON_TEXT, 'broken.ts': BROKEN_SCRATCH, 'corrupt.ts': LESSON_TEXT },
    settings: WITHOUT_TYPESCRIPT_CHECKS,
    stepTimeoutMs: TEST_TIMEOUT_MS,
  });

  step('runs the lesson scratch and shows x ≈ 0.0034543 in the run cell', 'run', async (page) => {
    await openFile(page, 'scratch.ts');
    await runCommand(page, 'Descent: Run Optimization');
    const frame = await webviewFrame(page);
    const cell = await finishedRunCell(frame);
    await screenshot(page, 'run-finished');
    assert.equal(cell.status, 'completed', `the run cell says:\n${cell.text}`);

    const variable = frame.locator('.run-cell').last().locator('.result-variable[data-name="x"]');
    const shown = await variable.innerText({ timeout: 5000 }).catch(() => {
      throw new Error(`the run cell shows no final value of x (.result-variable[data-name="x"]); it says:\n${cell.text}`);
    });
    const x = Number(/x\s*=\s*(\S+)/.exec(shown)?.[1]);
    assert.ok(Math.abs(x - LESSON_FINAL_X) < 1e-5, `final x in the run cell is "${shown}", expected ≈ ${LESSON_FINAL_X}`);
    // And in the editor, at the end of the variables line.
    const inline = await waitFor('the result at the end of the variables line', 30_000, async () => (await inlineTexts(page)).find((text) => text.includes('→')));
    assert.equal(inline.trim(), '→ x = 0.0034543 · loss 0.0020762');
  });

  step("the tidy run's memory chart is level on every line: what the lesson keeps, none of Descent's own tensors", 'memory-chart', async (page) => {
    const cell = (await webviewFrame(page)).locator('.run-cell').last();
    const chart = cell.locator('.memory-chart');
    await chart.scrollIntoViewIfNeeded();
    assert.deepEqual(await cell.locator('.memory-key-item').allInnerTexts(), ['tensors', 'bytes', 'bytes on the GPU'], 'WebGL reports its GPU bytes too');
    await assertLevelMemoryLines(cell);
    await chart.screenshot({ path: join(SCREENSHOT_DIR, 'e2e-memory-chart-light.png') });
  });

  step('reports the run in the Descent output channel', 'output-channel', async (page) => {
    const text = await waitForOutput(page, 'the end of the scratch.ts run', (all) => linesOfLastRun(all, 'scratch.ts').some((l) => l.includes('tensors leaked')));
    await screenshot(page, 'output-channel');
    const lines = linesOfLastRun(text, 'scratch.ts');
    const context = `\n--- Descent output channel ---\n${text}`;

    const header = lines[0];
    for (const part of ['scratch.ts', 'sgd lr=0.0001', 'backend webgl']) {
      assert.ok(header.includes(part), `the header line lacks "${part}": ${header}${context}`);
    }
    const progress = lines.filter((line) => /epoch\s+\d+\/200 · loss /.test(line));
    assert.ok(progress.some((line) => /epoch  20\/200 · loss \S+/.test(line)), `no "epoch  20/200 · loss …" line${context}`);
    for (const line of progress) {
      const epoch = Number(/epoch\s+(\d+)\//.exec(line)?.[1]);
      assert.equal(epoch % 20, 0, `a progress line off the logEvery: 20 schedule: ${line}${context}`);
    }
    const final = lines.find((line) => line.includes('tensors leaked'));
    for (const part of ['completed', 'x = 0.00345', 'tensors leaked 0']) {
      assert.ok(final?.includes(part), `the final line lacks "${part}": ${final}${context}`);
    }
  });

  step('a second run with a larger rate says what it changed from the first', 'run-changes', async (page) => {
    await openFile(page, 'scratch.ts');
    await editLine(page, LESSON_TEXT, 'learningRate: 0.0001', 'learningRate: 0.001,', true);
    // While the learner edits, the panel gets a spare trainer and a spare landscape worker ready (its User Timing marks say so).
    const root = (await webviewFrame(page)).locator('#notebook');
    for (const spare of ['trainer', 'landscape worker']) {
      await waitFor(`a spare ${spare} ready after the first run`, 60_000, () =>
        root.evaluate((_, name) => performance.getEntriesByName(name).some((ready) => ready.startTime > (performance.getEntriesByName('descent finished 1')[0]?.startTime ?? Infinity)) || undefined, `descent spare ${spare} ready`),
      );
    }
    await runCommand(page, 'Descent: Run Optimization');
    const frame = await webviewFrame(page);
    const cell = frame.locator('.run-cell').last();
    await cell.locator('.run-status', { hasText: 'completed' }).waitFor({ timeout: 60_000 });
    assert.equal((await cell.locator('.run-title').innerText()).trim(), 'Run 2');
    const took = (mark: string) => frame.locator('#notebook').evaluate((_, name) => (performance.getEntriesByName(name)[0] as PerformanceMark | undefined)?.detail as { ready: boolean } | undefined, mark);
    assert.deepEqual(await took('descent spare 2'), { ready: true }, 'the second run trained in the spare that stood ready');
    await cell.locator('.curve-figure figcaption', { hasText: '200 steps, now x = ' }).waitFor({ timeout: 60_000 });
    assert.deepEqual(await took('descent landscape spare 2'), { ready: true }, "the second run's curve came from the landscape spare that stood ready");
    assert.equal((await cell.locator('.run-changes').innerText()).trim(), 'vs Run 1: learningRate 0.0001 → 0.001');
    await waitFor("the second run's result in the editor", 30_000, async () => (await inlineTexts(page)).some((text) => text.includes('→ x = 2.9135e-37 · loss 0')) || undefined);
    await screenshot(page, 'run-changes');
    // Editing the variables line clears it.
    await editLine(page, LESSON_TEXT, 'variables:', ' ', false);
    await waitFor('the result to go once its line is edited', 30_000, async () => ((await inlineTexts(page)).some((text) => text.includes('→')) ? undefined : true));
    await runCommand(page, 'File: Revert File');
  });

  step('after a reload of the window the panel comes back by itself, both runs in it, charts included', 'reload', async (page) => {
    await page.reload();
    await page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout: 60_000 });
    const frame = await webviewFrameShowing(page, '.run-cell');
    const cells = frame.locator('.run-cell');
    await cells.nth(1).locator('.run-status', { hasText: 'completed' }).waitFor({ timeout: 60_000 });
    assert.equal(await cells.count(), 2);
    assert.match(await cells.nth(0).locator('.cell-header').innerText(), /Run 1[\s\S]*sgd lr=0\.0001[\s\S]*completed/);
    assert.equal((await cells.nth(1).locator('.run-changes').innerText()).trim(), 'vs Run 1: learningRate 0.0001 → 0.001');
    // The latest cell open, as it was, its chart drawn again.
    await cells.nth(1).locator('.loss-chart canvas').waitFor({ state: 'visible' });
    assert.equal(await cells.nth(1).locator('.result-row').count(), 1);
    await screenshot(page, 'reload');
    // Run 1 came back closed; opening it draws its chart, from its kept losses.
    await cells.nth(0).locator('summary').click();
    await cells.nth(0).locator('.loss-chart canvas').waitFor({ state: 'visible' });
    await screenshot(page, 'reload-earlier-run-opened');
    await cells.nth(0).locator('summary').click();
    await cells.nth(0).locator('.loss-chart').waitFor({ state: 'hidden' });
    // VS Code may bring the scratch back dirty, from a backup written before the step above reverted
    // it (when depends on its backup timer): the steps after start from the file on disk.
    await openFile(page, 'scratch.ts');
    const dirty = page.locator('.tabs-container .tab.active.dirty');
    if (await dirty.count()) {
      await runCommand(page, 'File: Revert File');
      await dirty.waitFor({ state: 'detached', timeout: 15_000 });
    }
  });

  step('closing the panel and showing it again from its scratch brings the runs back', 'reopen', async (page) => {
    await closeTab(page, 'Descent — scratch.ts');
    await openFile(page, 'scratch.ts');
    await runCommand(page, 'Descent: Show Panel');
    const frame = await webviewFrameShowing(page, '.run-cell');
    await frame.locator('.run-cell').nth(1).waitFor({ timeout: 60_000 });
    assert.equal(await frame.locator('.run-cell').count(), 2);
    assert.equal(await frame.locator('.run-title').last().innerText(), 'Run 2');
  });

  step('Compare draws both kept runs in one chart, with their labels', 'compare', async (page) => {
    const frame = await webviewFrameShowing(page, '.run-cell');
    await frame.locator('.compare-button').click();
    const view = frame.locator('.compare-view');
    await view.locator('.loss-chart canvas').waitFor({ state: 'visible', timeout: 30_000 });
    assert.deepEqual(await view.locator('.legend-item').allInnerTexts(), ['Run 1: sgd lr=0.0001', 'Run 2: sgd lr=0.001']);
    await screenshot(page, 'compare');
    await frame.locator('.compare-button').click();
    await view.waitFor({ state: 'hidden' });
  });

  step("exports a run's history through the save dialog, to the file the learner accepts", 'export-csv', async (page) => {
    // VS Code's save dialog, offering the scratch's folder and a name for the run.
    await openExportDialog(page, (await webviewFrame(page)).locator('.run-cell').last(), 'scratch-run2.csv');
    await screenshot(page, 'export-dialog');
    await page.keyboard.press('Enter');
    const target = join(server().workspace, 'scratch-run2.csv');
    const rows = await exportedRows(target);
    assert.equal(rows[0], 'run,epoch,loss,x');
    assert.equal(rows.length, 201);
    assert.match(rows[200], /^sgd lr=0\.001,200,/);
    const output = await waitForOutput(page, 'the export line', (text) => text.includes('Exported run 2 to'));
    assert.ok(output.includes(target), output.slice(-400));
  });

  step('with descent.inlineResults off, a run leaves the editor as it was', 'inline-results-off', async (page) => {
    await changeUserSettings(page, join(server().userDataDir, 'User', 'settings.json'), { 'descent.inlineResults': false });
    await openFile(page, 'scratch.ts');
    await runCommand(page, 'Descent: Run Optimization');
    const frame = await webviewFrame(page);
    const cell = frame.locator('.run-cell').last();
    await cell.locator('.run-title', { hasText: 'Run 3' }).waitFor({ timeout: 60_000 });
    await cell.locator('.run-status', { hasText: 'completed' }).waitFor({ timeout: 60_000 });
    await page.waitForTimeout(1000);
    assert.deepEqual((await inlineTexts(page)).filter((text) => text.includes('→')), []);
  });

  step('shows a syntax error in the output channel and the Problems panel', 'syntax-error', async (page) => {
    await openFile(page, 'broken.ts');
    await runCommand(page, 'Descent: Run Optimization');
    const expected = `✗ compile error: broken.ts:${BROKEN_SCRATCH_LINE}:`;
    const text = await waitForOutput(page, `"${expected}…"`, (all) => all.includes(expected));
    assert.match(text, new RegExp(`✗ compile error: broken\\.ts:${BROKEN_SCRATCH_LINE}:\\d+: \\S`));

    const entry = await problemAt(page, 'broken.ts', BROKEN_SCRATCH_LINE);
    await screenshot(page, 'problems');
    assert.equal(entry.severity, 'error');
    assert.match(entry.source, /Descent/, `the entry comes from ${entry.source}, not Descent`);

    const frame = await webviewFrame(page);
    const cell = await finishedRunCell(frame);
    assert.equal(cell.status, 'error', `the broken.ts run cell says:\n${cell.text}`);
    assert.ok(cell.text.includes(expected), `the broken.ts run cell does not show "${expected}…":\n${cell.text}`);
  });

  step('shows the finished run beside the editor in dark and high-contrast themes', 'themes', async (page) => {
    await hidePanel(page);
    await openFile(page, 'scratch.ts');
    await activateTab(page, 'Descent — scratch.ts');
    for (const [theme, name] of [['Dark Modern', 'dark'], ['Dark High Contrast', 'high-contrast']] as const) {
      await setColorTheme(page, theme);
      const frame = await webviewFrame(page);
      await finishedRunCell(frame);
      // The webview repaints its chart when the theme's colours arrive.
      await page.waitForTimeout(1000);
      await screenshot(page, `run-finished-${name}`);
      const cell = frame.locator('.run-cell').last();
      await assertLevelMemoryLines(cell);
      await cell.locator('.memory-chart').screenshot({ path: join(SCREENSHOT_DIR, `e2e-memory-chart-${name}.png`) });
    }
  });

  step('a pinned run is the baseline the next run draws against; Remove and Clear take cells away', 'baseline', async (page) => {
    const frame = await webviewFrame(page);
    const pinned = frame.locator('.run-cell').last();
    await pinned.locator('.pin-button').click();
    await pinned.locator('.run-pinned', { hasText: 'baseline' }).waitFor({ timeout: 30_000 });
    const pinnedTitle = (await pinned.locator('.run-title').innerText()).trim();
    await openFile(page, 'scratch.ts');
    await runCommand(page, 'Descent: Run Optimization');
    const next = frame.locator('.run-cell').last();
    await next.locator('.run-status', { hasText: 'completed' }).waitFor({ timeout: 60_000 });
    assert.equal((await next.locator('.baseline-key').innerText()).trim(), `┄ baseline: ${pinnedTitle}: sgd lr=0.0001`);
    await next.locator('.loss-chart').scrollIntoViewIfNeeded();
    await screenshot(page, 'baseline');
    const cells = await frame.locator('.run-cell').count();
    await frame.locator('.run-cell', { hasText: pinnedTitle }).first().locator('.cell-header').click();
    await frame.locator('.run-cell', { has: frame.locator('.run-pinned') }).locator('.run-exports button', { hasText: 'Remove' }).click();
    await waitFor('the pinned cell to go', 30_000, async () => ((await frame.locator('.run-cell').count()) === cells - 1) || undefined);
    assert.equal(await next.locator('.baseline-key').innerText(), '', 'and with it the baseline');
    await frame.locator('.clear-button').click();
    await waitFor('Clear to remove every cell', 30_000, async () => ((await frame.locator('.run-cell').count()) === 0) || undefined);
  });

  step('re-run on save: each save runs the scratch again, against the run before', 'run-on-save', async (page) => {
    await openFile(page, 'scratch.ts');
    await runCommand(page, 'Descent: Run Optimization');
    const frame = await webviewFrame(page);
    const before = frame.locator('.run-cell').last();
    await before.locator('.run-status', { hasText: 'completed' }).waitFor({ timeout: 60_000 });
    const beforeTitle = (await before.locator('.run-title').innerText()).trim();
    await runCommand(page, 'Descent: Toggle Re-run on Save');
    await statusBarItem(page, 'Descent: re-run on save on').waitFor({ timeout: 30_000 });
    await editLine(page, LESSON_TEXT, 'learningRate: 0.0001', 'learningRate: 0.001,', true);
    await page.keyboard.press('Control+S');
    const saved = frame.locator('.run-cell').last();
    await saved.locator('.run-changes', { hasText: `vs ${beforeTitle}: learningRate 0.0001 → 0.001` }).waitFor({ timeout: 60_000 });
    await saved.locator('.run-status', { hasText: 'completed' }).waitFor({ timeout: 60_000 });
    assert.equal((await saved.locator('.baseline-key').innerText()).trim(), `┄ baseline: ${beforeTitle}: sgd lr=0.0001`);
    await saved.locator('.loss-chart').scrollIntoViewIfNeeded();
    await screenshot(page, 'run-on-save');
    await runCommand(page, 'Descent: Toggle Re-run on Save');
    await statusBarItem(page, 'Descent: re-run on save off').waitFor({ timeout: 30_000 });
  });

  step("Descent: Open Example's Beale race runs every optimizer: a result each in the panel and in the output channel", 'beale-race', async (page) => {
    await runCommandAndPick(page, 'Descent: Open Example', 'beale');
    await page.locator('.tabs-container .tab.active[data-resource-name="beale.ts"]').waitFor({ timeout: 30_000 });
    await runCommand(page, 'Descent: Run Optimization');
    const frame = await webviewFrameShowing(page, '.toolbar-title:text-is("Descent — beale.ts")');
    const cell = frame.locator('.run-cell').last();
    await cell.locator('.run-status', { hasText: 'completed' }).waitFor({ timeout: TEST_TIMEOUT_MS });
    const labels = BEALE_LABELS;
    assert.equal(await cell.locator('.result-row').count(), labels.length, (await cell.innerText()).trim());
    await cell.locator('.surface-figure figcaption', { hasText: 'adam lr=0.1: 500 steps, now' }).waitFor({ timeout: 60_000 });
    await screenshot(page, 'beale-race');
    const text = await waitForOutput(page, 'the end of the Beale race', (all) => linesOfLastRun(all, 'beale.ts').some((l) => l.includes('tensors leaked')));
    const lines = outputLines(text);
    const race = lines.slice(lines.map((line) => line.includes('▶') && line.includes('beale.ts') && line.includes(`run 1/${labels.length}`)).lastIndexOf(true));
    const ends = race.filter((line) => line.includes('tensors leaked'));
    assert.deepEqual(
      ends.map((line) => /^✓ (.+?) completed · /.exec(line)?.[1]),
      labels,
      `one completed line per optimizer:\n${race.join('\n')}`,
    );
  });

  step("the learning-rate slider of the Beale race, moved and let go with Enter, runs all six again at the slid rates as a new cell", 'beale-slider', async (page) => {
    const frame = await webviewFrameShowing(page, '.toolbar-title:text-is("Descent — beale.ts")');
    const before = await newestRunNumber(frame);
    const rate = frame.locator('.run-cell').last().locator('.play-slider').first();
    await rate.scrollIntoViewIfNeeded();
    await rate.focus();
    // Arrow keys only preview; Enter runs. Each step of the slider is a step of its log scale.
    for (let k = 0; k < 3; k++) await rate.press('ArrowLeft');
    const slid = await rate.getAttribute('aria-valuetext');
    assert.match(slid ?? '', /^learning rate ×0\.\d+ → /, `the slider says: ${slid}`);
    await rate.press('Enter');
    const cell = await runCellAfter(frame, before);
    assert.equal(cell.status, 'completed', `the new cell says:\n${cell.text}`);
    assert.match(cell.text, /vs Run \d+: learningRate 0\.001, 0\.1, 0\.01 → [\d., ]+ \(slid\)/, `the new cell says what changed:\n${cell.text}`);
    assert.equal(await frame.locator('.run-cell').last().locator('.result-row').count(), BEALE_LABELS.length);
    await screenshot(page, 'beale-slider');
  });

  step('a kept-runs file that cannot be read gives one warning and an empty panel, and the next run is kept again', 'corrupt-store', async (page) => {
    // The extension's storage for this workspace, where scratch.ts's runs are kept by now.
    const storage = join(server().userDataDir, 'User', 'workspaceStorage');
    const folder = readdirSync(storage)
      .map((id) => join(storage, id, 'descent.descent', 'runs'))
      .find((runs) => existsSync(runs));
    assert.ok(folder, `no kept runs under ${storage}`);
    const kept = readdirSync(folder).find((name) => name.endsWith('.json'));
    assert.ok(kept, `no kept runs in ${folder}`);
    // Another file of the workspace's, kept by its URI: corrupt.ts's is the same but for its name.
    const keptUri = (JSON.parse(readFileSync(join(folder, kept), 'utf8')) as StoredRuns).scratch;
    const corruptFile = join(folder, await new RunStore(nodeStoreFolder(folder), () => undefined).fileOf(keptUri.replace(/[^/]+$/, 'corrupt.ts')));
    writeFileSync(corruptFile, '{"type":"runs","version":1,"cells":[{"number":1,');

    await openFile(page, 'corrupt.ts');
    await runCommand(page, 'Descent: Show Panel');
    const frame = await webviewFrameShowing(page, '.toolbar-title:text-matches("corrupt\\.ts$")');
    const output = await waitForOutput(page, 'the warning about the kept runs', (text) => text.includes('could not restore the kept runs'));
    const warnings = output.split('\n').filter((line) => line.includes('could not restore the kept runs'));
    assert.equal(warnings.length, 1, warnings.join('\n'));
    assert.match(warnings[0], /\[warning\].*corrupt\.ts, so the panel opens without them: it is not JSON/);
    assert.equal(await frame.locator('.run-cell').count(), 0, 'the panel opens empty');
    assert.ok(readdirSync(folder).some((name) => name.includes('.set-aside-')), 'the unreadable file is set aside');

    await openFile(page, 'corrupt.ts');
    await runCommand(page, 'Descent: Run Optimization');
    const again = await webviewFrameShowing(page, '.toolbar-title:text-is("Descent — corrupt.ts")');
    await again.locator('.run-cell .run-status', { hasText: 'completed' }).waitFor({ timeout: 60_000 });
    assert.equal(await again.locator('.run-title').innerText(), 'Run 1');
    await waitFor('the run kept in a new file', 30_000, () => (existsSync(corruptFile) ? true : undefined));
    const runs = JSON.parse(readFileSync(corruptFile, 'utf8')) as StoredRuns;
    assert.deepEqual(runs.cells.map((cell) => cell.number), [1]);
  });
});

/** A tidy run keeps the same tensors every epoch: each of its memory chart's lines is level. */
async function assertLevelMemoryLines(cell: Locator): Promise<void> {
  const rows = await waitFor('the memory chart drawn', 30_000, async () => (await cell.evaluate(memoryLineRows)) || undefined);
  assert.ok(rows <= LEVEL_LINES_ROWS, `the memory chart's lines are level: together they cover ${rows} rows of its canvas`);
}
