// The lesson's figures, which way is down, and stepping through a descent, in a real VS Code
// (code-server): the output channel and the run cell reason from the lesson's start in its numbers,
// the cell draws the error curve, a two-optimizer race on a surface, slices through three variables
// and through a tensor's components, and Descent: Pause, Step and Resume Optimization from the
// command palette hold, advance and release a live run epoch by epoch: a config's, and the
// learner's own async loop at its awaits.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { lessonAsyncLoop } from '../support/lesson';
import { LESSON_TEXT } from '../support/lessonFiles';
import { lineFitConfig } from '../support/lineFit';
import { PARABOLA_TEXT, PARABOLA_VECTOR_TEXT } from '../support/parabolaFit';
import { waitFor } from './processes';
import { workbenchSuite } from './suite';
import {
  cellNow,
  changeUserSettings,
  linesOfLastRun,
  openFile,
  panelOf,
  pausedAt,
  runCommand,
  screenshot,
  waitForOutput,
  waitForStatus,
  webviewFrame,
  webviewFrameShowing,
  WITHOUT_TYPESCRIPT_CHECKS,
} from './workbench';

const TEST_TIMEOUT_MS = 180_000;
/** Long enough to be training still when the palette has been used a few times, and slow enough that x is far from 0 then. */
const LONG_LESSON = LESSON_TEXT.replace(/epochs: \d+/, 'epochs: 2000000').replace(/learningRate: [\d.e-]+/, 'learningRate: 0.0000001');
/** The course's code training for as long in its own async loop, awaiting a frame after each epoch. */
const LONG_ASYNC_LOOP = lessonAsyncLoop({ epochs: 2000000, learningRate: 0.0000001 });
/** Each sgd(1e-7) step multiplies the lesson's x by 1 − 1e-7·348. */
const xAfter = (epochs: number) => 4.12 * (1 - 348e-7) ** epochs;
/** The cell shows six digits; float32 steps drift a little over thousands of epochs. */
const closeTo = (shown: number, expected: number) => Math.abs(shown - expected) <= 1e-4 * Math.abs(expected);

/** Waits until the cell's live x is sgd's after `epoch` epochs: it is drawn in the frame after the status changes. */
async function waitForXAfter(frame: FrameLocator, epoch: number): Promise<number> {
  let last = NaN;
  return waitFor(`the run cell to show x after epoch ${epoch}`, 60_000, async () => {
    last = (await cellNow(frame).catch(() => null))?.x ?? last;
    return closeTo(last, xAfter(epoch)) ? last : undefined;
  }, 250).catch((error: Error) => {
    throw new Error(`${error.message}; it shows x = ${last}, expected ${xAfter(epoch)}`);
  });
}

describe('The figures, which way is down, and Pause / Step / Resume, in code-server', { timeout: 8 * 60_000 }, () => {
  const { step, server } = workbenchSuite({
    name: 'stepping',
    files: { 'scratch.ts': LESSON_TEXT, 'long.ts': LONG_LESSON, 'longAsync.js': LONG_ASYNC_LOOP, 'race.ts': lineFitConfig(0.5, -1, "['sgd', 'adam']"), 'parabola.ts': PARABOLA_TEXT, 'vector.ts': PARABOLA_VECTOR_TEXT },
    settings: WITHOUT_TYPESCRIPT_CHECKS,
    stepTimeoutMs: TEST_TIMEOUT_MS,
  });

  step("says which way is down from the lesson's start, in its numbers", 'downhill', async (page) => {
    await openFile(page, 'scratch.ts');
    await runCommand(page, 'Descent: Run Optimization');
    const text = await waitForOutput(page, 'the end of the scratch.ts run', (all) => linesOfLastRun(all, 'scratch.ts').some((l) => l.includes('tensors leaked')));
    const lines = linesOfLastRun(text, 'scratch.ts');
    const downhill = lines.find((line) => line.includes('which way') || line.includes('down is toward'));
    const context = `\n--- Descent output channel ---\n${text}`;
    assert.ok(downhill, `no which-way-is-down line${context}`);
    for (const part of ['x = 4.12', 'L(4.11) = 2939.2', 'L(4.13) = 2967.9', 'down is toward smaller x', 'dL/dx = 1433.76', '−0.0001 × 1433.76 = −0.143376', 'to 3.976624']) {
      assert.ok(downhill.includes(part), `the line lacks "${part}": ${downhill}${context}`);
    }
    assert.ok(lines.indexOf(downhill) < lines.findIndex((line) => /epoch\s+20\/200/.test(line)), `it comes before the progress lines${context}`);
  });

  step("draws the lesson's error curve in the run cell, from the learner's own loss", 'curve', async (page) => {
    const frame = await webviewFrame(page);
    const figure = frame.locator('.run-cell').last().locator('.curve-figure');
    const caption = figure.locator('figcaption').filter({ hasText: '200 steps, now x = 0.0034543' });
    await caption.waitFor({ timeout: 60_000 });
    const text = (await caption.innerText()).trim();
    assert.match(text, /^Loss over x from -5\.15 to 5\.15 \(101 points\), lowest loss 0 at x = 0 · start x = 4\.12, loss 2953\.55 · sgd lr=0\.0001: 200 steps, now x = 0\.0034543, loss 0\.0020762$/, text);
    assert.equal(await figure.locator('canvas').getAttribute('aria-label'), text, 'the figure is named by its numbers');
    const downhill = (await frame.locator('.run-cell').last().locator('.figure-downhill').innerText()).trim();
    assert.ok(downhill.includes('L(4.11) = 2939.2 < L(4.13) = 2967.9') && downhill.includes('to 3.976624'), downhill);
    // Scrubbing back over the epochs reads what the chart and the curve mark there.
    const cell = frame.locator('.run-cell').last();
    await cell.locator('.epoch-slider').fill('20');
    const readout = cell.locator('.epoch-readout').filter({ hasText: /^epoch 20 · / });
    await readout.waitFor({ timeout: 30_000 });
    assert.match(await readout.innerText(), /^epoch 20 · loss 768\.7\d* at x = 2\.10\d*$/);
    await figure.scrollIntoViewIfNeeded();
    await screenshot(page, 'curve');
  });

  step('pointing at the loss chart reads an epoch, smoothing adds the moving average, and dragging zooms', 'loss-hover', async (page) => {
    const frame = await webviewFrame(page);
    const chart = frame.locator('.run-cell').last().locator('.loss-chart');
    await chart.scrollIntoViewIfNeeded();
    await chart.locator('.smoothing-slider').fill('0.6');
    const box = await chart.locator('canvas').boundingBox();
    assert.ok(box);
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
    await page.mouse.move(box.x + box.width * 0.3 + 2, box.y + box.height / 2);
    const readout = chart.locator('.chart-readout').filter({ hasText: /^epoch \d+ · / });
    await readout.waitFor({ timeout: 30_000 });
    assert.match(await readout.innerText(), /^epoch \d+ · sgd lr=0\.0001: loss \S+ at x = \S+, smoothed \S+$/);
    await screenshot(page, 'loss-hover');
    // Dragging across it zooms into those epochs, and Reset zoom shows them all again.
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.7, box.y + box.height / 2, { steps: 6 });
    await page.mouse.up();
    const reset = chart.locator('.reset-zoom');
    await reset.waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot(page, 'loss-zoomed');
    await reset.click();
    await reset.waitFor({ state: 'hidden', timeout: 30_000 });
  });

  step('races two optimizers across the line fit\'s loss surface, a path each with a legend, and turns it in 3-D', 'race', async (page) => {
    await openFile(page, 'race.ts');
    await runCommand(page, 'Descent: Run Optimization');
    const frame = await panelOf(page, 'race.ts');
    const figure = frame.locator('.run-cell').last().locator('.surface-figure');
    const caption = figure.locator('figcaption').filter({ hasText: 'adam lr=0.05: 100 steps, now' });
    await caption.waitFor({ timeout: 60_000 });
    const text = (await caption.innerText()).trim();
    assert.match(text, /^Loss over m from \S+ to \S+, b from \S+ to \S+ \(41 × 41 points\), lowest loss \S+ at m = (1\.9|2\.0)\d*, b = (0\.9\d*|1|1\.0\d*) · start m = 0\.5, b = -1, loss 8\.662 · sgd lr=0\.05: 100 steps, now .* · adam lr=0\.05: 100 steps, now .*/, text);
    assert.equal(await figure.locator('canvas').getAttribute('aria-label'), text, 'the surface is named by its numbers');
    assert.deepEqual(await figure.locator('.figure-legend .legend-label').allInnerTexts(), ['sgd lr=0.05', 'adam lr=0.05']);
    await figure.scrollIntoViewIfNeeded();
    await screenshot(page, 'race');
    // The same surface in 3-D, turned with the keyboard.
    await figure.locator('.view-toggle').click();
    assert.equal(await figure.locator('.view-toggle').getAttribute('aria-pressed'), 'true');
    await figure.locator('canvas').press('ArrowRight');
    assert.match(await figure.locator('.figure-readout').innerText(), /turn it/);
    await screenshot(page, 'race-3d');
  });

  step('charts each of three variables and slices the surface through the two picked', 'slice', async (page) => {
    await openFile(page, 'parabola.ts');
    await runCommand(page, 'Descent: Run Optimization');
    const frame = await panelOf(page, 'parabola.ts');
    const cell = frame.locator('.run-cell').last();
    const caption = cell.locator('.surface-figure figcaption');
    await caption.filter({ hasText: '150 steps' }).waitFor({ timeout: 60_000 });
    assert.deepEqual(await cell.locator('.variable-chart').evaluateAll((charts) => charts.map((c) => (c as HTMLElement).dataset.name)), ['a', 'b', 'c']);
    assert.match(await caption.innerText(), /^Loss over a from \S+ to \S+, b from \S+ to \S+ \(41 × 41 points\) with c = \S+ held/);
    await cell.locator('.slice-up').selectOption('c');
    await caption.filter({ hasText: /^Loss over a from \S+ to \S+, c from \S+ to \S+ \(41 × 41 points\) with b = \S+ held/ }).waitFor({ timeout: 60_000 });
    await cell.locator('.slice-picker').scrollIntoViewIfNeeded();
    await screenshot(page, 'slice');
  });

  step("charts a tensor variable's components and norm, and slices through two of its components", 'tensor', async (page) => {
    await openFile(page, 'vector.ts');
    await runCommand(page, 'Descent: Run Optimization');
    const frame = await panelOf(page, 'vector.ts');
    const cell = frame.locator('.run-cell').last();
    const caption = cell.locator('.surface-figure figcaption');
    await caption.filter({ hasText: '150 steps' }).waitFor({ timeout: 60_000 });
    assert.deepEqual(await cell.locator('.variable-chart').evaluateAll((charts) => charts.map((c) => (c as HTMLElement).dataset.name)), ['p[0]', 'p[1]', 'p[2]', '‖p‖']);
    assert.match(await caption.innerText(), /^Loss over p\[0\] from \S+ to \S+, p\[1\] from \S+ to \S+ \(41 × 41 points\) with p\[2\] = \S+ held/);
    await cell.locator('.slice-up').selectOption('p[2]');
    await caption.filter({ hasText: /^Loss over p\[0\] from \S+ to \S+, p\[2\] from \S+ to \S+ \(41 × 41 points\) with p\[1\] = \S+ held/ }).waitFor({ timeout: 60_000 });
    await cell.locator('.variable-chart').last().scrollIntoViewIfNeeded();
    await screenshot(page, 'tensor-charts');
    await cell.locator('.surface-figure').scrollIntoViewIfNeeded();
    await screenshot(page, 'tensor-slice');
  });

  step('pauses, steps three epochs and resumes a live run from the command palette, and from the cell\'s buttons', 'stepping', async (page) => {
    await openFile(page, 'long.ts');
    await runCommand(page, 'Descent: Run Optimization');
    const frame = await panelOf(page, 'long.ts');
    await waitForStatus(frame, '● live', (status) => status.includes('live'));

    await runCommand(page, 'Descent: Pause Optimization');
    const paused = await waitForStatus(frame, 'paused at epoch N', (status) => Number.isInteger(pausedAt(status)));
    const epoch = pausedAt(paused.status);
    // Still paused a moment later: the trainer holds, it does not go on by itself.
    await page.waitForTimeout(1500);
    assert.equal(pausedAt((await cellNow(frame)).status), epoch, 'a paused run stays at its epoch');
    const pausedX = await waitForXAfter(frame, epoch);
    // While paused, the figure reasons from where the run holds: its gradient and where the next step lands.
    const downhill = frame.locator('.run-cell').last().locator('.figure-downhill');
    await downhill.filter({ hasText: `↘ epoch ${epoch}:` }).waitFor({ timeout: 60_000 });
    assert.match(await downhill.innerText(), /dL\/dx = [\d.]+ · sgd moves x by −1e−7 × [\d.]+ = −[\d.e−]+, to [\d.]+/);

    for (let k = 1; k <= 3; k++) {
      await runCommand(page, 'Descent: Step Optimization');
      await waitForStatus(frame, `paused at epoch ${epoch + k}`, (status) => pausedAt(status) === epoch + k);
    }
    assert.equal(pausedAt((await cellNow(frame)).status), epoch + 3, 'three steps advance exactly three epochs');
    const steppedX = await waitForXAfter(frame, epoch + 3);
    assert.ok(steppedX < pausedX, `x went down from ${pausedX} to ${steppedX}`);
    await screenshot(page, 'stepping-paused');

    await runCommand(page, 'Descent: Resume Optimization');
    await waitForStatus(frame, '● live again', (status) => status.includes('live'));

    // The cell's own buttons do the same inside the panel.
    const controls = frame.locator('.run-cell').last().locator('.run-controls');
    await controls.locator('.pause-button').click();
    const held = pausedAt((await waitForStatus(frame, 'paused by its Pause button', (status) => Number.isInteger(pausedAt(status)))).status);
    await controls.locator('.step-button').click();
    await waitForStatus(frame, `paused at epoch ${held + 1} after its Step button`, (status) => pausedAt(status) === held + 1);
    await controls.locator('.resume-button').click();
    await waitForStatus(frame, '● live after its Resume button', (status) => status.includes('live'));
    await runCommand(page, 'Descent: Stop Optimization');
    await waitForStatus(frame, 'stopped', (status) => status.includes('stopped'));
  });

  step("pauses the learner's own async loop at its await, steps it epoch by epoch and resumes it", 'stepping-async', async (page) => {
    await openFile(page, 'longAsync.js');
    await runCommand(page, 'Descent: Run Optimization');
    const frame = await webviewFrameShowing(page, '.source-file:text-is("longAsync.js")');
    await waitForStatus(frame, '● live', (status) => status.includes('live'));

    await runCommand(page, 'Descent: Pause Optimization');
    const epoch = pausedAt((await waitForStatus(frame, 'paused at epoch N', (status) => Number.isInteger(pausedAt(status)))).status);
    await page.waitForTimeout(1500);
    assert.equal(pausedAt((await cellNow(frame)).status), epoch, 'the loop stays held at its await');
    const pausedX = await waitForXAfter(frame, epoch);
    for (let k = 1; k <= 2; k++) {
      await runCommand(page, 'Descent: Step Optimization');
      await waitForStatus(frame, `paused at epoch ${epoch + k}`, (status) => pausedAt(status) === epoch + k);
    }
    assert.ok((await waitForXAfter(frame, epoch + 2)) < pausedX);
    await screenshot(page, 'stepping-async-paused');
    await runCommand(page, 'Descent: Resume Optimization');
    await waitForStatus(frame, '● live again', (status) => status.includes('live'));
    await runCommand(page, 'Descent: Stop Optimization');
    await waitForStatus(frame, 'stopped', (status) => status.includes('stopped'));
  });

  step('with descent.figures off, a run cell draws no figure', 'figures-off', async (page) => {
    await changeUserSettings(page, join(server().userDataDir, 'User', 'settings.json'), { 'descent.figures': false });
    // A fresh panel, alone beside its editor.
    await runCommand(page, 'View: Close All Editor Groups');
    await openFile(page, 'scratch.ts');
    await runCommand(page, 'Descent: Run Optimization');
    const frame = await webviewFrame(page);
    const cell = frame.locator('.run-cell').last();
    await cell.locator('.run-status', { hasText: 'completed' }).waitFor({ timeout: 60_000 });
    await page.waitForTimeout(1000);
    assert.equal(await cell.locator('.run-figures').count(), 0, 'no figure');
    assert.equal(await cell.locator('.epoch-slider').count(), 1, 'the epoch slider stays with the charts');
  });
});
