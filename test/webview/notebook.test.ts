/// <reference types="node" />
// The notebook panel in a real Chromium: the page the host builds, served over HTTP under its
// Content-Security-Policy, fed the host's messages, training on WebGL in its worker.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, test, type TestContext } from 'node:test';
import * as esbuild from 'esbuild-wasm';
import type { Browser, Locator, Page } from 'playwright-core';
import { compileScratch } from '../../src/node/compile';
import type { FromWebview, PanelEvent, RunRequest, RunSummary, ToWebview } from '../../src/shared/protocol';
import { noStoredRuns, withBaseline, withCell, withoutCells } from '../../src/shared/storedRuns';
import { formatNumber } from '../../src/shared/wording';
import { findChromium, launchChromium } from '../support/chromium';
import { LESSON_FINAL_X, LESSON_FIRST_LOSS, LESSON_FIRST_PRINT, LESSON_X_AFTER_ONE_EPOCH, lessonAsyncLoop } from '../support/lesson';
import { EXAMPLES_DIR, LESSON_CODE_TEXT, LESSON_TEXT } from '../support/lessonFiles';
import { LEVEL_LINES_ROWS, memoryLineRows } from '../support/memoryChart';
import { LINE_XS, LINE_YS, leastSquaresLine, lineFitConfig } from '../support/lineFit';
import { PARABOLA_TEXT, PARABOLA_VECTOR_TEXT, parabolaLoss } from '../support/parabolaFit';
import { installHostStandIn, loadPanel, PANEL_VIEWPORT, panelReady, postedMessages, workerLogs, type HostWindow, type WorkerLog } from '../support/panelHost';
import { startPanelServer, type PanelServer } from '../support/panelServer';
import { REPO_ROOT } from '../support/repoRoot';

/** An answer slower than this means a frozen page; how fast the page answers is a figure the test prints, not an assertion. */
const FROZEN_MS = 10_000;
const RESULTS = path.join(REPO_ROOT, 'test-results');
// Generous: software WebGL on a busy machine can be many times slower than usual.
const RUN_TIMEOUT = 180_000;

const chromiumPath = findChromium();
let browser: Browser | null = null;
let server: PanelServer | null = null;
const consoleCspErrors: string[] = [];

before(async () => {
  if (!chromiumPath) return;
  server = await startPanelServer();
  browser = await launchChromium(chromiumPath);
  mkdirSync(RESULTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  server?.close();
  await esbuild.stop();
});

panelTest('runs the lesson on WebGL and shows the loss falling', { timeout: RUN_TIMEOUT }, async (page) => {
  // A log line every epoch, to read epoch 1's loss from what the host gets.
  await send(page, { ...(await runRequest(1, 'lesson.ts', LESSON_TEXT)), settings: { logEvery: 1, chartScale: 'linear', keptRuns: 20 } });
  const finished = await waitForFinished(page, 1);
  assert.equal(finished.error, null);
  const posted = await postedMessages(page);
  assert.equal(posted[0].type, 'ready');
  const events = trainerEvents(posted, 1);
  const kinds = events.map((e) => e.type).filter((type, i, all) => type !== all[i - 1]);
  assert.deepEqual(kinds.slice(0, 3), ['plan', 'runStart', 'progress'], kinds.join());
  assert.deepEqual(kinds.slice(-2), ['runEnd', 'finished'], kinds.join());
  assert.deepEqual([...new Set(kinds)].sort(), ['finished', 'log', 'plan', 'progress', 'runEnd', 'runStart', 'slope'], 'the host gets every trainer event, ending with finished');

  const result = runEnds(events)[0];
  assert.equal(result.backend, 'webgl');
  assert.equal(result.status, 'completed');
  assert.ok(Math.abs((result.variables.x as number) - LESSON_FINAL_X) < 1e-5, `final x ${String(result.variables.x)}`);
  // The path, joined into each batch's one read on WebGL: x after every epoch, ending at the final x.
  const xPath = events.flatMap((e) => (e.type === 'progress' ? (e.path?.x ?? []) : []));
  assert.equal(xPath.length, 200);
  assert.ok(Math.abs((xPath[0] as number) - LESSON_X_AFTER_ONE_EPOCH) < 1e-5, `x after epoch 1: ${xPath[0]}`);
  assert.equal(xPath.at(-1), result.variables.x);
  const firstLog = events.find((e) => e.type === 'log');
  assert.ok(firstLog?.type === 'log' && firstLog.epoch === 1, JSON.stringify(firstLog));
  assert.ok(Math.abs((firstLog.loss as number) - LESSON_FIRST_LOSS) < 0.01, `first loss ${String(firstLog.loss)}`);
  assert.equal('loss' in result || finished.runs.some((run) => 'loss' in run), false, 'the host gets no per-epoch losses, only the results');

  const cell = page.locator('.run-cell').first();
  await cell.locator('.run-status:text("completed")').waitFor();
  const shownX = parseShownNumber(await cell.locator('.result-variable[data-name="x"]').textContent());
  assert.ok(Math.abs(shownX - LESSON_FINAL_X) < 1e-5, `the cell shows x = ${shownX}`);
  assert.match((await cell.locator('.cell-header').textContent()) ?? '', /Run 1.*sgd lr=0\.0001.*webgl.*200 epochs.*completed in.*x = 0\.00345/);
  assert.match((await page.locator('.source-glance').textContent()) ?? '', /x = 4\.12 · ys\[5\] · loss = ys\.mul\(x\)\.square\(\)\.mean\(\) · sgd lr=0\.0001 · 200 epochs/);
  assert.equal(await page.isEnabled('.stop-button'), false, 'Stop is disabled once the run is over');
  await page.click('.run-button');
  assert.equal((await postedMessages(page)).at(-1)?.type, 'rerun');

  await nextFrames(page);
  const drawn = await chartPixels(page, 0, 'loss');
  assert.ok(drawn.painted > 1000, `the chart has drawn axes, labels and a line (${drawn.painted} pixels)`);
  assert.ok(drawn.series[0] > 150, `the loss line is drawn in its legend's colour (${drawn.series[0]} pixels)`);

  await page.screenshot({ path: path.join(RESULTS, 'webview-lesson.png'), fullPage: true });
  await assertNoCspViolations(page);
});

panelTest("the lesson's own code runs unchanged: one line per optimizer, its prints and what it leaks", { timeout: RUN_TIMEOUT }, async (page) => {
  const cell = await runToCompletion(page, await runRequest(1, 'lesson-code.ts', LESSON_CODE_TEXT));
  assert.deepEqual(await cell.locator('.legend-label').allTextContents(), ['sgd lr=0.0001']);
  assert.ok(Math.abs(parseShownNumber(await cell.locator('.result-variable[data-name="x"]').textContent()) - LESSON_FINAL_X) < 1e-5);
  const prints = await cell.locator('.print').allTextContents();
  assert.equal(prints.length, 2);
  assert.equal(prints[0], LESSON_FIRST_PRINT);
  assert.match(prints[1], /^Float32Array\(1\) \[ 0\.003454\d+ \]$/, 'WebGL rounds the last digits a little differently from the CPU');
  assert.match((await cell.locator('.leak').textContent()) ?? '', /left 4 tensors .*1 variable never disposed \(x\)/);
  assert.match((await page.locator('.source-glance').textContent()) ?? '', /lesson form.* · sgd lr=0\.0001$/);
  assert.match((await cell.locator('.run-progress').textContent()) ?? '', /^200 epochs$/);
  // The same error curve as the config's: the function it passes to minimize, over x.
  const caption = cell.locator('.curve-figure figcaption').filter({ hasText: '200 steps, now x = 0.00' });
  await caption.waitFor({ timeout: RUN_TIMEOUT });
  assert.match((await caption.textContent()) ?? '', /^Loss over x from -5\.15 to 5\.15 \(101 points\), lowest loss 0 at x = 0 · start x = 4\.12, loss 2953\.55 · sgd lr=0\.0001: 200 steps, now x = 0\.00/);

  await nextFrames(page);
  assert.ok((await chartPixels(page, 0, 'loss')).series[0] > 150, 'the loss line is drawn');
  assert.ok((await chartPixels(page, 0, 'memory')).series[0] > 100, 'the memory lines are drawn');
  await page.screenshot({ path: path.join(RESULTS, 'webview-lesson-form.png'), fullPage: true });
  await assertNoCspViolations(page);
});

panelTest("the course's scratch.js with the page's global tf, trained in an async loop that disposes its tensors at the end, on WebGL", { timeout: RUN_TIMEOUT }, async (page) => {
  const code = lessonAsyncLoop({ after: ["console.log('trained', x.dataSync()[0]);", 'x.dispose();', 'ys.dispose();', 'optimizer.dispose();'] });
  const cell = await runToCompletion(page, await runRequest(1, 'scratch.js', code));
  assert.match((await cell.locator('.cell-header').textContent()) ?? '', /200 epochs.*completed/);
  assert.ok(Math.abs(parseShownNumber(await cell.locator('.result-variable[data-name="x"]').textContent()) - LESSON_FINAL_X) < 1e-5, 'the final x survives the dispose');
  assert.match((await cell.locator('.run-results').textContent()) ?? '', /0\.00207/, 'the loss at the final x');
  assert.match((await cell.locator('.print').allTextContents()).join('\n'), /^trained 0\.003454/m);
  assert.doesNotMatch((await cell.locator('.leak').allTextContents()).join('\n'), /variable never disposed/);
  await assertNoCspViolations(page);
});

panelTest("memory: 'none' leaks a tensor every epoch: the memory chart climbs and marks the leak", { timeout: RUN_TIMEOUT }, async (page) => {
  const leaking = LESSON_TEXT.replace('logEvery: 20,', "logEvery: 10,\n  memory: 'none',");
  const cell = await runToCompletion(page, await runRequest(1, 'lesson.ts', leaking));
  assert.equal(await cell.locator('.run-charts .memory-chart canvas.memory-canvas').count(), 1);
  assert.deepEqual(await cell.locator('.memory-key-item').allInnerTexts(), ['tensors', 'bytes', 'bytes on the GPU'], 'WebGL reports its GPU bytes too');
  const leak = cell.locator('.leak');
  assert.match((await leak.textContent()) ?? '', /^⚠ sgd lr=0\.0001 leaks 1 tensor \(4 B\) every epoch/);
  const gap = await page.evaluate(() => {
    const chart = document.querySelector('.memory-chart')?.getBoundingClientRect();
    const notice = document.querySelector('.leak')?.getBoundingClientRect();
    return chart && notice ? notice.top - chart.bottom : NaN;
  });
  assert.ok(gap >= 0 && gap < 30, `the leak notice sits right under the memory chart (${gap} px below it)`);

  await nextFrames(page);
  const drawn = await chartPixels(page, 0, 'memory');
  assert.ok(drawn.painted > 1000, `the memory chart has drawn axes, labels and lines (${drawn.painted} pixels)`);
  assert.ok(drawn.series[0] > 100, `its lines are drawn in the run's colour (${drawn.series[0]} pixels)`);
  assert.ok(drawn.warning > 40, `the epoch where the leak was noticed is marked in the warning colour (${drawn.warning} pixels)`);
  assert.equal(await chartTensorsRise(page), true, 'the tensor count climbs epoch after epoch');

  await page.screenshot({ path: path.join(RESULTS, 'webview-memory.png'), fullPage: true });
  await assertNoCspViolations(page);
});

panelTest("memory: 'tidy' leaks nothing: every line of the memory chart is flat; and a narrow panel never breaks a number", { timeout: RUN_TIMEOUT }, async (page) => {
  const tidy = LESSON_TEXT.replace('logEvery: 20,', "logEvery: 10,\n  memory: 'tidy',");
  const cell = await runToCompletion(page, await runRequest(1, 'lesson.ts', tidy));
  assert.equal(await cell.locator('.leak').count(), 0, 'no leak notice');
  assert.equal(await cell.locator('.result-leaked').textContent(), '0');
  // What the chart draws: the learner's tensors, bytes and GPU bytes, the same after every batch.
  const samples = trainerEvents(await postedMessages(page), 1).flatMap((e) => (e.type === 'progress' ? [e.memory] : []));
  assert.ok(samples.length >= 2 && samples[0].numBytesInGPU !== null, JSON.stringify(samples));
  assert.deepEqual(samples, samples.map(() => samples[0]), 'every sample the same');
  assert.deepEqual(await cell.locator('.memory-key-item').allInnerTexts(), ['tensors', 'bytes', 'bytes on the GPU']);
  await nextFrames(page);
  const drawn = await chartPixels(page, 0, 'memory');
  assert.ok(drawn.series[0] > 100, `the memory lines are drawn (${drawn.series[0]} pixels)`);
  assert.equal(drawn.warning, 0, 'no leak mark');
  const rows = await cell.evaluate(memoryLineRows);
  assert.ok(rows <= LEVEL_LINES_ROWS, `the three lines are level: together they cover ${rows} rows of the canvas`);
  await cell.locator('.memory-chart').screenshot({ path: path.join(RESULTS, 'webview-memory-tidy.png') });
  await useTheme(page, DARK_MODERN, 'vscode-dark');
  await nextFrames(page);
  assert.ok((await cell.evaluate(memoryLineRows)) <= LEVEL_LINES_ROWS, 'and level in the dark theme');
  await cell.locator('.memory-chart').screenshot({ path: path.join(RESULTS, 'webview-memory-tidy-dark.png') });

  // A VS Code panel beside the editor on a small screen.
  await page.setViewportSize({ width: 420, height: 900 });
  await nextFrames(page);
  for (const selector of ['.result-variable[data-name="x"]', '.result-loss', '.result-epochs']) {
    const lines = await cell.locator(selector).evaluate((e) => e.getClientRects().length);
    assert.equal(lines, 1, `${selector} stays on one line`);
  }
  const variable = await cell.locator('.result-variable[data-name="x"]').boundingBox();
  const lineHeight = await cell.locator('.result-loss').evaluate((e) => parseFloat(getComputedStyle(e).lineHeight) || e.getBoundingClientRect().height);
  assert.ok(variable && variable.height < lineHeight * 1.5, `x = … is one line high (${variable?.height} px)`);
  await page.screenshot({ path: path.join(RESULTS, 'webview-narrow.png'), fullPage: true });
  await assertNoCspViolations(page);
});

panelTest('in High Contrast the buttons stay readable, the disabled Stop too', {}, async (page) => {
  await useTheme(page, DARK_HIGH_CONTRAST, 'vscode-high-contrast');
  for (const [selector, enabled] of [
    ['.run-button', true],
    ['.stop-button', false],
  ] as const) {
    assert.equal(await page.isEnabled(selector), enabled);
    const contrast = await page.locator(selector).evaluate((button) => {
      const rgb = (css: string) => (/rgba?\((\d+), (\d+), (\d+)(?:, ([\d.]+))?\)/.exec(css) ?? []).slice(1).map((v) => (v === undefined ? 1 : Number(v)));
      const style = getComputedStyle(button);
      const [r, g, b, alpha] = rgb(style.backgroundColor);
      const background = alpha === 0 ? rgb(getComputedStyle(document.body).backgroundColor) : [r, g, b];
      const [fr, fg, fb, fa] = rgb(style.color);
      const text = [fr, fg, fb].map((c, i) => fa * c + (1 - fa) * background[i]);
      const luminance = (c: number[]) => {
        const [lr, lg, lb] = c.map((v) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4));
        return 0.2126 * lr + 0.7152 * lg + 0.0722 * lb;
      };
      const [light, dark] = [luminance(text), luminance(background)].sort((a, b) => b - a);
      return (light + 0.05) / (dark + 0.05) / Number(style.opacity);
    });
    assert.ok(contrast >= 4.5, `${selector} text has a contrast of ${contrast.toFixed(2)}:1 against its background`);
  }
  await page.locator('.toolbar').screenshot({ path: path.join(RESULTS, 'webview-high-contrast-toolbar.png') });
});

panelTest('pointing at the loss chart reads the epoch, its loss and where it was measured; smoothing draws the moving average over it', { timeout: RUN_TIMEOUT }, async (page) => {
  const cell = await runToCompletion(page, await runRequest(1, 'lesson.ts', LESSON_TEXT));
  const progress = trainerEvents(await postedMessages(page), 1).filter((e) => e.type === 'progress');
  const losses = progress.flatMap((e) => (e.type === 'progress' ? e.losses : [])) as number[];
  const xs = progress.flatMap((e) => (e.type === 'progress' ? (e.path?.x ?? []) : [])) as number[];
  assert.equal(losses.length, 200);
  const chart = cell.locator('.loss-chart');
  const readout = chart.locator('.chart-readout');
  assert.equal(await readout.textContent(), 'Point at the chart to read an epoch.');
  const box = await chart.locator('canvas').boundingBox();
  assert.ok(box);
  const read = async (fraction: number) => {
    await page.mouse.move(box.x + box.width * fraction, box.y + box.height * 0.5);
    await page.mouse.move(box.x + box.width * fraction + 1, box.y + box.height * 0.5);
    return (await readout.textContent()) ?? '';
  };
  const shown = (text: string) => Number(text);
  const near = (value: number, expected: number) => Math.abs(value - expected) <= 1e-5 * Math.abs(expected) + 1e-12;
  for (const fraction of [0.15, 0.4]) {
    const text = await read(fraction);
    const [, epoch, loss, x] = /^epoch (\d+) · sgd lr=0\.0001: loss (\S+) at x = (\S+)$/.exec(text) ?? [];
    assert.ok(epoch, text);
    const e = Number(epoch);
    // Epoch e's loss was measured where epoch e − 1 left x (epoch 1's at the start).
    assert.ok(near(shown(loss), losses[e - 1]), `${text}: the loss of epoch ${e} is ${losses[e - 1]}`);
    assert.ok(near(shown(x), e === 1 ? 4.12 : xs[e - 2]), `${text}: x before epoch ${e} is ${xs[e - 2]}`);
  }

  // TensorBoard's smoothing: the moving average, debiased by 1 − wⁿ.
  await chart.locator('.smoothing-slider').fill('0.9');
  assert.equal(await chart.locator('.smoothing-value').textContent(), '0.9');
  let average = 0;
  const smoothed = losses.map((loss, k) => (average = average * 0.9 + 0.1 * loss) / (1 - 0.9 ** (k + 1)));
  const text = await read(0.3);
  const [, epoch, value] = /^epoch (\d+) · sgd lr=0\.0001: loss \S+ at x = \S+, smoothed (\S+)$/.exec(text) ?? [];
  assert.ok(epoch, text);
  assert.ok(near(shown(value), smoothed[Number(epoch) - 1]), `${text}: the moving average there is ${smoothed[Number(epoch) - 1]}`);
  assert.ok(shown(value) > losses[Number(epoch) - 1], 'on a falling loss the average lags above it');
  await chart.screenshot({ path: path.join(RESULTS, 'loss-smoothed.png') });
  await useTheme(page, DARK_MODERN, 'vscode-dark');
  await read(0.3);
  await chart.screenshot({ path: path.join(RESULTS, 'loss-smoothed-dark.png') });
  await page.mouse.move(box.x - 40, box.y - 40);
  await readout.filter({ hasText: 'Point at the chart' }).waitFor();

  // Dragging across the chart zooms into those epochs.
  const epochAt = async (fraction: number) => Number(/^epoch (\d+)/.exec(await read(fraction))?.[1]);
  const before = await epochAt(0.12);
  const reset = chart.locator('.reset-zoom');
  assert.equal(await reset.isHidden(), true, 'nothing to reset yet');
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.5);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5, { steps: 6 });
  await page.mouse.up();
  await reset.waitFor({ state: 'visible' });
  const zoomedLeft = await epochAt(0.12);
  const zoomedRight = await epochAt(0.9);
  assert.ok(zoomedLeft > before + 20, `zoomed in, the left of the plot is epoch ${zoomedLeft}, not ${before}`);
  assert.ok(zoomedRight - zoomedLeft < 100, `and the plot spans fewer epochs: ${zoomedLeft} to ${zoomedRight}`);
  await chart.screenshot({ path: path.join(RESULTS, 'loss-zoomed.png') });
  await reset.click();
  await reset.waitFor({ state: 'hidden' });
  assert.equal(await epochAt(0.12), before, 'reset shows every epoch again');
  await assertNoCspViolations(page);
});

panelTest("a finished cell exports its history as CSV and JSON and its loss chart as PNG through the host, and copies the CSV", { timeout: RUN_TIMEOUT }, async (page) => {
  const cell = await runToCompletion(page, await runRequest(1, 'lesson.ts', LESSON_TEXT));
  const exports = cell.locator('.run-exports button');
  assert.deepEqual(await exports.allTextContents(), ['Export CSV…', 'Export JSON…', 'Save chart as PNG…', 'Copy as CSV', 'Pin as baseline', 'Remove']);
  for (let k = 0; k < 4; k++) await exports.nth(k).click();
  const posted = await postedMessages(page);
  const progress = trainerEvents(posted, 1).filter((e) => e.type === 'progress');
  const losses = progress.flatMap((e) => (e.type === 'progress' ? e.losses : []));
  const xs = progress.flatMap((e) => (e.type === 'progress' ? (e.path?.x ?? []) : []));
  const sent = posted.filter((m) => m.type === 'export' || m.type === 'copy');
  assert.deepEqual(sent.map((m) => (m.type === 'export' ? `${m.format} of run ${m.run}` : m.type)), ['csv of run 1', 'json of run 1', 'png of run 1', 'copy']);
  const [csv, json, png, copy] = sent.map((m) => (m.type === 'export' ? m.content : m.type === 'copy' ? m.text : ''));

  const rows = csv.trimEnd().split('\n');
  assert.equal(rows[0], 'run,epoch,loss,x');
  assert.equal(rows.length, 201);
  rows.slice(1).forEach((row, k) => {
    const [run, epoch, loss, x] = row.split(',');
    assert.deepEqual([run, Number(epoch)], ['sgd lr=0.0001', k + 1]);
    assert.equal(Number(loss), losses[k], `epoch ${k + 1}'s loss reads back exactly`);
    assert.equal(Number(x), xs[k], `x after epoch ${k + 1} reads back exactly`);
  });
  assert.equal(copy, csv, 'the clipboard gets the same CSV');

  const document = JSON.parse(json);
  assert.equal(document.file, 'lesson.ts');
  assert.deepEqual(document.runs[0].loss, losses);
  assert.deepEqual(document.runs[0].path.x, xs);
  assert.equal(document.runs[0].result.status, 'completed');

  const image = Buffer.from(png, 'base64');
  assert.deepEqual([...image.subarray(1, 4)].map((c) => String.fromCharCode(c)).join(''), 'PNG');
  const canvasWidth = await cell.locator('.loss-canvas').evaluate((canvas: HTMLCanvasElement) => canvas.width);
  assert.equal(image.readUInt32BE(16), canvasWidth, "the picture is the chart's canvas");
  await assertNoCspViolations(page);
});

panelTest('a pinned run is the baseline later runs draw against; cells are removed one by one or cleared', { timeout: RUN_TIMEOUT }, async (page) => {
  await runToCompletion(page, await runRequest(1, 'lesson.ts', LESSON_TEXT));
  const first = page.locator('.run-cell[data-request-id="1"]');
  await first.locator('.pin-button').click();
  assert.equal(await first.locator('.run-pinned').textContent(), 'pinned as baseline');
  assert.equal(await first.locator('.pin-button').textContent(), 'Unpin baseline');
  await send(page, await runRequest(2, 'lesson.ts', LESSON_TEXT.replace('learningRate: 0.0001', 'learningRate: 0.00003')));
  await waitForFinished(page, 2);
  const second = page.locator('.run-cell[data-request-id="2"]');
  await second.locator('.run-status:text("completed")').waitFor();
  const lossChart = second.locator('.loss-canvas');
  assert.equal(await lossChart.getAttribute('aria-label'), 'Loss per epoch: sgd lr=0.00003; baseline Run 1: sgd lr=0.0001');
  assert.equal(await second.locator('.baseline-key').textContent(), '┄ baseline: Run 1: sgd lr=0.0001');
  // The baseline is drawn in the muted colour, dashed, beside the run's own line.
  const mutedPixels = () =>
    lossChart.evaluate((canvas: HTMLCanvasElement) => {
      const probe = document.createElement('canvas').getContext('2d') as CanvasRenderingContext2D;
      probe.fillStyle = getComputedStyle(document.body).getPropertyValue('--descent-muted').trim();
      probe.fillRect(0, 0, 1, 1);
      const [r, g, b] = probe.getImageData(0, 0, 1, 1).data;
      const data = (canvas.getContext('2d') as CanvasRenderingContext2D).getImageData(0, 0, canvas.width, canvas.height).data;
      let count = 0;
      for (let i = 0; i < data.length; i += 4) if (Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b) < 24 && data[i + 3] > 200) count++;
      return count;
    });
  const withBaseline = await mutedPixels();
  await second.locator('.loss-chart').screenshot({ path: path.join(RESULTS, 'loss-baseline.png') });

  await first.evaluate((details) => ((details as HTMLDetailsElement).open = true));
  await first.locator('.run-exports button', { hasText: 'Remove' }).click();
  assert.equal(await page.locator('.run-cell').count(), 1, 'the pinned cell is gone');
  assert.equal(await lossChart.getAttribute('aria-label'), 'Loss per epoch: sgd lr=0.00003', 'and with it the baseline');
  // The chart redraws in a coming frame, paced by how busy the page is.
  const without = await settled(mutedPixels, (count) => count < withBaseline);
  assert.ok(without < withBaseline, `the dashed line is no longer drawn (${without} muted pixels, ${withBaseline} with it)`);
  await page.locator('.clear-button').click();
  assert.equal(await page.locator('.run-cell').count(), 0, 'Clear removes the rest');
  await assertNoCspViolations(page);
});

panelTest('a second run appends a cell and keeps the first, collapsed to its summary', { timeout: RUN_TIMEOUT }, async (page) => {
  await send(page, await runRequest(1, 'lesson.ts', LESSON_TEXT));
  await waitForFinished(page, 1);
  const faster = LESSON_TEXT.replace('learningRate: 0.0001', 'learningRate: 0.001');
  await send(page, await runRequest(2, 'lesson.ts', faster));
  await waitForFinished(page, 2);

  const cells = page.locator('.run-cell');
  assert.equal(await cells.count(), 2);
  const [first, second] = [cells.nth(0), cells.nth(1)];
  assert.equal(await first.getAttribute('data-request-id'), '1');
  assert.equal(await second.getAttribute('data-request-id'), '2');
  assert.equal(await first.evaluate((d) => (d as HTMLDetailsElement).open), false, 'the earlier cell is collapsed');
  assert.equal(await second.evaluate((d) => (d as HTMLDetailsElement).open), true);
  assert.match((await first.locator('.cell-header').textContent()) ?? '', /Run 1.*sgd lr=0\.0001.*completed in.*x = 0\.00345/);
  assert.match((await second.locator('.cell-header').textContent()) ?? '', /^Run 2 · sgd lr=0\.001 · webgl · 200 epochs · \d+ epochs\/s · ✓ completed in .* · x = .* · loss /);
  await second.locator('.run-status:text("completed")').waitFor();
  assert.ok(Math.abs(parseShownNumber(await second.locator('.result-variable[data-name="x"]').textContent())) < 1e-20);
  assert.equal(await second.locator('.run-changes').textContent(), 'vs Run 1: learningRate 0.0001 → 0.001', 'what the second run changes, on a line of its own');
  assert.equal(await first.locator('.run-changes').count(), 0, 'the first run has nothing before it');

  await page.screenshot({ path: path.join(RESULTS, 'webview-two-runs.png'), fullPage: true });
  await assertNoCspViolations(page);
});

panelTest('a loss that throws shows its message at the learner\'s line', { timeout: RUN_TIMEOUT }, async (page) => {
  const scratch = [
    "import * as tf from '@tensorflow/tfjs';",
    "console.log('starting from', 1); console.warn('careful');",
    'export default {',
    '  variables: { x: 1 },',
    '  loss: ({ x }: Record<string, tf.Tensor>) => {',
    "    if (x) throw new Error('the loss exploded');",
    '    return x;',
    '  },',
    "  optimizer: 'sgd',",
    '  learningRate: 0.1,',
    '  epochs: 5,',
    '};',
  ].join('\n');
  await send(page, await runRequest(7, 'exploding.ts', scratch));
  const finished = await waitForFinished(page, 7);
  assert.equal(finished.error?.line, 6, JSON.stringify(finished.error));

  const error = page.locator('.run-cell .run-error');
  await error.waitFor();
  const text = (await error.textContent()) ?? '';
  assert.match(text, /exploding\.ts:6:\d+/);
  assert.match(text, /the loss exploded/);
  assert.equal(await page.locator('.run-cell').getAttribute('data-status'), 'error');
  assert.equal(await page.locator('.source-line.error-line').textContent(), "    if (x) throw new Error('the loss exploded');");
  const prints = page.locator('.run-cell .print');
  assert.deepEqual(await prints.allTextContents(), ['starting from 1', 'careful']);
  assert.deepEqual(await prints.evaluateAll((lines) => lines.map((l) => (l as HTMLElement).dataset.level)), ['log', 'warn']);
  assert.equal(await page.locator('.run-cell .run-charts').isVisible(), false, 'a run that failed before its first epoch shows no charts');
  assert.equal(await page.locator('.run-cell .run-main').evaluate((main) => main.getBoundingClientRect().height), 0, 'and keeps no room for them');
  await page.screenshot({ path: path.join(RESULTS, 'webview-error.png'), fullPage: true });
  await assertNoCspViolations(page);
});

panelTest('several optimizers overlay in one chart, in the dark theme', { timeout: RUN_TIMEOUT }, async (page) => {
  await useTheme(page, DARK_MODERN, 'vscode-dark');
  const scratch = LESSON_TEXT.replace("optimizer: 'sgd'", "optimizer: ['sgd', 'adam']")
    .replace('learningRate: 0.0001', 'learningRate: 0.01')
    .replace('epochs: 200', 'epochs: 50');
  await send(page, await runRequest(3, 'lesson.ts', scratch));
  const finished = await waitForFinished(page, 3);
  assert.equal(finished.error, null);
  assert.deepEqual(
    finished.runs.map((r) => r.label),
    ['sgd lr=0.01', 'adam lr=0.01'],
  );

  const cell = page.locator('.run-cell');
  assert.equal(await cell.locator('canvas.loss-canvas').count(), 1, 'one chart for both optimizers');
  assert.deepEqual(await cell.locator('.legend-label').allTextContents(), ['sgd lr=0.01', 'adam lr=0.01']);
  assert.equal(await cell.locator('.result-row').count(), 2);
  // sgd at this rate oversteps (x is multiplied by -2.48 each epoch) until the loss overflows.
  assert.equal(await cell.locator('.result-row').first().getAttribute('data-status'), 'diverged');

  await cell.locator('.scale-toggle input').check();
  await nextFrames(page);
  const drawn = await chartPixels(page, 0, 'loss');
  assert.ok(drawn.series[0] > 100 && drawn.series[1] > 100, `both lines are drawn in their colours (${drawn.series.join(', ')})`);
  const swatch = await cell.locator('.legend-swatch').first().evaluate((s) => getComputedStyle(s).backgroundColor);
  assert.equal(swatch, 'rgb(55, 148, 255)', "the first series takes the dark theme's --vscode-charts-blue");

  await page.screenshot({ path: path.join(RESULTS, 'webview-dark.png'), fullPage: true });
  await assertNoCspViolations(page);
});

panelTest('Stop ends a long run at once and reports the epoch it reached', { timeout: RUN_TIMEOUT }, async (page) => {
  await send(page, await runRequest(4, 'lesson.ts', LESSON_TEXT.replace('epochs: 200', 'epochs: 5000000')));
  await page.waitForFunction(() => /epoch ([2-9]\d|\d{3,})\//.test(document.querySelector('.run-progress')?.textContent ?? ''), undefined, {
    timeout: RUN_TIMEOUT,
  });
  await page.click('.stop-button');

  const cell = page.locator('.run-cell');
  assert.equal(await cell.getAttribute('data-status'), 'stopped');
  const stopped = (await postedMessages(page)).find((m) => m.type === 'stopped');
  assert.ok(stopped && stopped.type === 'stopped' && stopped.requestId === 4 && stopped.epoch > 0, JSON.stringify(stopped));
  assert.equal(await cell.locator('.run-status').textContent(), `■ stopped at epoch ${stopped.epoch}`);
  const header = (await cell.locator('.cell-header').textContent()) ?? '';
  assert.deepEqual([...header.matchAll(/epoch (\d+)/g)].map((m) => Number(m[1])), [stopped.epoch], `the header names one epoch: ${header}`);
  assert.equal(await page.isEnabled('.stop-button'), false);
  await page.screenshot({ path: path.join(RESULTS, 'webview-stopped.png'), fullPage: true });
  await assertNoCspViolations(page);
});

panelTest("the host's stop ends a scratch stuck in an endless loop, and so does a new run", { timeout: RUN_TIMEOUT }, async (page) => {
  const endless = LESSON_TEXT.replace(/loss: .*/, 'loss: () => { for (;;) {} },');
  await send(page, await runRequest(5, 'lesson.ts', endless));
  await page.waitForSelector('.run-cell[data-status="live"]', { timeout: RUN_TIMEOUT });
  await send(page, { type: 'stop' });
  await page.waitForSelector('.run-cell[data-status="stopped"]');
  assert.deepEqual(
    (await postedMessages(page)).filter((m) => m.type === 'stopped'),
    [{ type: 'stopped', requestId: 5, epoch: 0 }],
  );

  // A new request while one is live stops the live one first.
  await send(page, await runRequest(6, 'lesson.ts', endless));
  await page.waitForSelector('.run-cell[data-request-id="6"][data-status="live"]', { timeout: RUN_TIMEOUT });
  await send(page, await runRequest(7, 'lesson.ts', LESSON_TEXT));
  assert.equal((await waitForFinished(page, 7)).error, null);
  assert.deepEqual(
    (await postedMessages(page)).filter((m) => m.type === 'stopped'),
    [
      { type: 'stopped', requestId: 5, epoch: 0 },
      { type: 'stopped', requestId: 6, epoch: 0 },
    ],
  );
  assert.deepEqual(await page.locator('.run-cell').evaluateAll((cells) => cells.map((c) => (c as HTMLElement).dataset.status)), [
    'stopped',
    'stopped',
    'completed',
  ]);
  await assertNoCspViolations(page);
});

panelTest('the panel beats every second while a run is active, even with its worker stuck, and shows the host\'s notice', { timeout: RUN_TIMEOUT }, async (page) => {
  const beats = async () => (await postedMessages(page)).filter((m) => m.type === 'heartbeat');
  const endless = LESSON_TEXT.replace(/loss: .*/, 'loss: () => { for (;;) {} },');
  await send(page, await runRequest(8, 'lesson.ts', endless));
  await page.waitForSelector('.run-cell[data-status="live"]', { timeout: RUN_TIMEOUT });
  const atLive = (await beats()).length;
  await page.waitForTimeout(3200);
  const during = (await beats()).length - atLive;
  assert.ok(during >= 2 && during <= 5, `${during} beats in 3.2 s of a worker stuck in an endless loop`);
  assert.deepEqual((await beats()).at(-1), { type: 'heartbeat', hidden: false });

  await send(page, { type: 'stop' });
  await page.waitForSelector('.run-cell[data-status="stopped"]');
  const atStop = (await beats()).length;
  await page.waitForTimeout(2200);
  assert.equal((await beats()).length, atStop, 'no beats once the run is over');

  await send(page, { type: 'notice', text: '✗ runtime error: the panel was reopened' });
  const notice = page.locator('.panel-notice[role="alert"]');
  assert.equal(await notice.textContent(), '✗ runtime error: the panel was reopened');
  assert.equal(await page.locator('.run-cell').count(), 1, 'the notice is no run cell');
});

panelTest('a million epochs keep the panel responsive and its heap small', { timeout: 20 * 60_000 }, async (page) => {
  const epochs = 1_000_000;
  const tiny = LESSON_TEXT.replace('epochs: 200,', `epochs: ${epochs},\n  backend: 'cpu',`).replace('logEvery: 20,', 'logEvery: 100000,');
  const memoryUsed = await memoryMeter(page);
  const before = await memoryUsed();
  await page.evaluate(() => {
    const panel = window as unknown as { __longestFrameGap: number };
    panel.__longestFrameGap = 0;
    let last = performance.now();
    const frame = (now: number) => {
      panel.__longestFrameGap = Math.max(panel.__longestFrameGap, now - last);
      last = now;
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
  await send(page, await runRequest(10, 'tiny.ts', tiny));
  // While it trains, the page answers a script as a click would be answered.
  // What the panel posts, VS Code carries away; the stand-in's copies of each progress, and of
  // the ended cell it hands the host to keep, are no part of the panel's heap.
  const dropPostedProgress = (andKept = false) =>
    page.evaluate((kept) => {
      const host = window as unknown as HostWindow;
      host.__posted = host.__posted.filter(({ message: m }) => !(m.type === 'trainer' && m.event.type === 'progress') && !(kept && m.type === 'keep'));
    }, andKept);
  let slowestAnswer = 0;
  let done = false;
  const finished = page
    .waitForFunction(
      (id) => (window as unknown as HostWindow).__posted.some(({ message: m }) => m.type === 'trainer' && m.requestId === id && m.event.type === 'finished'),
      10,
      { timeout: 20 * 60_000, polling: 1000 },
    )
    .finally(() => (done = true));
  while (!done) {
    const asked = performance.now();
    await page.evaluate(() => document.querySelector('.run-progress')?.textContent);
    slowestAnswer = Math.max(slowestAnswer, performance.now() - asked);
    await dropPostedProgress();
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  await finished;
  const keptEpochs = await page.evaluate(() => {
    const kept = (window as unknown as HostWindow).__posted.find(({ message: m }) => m.type === 'keep')?.message;
    const progress = kept?.type === 'keep' ? kept.cell.events.find((event) => event.type === 'progress') : undefined;
    return progress?.type === 'progress' ? progress.losses.length : 0;
  });
  assert.equal(keptEpochs, epochs, 'the ended cell goes to the host with every epoch');
  await dropPostedProgress(true);
  const result = runEnds(trainerEvents(await postedMessages(page), 10))[0];
  assert.equal(result?.epochs, epochs, JSON.stringify(result));
  await page.locator('.run-cell[data-status="completed"]').waitFor();
  await nextFrames(page);
  const longestFrameGap = await page.evaluate(() => (window as unknown as { __longestFrameGap: number }).__longestFrameGap);
  const grown = grownMb(before, await memoryUsed());
  console.log(
    `# 1M epochs in the panel: JS heap +${grown.js.toFixed(1)} MB, with typed arrays and the DOM +${grown.total.toFixed(1)} MB; ` +
      `${Math.round(result.epochs / (result.ms / 1000))} epochs/s on ${result.backend}; slowest answer ${Math.round(slowestAnswer)} ms; longest frame gap ${Math.round(longestFrameGap)} ms`,
  );
  assert.ok(grown.js < 16, `the JS heap grew by ${grown.js.toFixed(1)} MB for a million epochs`);
  // The run keeps 8 bytes an epoch (its loss and x as float32, for scrubbing and export) and the
  // loss chart 4 (its buffer grows by doubling); what is drawn is decimated.
  assert.ok(grown.total < 32, `the page's memory grew by ${grown.total.toFixed(1)} MB for a million epochs`);
  // Responsive, not fast: a frozen page never answers; a loaded two-core machine may answer late.
  assert.ok(slowestAnswer < FROZEN_MS, `the page took ${Math.round(slowestAnswer)} ms to answer during the run`);
  assert.ok((await chartPixels(page, 0, 'loss')).series[0] > 100, 'the loss line of a million epochs is drawn');
});

panelTest('draws the lesson\'s error curve from its own loss, with the path, the start and which way is down, in three themes', { timeout: RUN_TIMEOUT }, async (page) => {
  const cell = await runToCompletion(page, await runRequest(1, 'lesson.ts', LESSON_TEXT));
  const figure = cell.locator('.curve-figure');
  const caption = figure.locator('figcaption');
  // The figure draws in the frames after the cell says completed.
  await caption.filter({ hasText: '200 steps, now x = 0.0034543' }).waitFor({ timeout: RUN_TIMEOUT });
  const text = (await caption.textContent()) ?? '';
  assert.match(text, /^Loss over x from -5\.15 to 5\.15 \(101 points\), lowest loss 0 at x = 0 · start x = 4\.12, loss 2953\.55 · sgd lr=0\.0001: 200 steps, now x = 0\.0034543, loss 0\.0020762$/, text);
  assert.equal(await figure.locator('canvas').getAttribute('aria-label'), text, 'the figure\'s accessible name states its numbers');
  assert.match(
    (await cell.locator('.figure-downhill').textContent()) ?? '',
    /↘ start: x = 4\.12, loss 2953\.55 · L\(4\.11\) = 2939\.2 < L\(4\.13\) = 2967\.9, so down is toward smaller x · dL\/dx = 1433\.76 · sgd moves x by −0\.0001 × 1433\.76 = −0\.143376, to 3\.976624/,
  );
  // Hovering reads the curve: the learner's loss at 4.12, −4.12 and 0, as 174·x².
  for (const x of [4.12, -4.12, 0]) {
    const read = await hoverCurveAt(page, figure, x);
    assert.equal(read.x, x, `the readout lands on the grid point ${x}`);
    assert.ok(Math.abs(read.loss - 174 * x * x) <= 1e-5 * Math.max(1, 174 * x * x), `L(${x}) = ${read.loss}`);
  }
  const pixels = await figure.locator('canvas').evaluate((canvas: HTMLCanvasElement) => {
    const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? new Uint8ClampedArray();
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
    return painted;
  });
  assert.ok(pixels > 2000, `the curve is drawn (${pixels} pixels painted)`);
  // Scrubbing back to epoch 20 marks it on the loss chart and on the curve, and says what the log line says of it.
  const canvases = async () => Promise.all([cell.locator('.loss-canvas'), figure.locator('canvas')].map((c) => c.evaluate((canvas: HTMLCanvasElement) => canvas.toDataURL())));
  const unmarked = await canvases();
  const slider = cell.locator('.epoch-slider');
  assert.equal(await slider.inputValue(), '200', 'the slider follows the run to its last epoch');
  await slider.fill('20');
  const readout = cell.locator('.epoch-readout');
  await readout.filter({ hasText: /^epoch 20 · / }).waitFor();
  assert.match((await readout.textContent()) ?? '', /^epoch 20 · loss 768\.7\d* at x = 2\.10\d*$/);
  const marked = await settled(canvases, (now) => now[0] !== unmarked[0] && now[1] !== unmarked[1]);
  assert.ok(marked[0] !== unmarked[0] && marked[1] !== unmarked[1], `a cursor on the loss chart (${marked[0] !== unmarked[0]}) and on the curve (${marked[1] !== unmarked[1]})`);
  await figure.screenshot({ path: path.join(RESULTS, 'figure-curve-scrubbed.png') });
  await slider.focus();
  await page.keyboard.press('End');
  assert.equal(await settled(() => readout.textContent(), (text) => text === ''), '', 'back at the last epoch, the slider follows the run again');
  assert.deepEqual(await settled(canvases, (now) => now.join() === unmarked.join()), unmarked, 'back at the last epoch, no cursor');
  await figure.screenshot({ path: path.join(RESULTS, 'figure-curve-light.png') });
  await page.screenshot({ path: path.join(RESULTS, 'webview-curve.png'), fullPage: true });
  await useTheme(page, DARK_MODERN, 'vscode-dark');
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
  await figure.screenshot({ path: path.join(RESULTS, 'figure-curve-dark.png') });
  await useTheme(page, DARK_HIGH_CONTRAST, 'vscode-high-contrast');
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
  await figure.screenshot({ path: path.join(RESULTS, 'figure-curve-high-contrast.png') });
  await assertNoCspViolations(page);
});

panelTest('takes the lesson\'s start on its error curve: a dashed preview while it is dragged or moved with the keys, and on release a new run from there', { timeout: RUN_TIMEOUT }, async (page) => {
  const cell = await runToCompletion(page, await runRequest(1, 'lesson.ts', LESSON_TEXT));
  const figure = cell.locator('.curve-figure');
  await figure.locator('figcaption').filter({ hasText: '200 steps, now x = 0.0034543' }).waitFor({ timeout: RUN_TIMEOUT });
  const handle = figure.locator('.start-handle');
  await handle.waitFor();
  assert.equal(await handle.getAttribute('role'), 'slider');
  assert.match((await handle.getAttribute('aria-label')) ?? '', /^Start of the descent: drag it, or move it with the arrow keys/);
  assert.equal(await handle.getAttribute('aria-valuetext'), 'x = 4.12');
  const canvas = figure.locator('canvas');
  const preview = cell.locator('.figure-preview');
  const plays = async () => (await postedMessages(page)).flatMap((m) => (m.type === 'play' ? [m] : []));

  // The run went from 4.12 to 0, right of the middle: pixels in its colour left of the middle are the preview's.
  const leftOfMiddle = () => canvas.evaluate((c: HTMLCanvasElement) => {
    const probe = document.createElement('canvas').getContext('2d') as CanvasRenderingContext2D;
    probe.fillStyle = getComputedStyle(document.body).getPropertyValue('--descent-series-1').trim();
    probe.fillRect(0, 0, 1, 1);
    const colour = probe.getImageData(0, 0, 1, 1).data;
    const data = (c.getContext('2d') as CanvasRenderingContext2D).getImageData(0, 0, Math.floor(c.width * 0.45), c.height).data;
    let count = 0;
    for (let i = 0; i < data.length; i += 4) if (Math.abs(data[i] - colour[0]) + Math.abs(data[i + 1] - colour[1]) + Math.abs(data[i + 2] - colour[2]) < 30) count++;
    return count;
  });
  const unpreviewedLeft = await leftOfMiddle();

  // Dragged with the pointer to the left half of the curve: the path from there previewed, dashed, and in words.
  const from = await handle.boundingBox();
  const area = await canvas.boundingBox();
  assert.ok(from && area);
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  for (const share of [0.5, 0.35, 0.3]) await page.mouse.move(area.x + area.width * share, from.y + from.height / 2, { steps: 4 });
  const text = await settled(() => preview.textContent(), (t) => /^Preview from x = −\d/.test(t ?? ''));
  const dragged = Number(/^Preview from x = (\S+):/.exec(text ?? '')?.[1].replace('−', '-'));
  assert.ok(dragged < -1, `dragged to x = ${dragged}: ${text}`);
  assert.match(text ?? '', /^Preview from x = −[\d.]+: sgd lr=0\.0001 ends at x = −0\.0\d+, loss [\d.e−-]+ after 200 epochs · release \(or Enter\) to run it$/);
  assert.ok((await settled(leftOfMiddle, (n) => n > unpreviewedLeft + 50)) > unpreviewedLeft + 50, 'the preview is drawn on the left of the curve, in the run\'s colour');
  assert.match((await handle.getAttribute('aria-valuetext')) ?? '', /^x = −\d/, 'the handle says where it is');
  await figure.screenshot({ path: path.join(RESULTS, 'figure-curve-preview-light.png') });
  await cell.locator('.run-figures').screenshot({ path: path.join(RESULTS, 'figures-play-light.png') });
  await useTheme(page, DARK_MODERN, 'vscode-dark');
  await nextFrames(page);
  await figure.screenshot({ path: path.join(RESULTS, 'figure-curve-preview-dark.png') });
  await page.mouse.up();
  const [play] = await settled(plays, (posted) => posted.length > 0);
  assert.equal(play?.from, 1);
  const x = play.change.start.x;
  assert.ok(x < -1 && Number(x.toPrecision(3)) === x, `the release posts x to three significant digits: ${x}`);
  assert.deepEqual(play.change, { start: { x }, rateFactor: 1, options: {} });
  assert.equal(await settled(() => preview.isHidden(), (hidden) => hidden), true, 'the preview goes once the start is let go');
  assert.equal(await handle.getAttribute('aria-valuetext'), 'x = 4.12', 'the start is back where the run started');

  // From the keyboard: one grid step right is previewed, Enter runs it.
  await handle.focus();
  await page.keyboard.press('ArrowRight');
  await settled(() => preview.textContent(), (t) => (t ?? '').startsWith('Preview from x = 4.22:'));
  assert.match((await preview.textContent()) ?? '', /^Preview from x = 4\.22: /);
  await page.keyboard.press('Enter');
  const keyed = await settled(plays, (posted) => posted.length > 1);
  assert.deepEqual(keyed[1]?.change, { start: { x: 4.22 }, rateFactor: 1, options: {} });

  // The learning rate's slider: moved, it previews the path at that rate; Enter runs it.
  const rate = cell.locator('.play-slider').first();
  assert.match((await rate.getAttribute('aria-label')) ?? '', /^learning rate \(×0\.01 to ×100 of each run's\)/);
  await rate.fill('150');
  assert.equal(await rate.getAttribute('aria-valuetext'), 'learning rate ×10 → 0.001');
  await settled(() => preview.textContent(), (t) => (t ?? '').startsWith('Preview from x = 4.12: sgd lr=0.001 ends at'));
  assert.match((await preview.textContent()) ?? '', /^Preview from x = 4\.12: sgd lr=0\.001 ends at x = [\d.e−-]+, loss /);
  await cell.locator('.run-figures').screenshot({ path: path.join(RESULTS, 'figures-slider-dark.png') });
  assert.equal((await plays()).length, 2, 'moving a slider runs nothing');
  await rate.press('Enter');
  const slid = await settled(plays, (posted) => posted.length > 2);
  assert.deepEqual(slid[2]?.change, { start: {}, rateFactor: 10, options: {} });

  // The host runs the same code again with the change: a new cell that says what changed, ending elsewhere.
  await send(page, { ...(await runRequest(2, 'lesson.ts', LESSON_TEXT)), play: { from: 1, change: play.change } });
  assert.equal((await waitForFinished(page, 2)).error, null);
  const second = page.locator('.run-cell').nth(1);
  await second.locator('.run-status:text("completed")').waitFor();
  const header = (await second.locator('.cell-header').textContent()) ?? '';
  assert.ok(header.includes(`vs Run 1: x 4.12 → ${formatNumber(x).replace('-', '−')} (dragged)`), header);
  const finalX = parseShownNumber(await second.locator('.result-variable[data-name="x"]').textContent());
  assert.ok(finalX < 0 && Math.abs(finalX) < 0.01, `from ${x} the descent ends near 0 on the other side: x = ${finalX}`);
  // Its numbers can go into the file: the host is asked to write the change; a cell run from the file has no such button.
  await second.locator('button:text("Use in scratch")').click();
  const used = await settled(() => postedMessages(page), (posted) => posted.some((m) => m.type === 'useInScratch'));
  assert.deepEqual(used.filter((m) => m.type === 'useInScratch'), [{ type: 'useInScratch', change: play.change }]);
  assert.equal(await cell.first().locator('button:text("Use in scratch")').count(), 0);
  await page.screenshot({ path: path.join(RESULTS, 'webview-play-dark.png'), fullPage: true });
  await assertNoCspViolations(page);
});

panelTest('with descent.figures off a cell draws no figure and starts no landscape worker, spare or not', { timeout: RUN_TIMEOUT, query: '?figures=off' }, async (page) => {
  const request = { ...(await runRequest(1, 'lesson.ts', LESSON_TEXT)), settings: { logEvery: null, chartScale: 'linear', keptRuns: 20, figures: false } } as const;
  const cell = await runToCompletion(page, request);
  await nextFrames(page);
  assert.equal(await cell.locator('.run-figures').count(), 0);
  // Once the spare trainer after the run is ready, a landscape spare would have been started beside it.
  const logs = await workersWhen(page, 'a spare trainer after the run', (all) => all.some((log) => !log.posted.includes('start') && log.heard.includes('warmed')));
  assert.deepEqual(logs.filter((log) => log.posted.includes('probe') || log.posted.includes('warm cpu')), [], 'no landscape worker');
  assert.equal(logs.filter((log) => log.posted.includes('start')).length, 1, 'one trainer');
});

panelTest('with too large a rate the run zig-zags across the minimum and climbs out, and the curve grows to hold it', { timeout: RUN_TIMEOUT }, async (page) => {
  const diverging = LESSON_TEXT.replace('learningRate: 0.0001', 'learningRate: 0.0065').replace('epochs: 200,', 'epochs: 12,');
  const cell = await runToCompletion(page, await runRequest(1, 'lesson.ts', diverging));
  const caption = cell.locator('.curve-figure figcaption');
  await caption.filter({ hasText: '12 steps' }).waitFor({ timeout: RUN_TIMEOUT });
  const read = (text: string) => ({
    high: Number(/from -?[\d.e+]+ to ([\d.e+]+)/.exec(text)?.[1]),
    now: Number(/now x = (-?[\d.e+]+)/.exec(text)?.[1]),
  });
  // The landscape asked for when the path left the range comes a moment after the run's end.
  const text = await settled(async () => (await caption.textContent()) ?? '', (t) => read(t).high >= Math.abs(read(t).now));
  const { high, now } = read(text);
  assert.ok(Math.abs(Number(now)) > 4.12, `the run climbs out: now x = ${now}`);
  assert.ok(Number(high) >= Math.abs(Number(now)), `the curve's range (to ${high}) holds where the run went (${now}): ${text}`);
  const xPath = trainerEvents(await postedMessages(page), 1).flatMap((e) => (e.type === 'progress' ? (e.path?.x ?? []) : [])) as number[];
  assert.ok(xPath.every((x, i) => Math.sign(x) === (i % 2 === 0 ? -1 : 1)), `x crosses 0 every epoch: ${xPath.join(', ')}`);
});

panelTest('two optimizers race across the line fit\'s loss surface, a path each in its colour, with its lowest point at the least-squares line', { timeout: RUN_TIMEOUT }, async (page) => {
  const race = lineFitConfig(0.5, -1, "['sgd', 'adam']");
  const cell = await runToCompletion(page, await runRequest(1, 'line.ts', race));
  const figure = cell.locator('.surface-figure');
  const caption = figure.locator('figcaption');
  await caption.filter({ hasText: 'adam lr=0.05: 100 steps, now' }).waitFor({ timeout: RUN_TIMEOUT });
  const text = (await caption.textContent()) ?? '';
  const [, m0, m1, b0, b1, lowM, lowB] = /^Loss over m from (\S+) to (\S+), b from (\S+) to (\S+) \(41 × 41 points\), lowest loss \S+ at m = (\S+), b = (\S+) · start m = 0\.5, b = -1, loss \S+ · sgd lr=0\.05: 100 steps, now m = \S+, b = \S+, loss \S+ · adam lr=0\.05: 100 steps, now m = \S+, b = \S+, loss \S+$/.exec(text) ?? [];
  assert.ok(lowB !== undefined, text);
  assert.equal(await figure.locator('canvas').getAttribute('aria-label'), text, 'the surface is named by its numbers');
  const best = leastSquaresLine();
  const [mStep, bStep] = [(Number(m1) - Number(m0)) / 40, (Number(b1) - Number(b0)) / 40];
  assert.ok(Math.abs(Number(lowM) - best.m) <= mStep && Math.abs(Number(lowB) - best.b) <= bStep, `the grid's lowest point (${lowM}, ${lowB}) is the least-squares (${best.m}, ${best.b}) to a grid step`);
  assert.deepEqual(await figure.locator('.figure-legend .legend-label').allTextContents(), ['sgd lr=0.05', 'adam lr=0.05']);

  // Each run's path is drawn in its colour.
  const painted = await figure.locator('canvas').evaluate((canvas: HTMLCanvasElement) => {
    const style = getComputedStyle(document.body);
    const rgb = (css: string) => {
      const probe = document.createElement('canvas').getContext('2d') as CanvasRenderingContext2D;
      probe.fillStyle = css;
      probe.fillRect(0, 0, 1, 1);
      return Array.from(probe.getImageData(0, 0, 1, 1).data.slice(0, 3));
    };
    const colours = [1, 2].map((k) => rgb(style.getPropertyValue(`--descent-series-${k}`).trim()));
    const data = (canvas.getContext('2d') as CanvasRenderingContext2D).getImageData(0, 0, canvas.width, canvas.height).data;
    const counts = colours.map(() => 0);
    for (let i = 0; i < data.length; i += 4) {
      colours.forEach((c, k) => {
        if (Math.abs(data[i] - c[0]) + Math.abs(data[i + 1] - c[1]) + Math.abs(data[i + 2] - c[2]) < 30) counts[k]++;
      });
    }
    return counts;
  });
  assert.ok(painted.every((count) => count > 20), `pixels in each run's colour: ${painted.join(', ')}`);

  // Hovering reads the learner's loss at a grid point: mean((m·x + b − y)²).
  const box = await figure.locator('canvas').boundingBox();
  assert.ok(box);
  await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.4);
  const readout = (await figure.locator('.figure-readout').textContent()) ?? '';
  const [, m, b, loss] = /^L\(m = (\S+), b = (\S+)\) = (\S+)$/.exec(readout) ?? [];
  const expected = LINE_XS.reduce((sum, x, i) => sum + (Number(m) * x + Number(b) - LINE_YS[i]) ** 2, 0) / LINE_XS.length;
  assert.ok(Math.abs(Number(loss) - expected) <= 1e-5 * expected, `${readout}: expected ${expected}`);
  await figure.screenshot({ path: path.join(RESULTS, 'figure-surface-light.png') });

  // The 3-D view of the same surface, turned by dragging it and by the arrow keys.
  const drawn = () => figure.locator('canvas').evaluate((canvas: HTMLCanvasElement) => canvas.toDataURL());
  const map = await drawn();
  const toggle = figure.locator('.view-toggle');
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
  const upright = await settled(drawn, (now) => now !== map);
  assert.notEqual(upright, map, 'the 3-D view is drawn');
  await figure.screenshot({ path: path.join(RESULTS, 'figure-surface-3d.png') });
  // Where the canvas is now: the click and the screenshot may have scrolled the page.
  await figure.locator('canvas').scrollIntoViewIfNeeded();
  const turning = await figure.locator('canvas').boundingBox();
  assert.ok(turning);
  await page.mouse.move(turning.x + turning.width / 2, turning.y + turning.height / 2);
  await page.mouse.down();
  await page.mouse.move(turning.x + turning.width / 2 + 80, turning.y + turning.height / 2 + 20, { steps: 8 });
  await page.mouse.up();
  const dragged = await settled(drawn, (now) => now !== upright);
  assert.notEqual(dragged, upright, 'dragging turns it');
  await figure.locator('canvas').press('ArrowLeft');
  assert.notEqual(await settled(drawn, (now) => now !== dragged), dragged, 'an arrow key turns it');
  await figure.screenshot({ path: path.join(RESULTS, 'figure-surface-3d-turned.png') });
  await toggle.click();
  assert.equal(await settled(drawn, (now) => now === map), map, 'back to the map');

  // On the map the start can be taken too: each key a grid step, both runs previewed; Escape puts it back.
  const handle = figure.locator('.start-handle');
  const preview = cell.locator('.figure-preview');
  assert.equal(await handle.getAttribute('aria-valuetext'), '(m, b) = (0.5, −1)');
  await handle.focus();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowRight');
  const previewed = (await settled(() => preview.textContent(), (t) => /sgd lr=0\.05 ends at .*; adam lr=0\.05 ends at /.test(t ?? ''))) ?? '';
  assert.match(previewed, /^Preview from \(m, b\) = \(\S+, \S+\): sgd lr=0\.05 ends at \(m, b\) = .*; adam lr=0\.05 ends at \(m, b\) = .* after 100 epochs/);
  assert.notEqual(await settled(drawn, (now) => now !== map), map, 'the previews are drawn on the map');
  await figure.screenshot({ path: path.join(RESULTS, 'figure-surface-preview.png') });
  await page.keyboard.press('Escape');
  assert.equal(await settled(() => preview.isHidden(), (hidden) => hidden), true);
  assert.equal(await settled(drawn, (now) => now === map), map, 'Escape takes the preview away');
  // Dragged with the pointer and let go: one play, with both variables where it was let go.
  const start = await handle.boundingBox();
  assert.ok(start);
  await page.mouse.move(start.x + start.width / 2, start.y + start.height / 2);
  await page.mouse.down();
  await page.mouse.move(start.x + start.width / 2 + 60, start.y + start.height / 2 - 40, { steps: 6 });
  await page.mouse.up();
  const plays = await settled(() => postedMessages(page), (posted) => posted.some((m) => m.type === 'play'));
  const [play] = plays.flatMap((m) => (m.type === 'play' ? [m] : []));
  assert.deepEqual(Object.keys(play?.change.start ?? {}).sort(), ['b', 'm']);
  assert.ok(play.change.start.m > 0.5 && play.change.start.b > -1, JSON.stringify(play.change));

  await useTheme(page, DARK_MODERN, 'vscode-dark');
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
  await figure.screenshot({ path: path.join(RESULTS, 'figure-surface-dark.png') });
  await assertNoCspViolations(page);
});

/** The classic races of media/examples: each one's file, its minima, and its last run's label. */
const CLASSIC_RACES = [
  { file: 'rosenbrock.ts', minima: [[1, 1]], last: 'adam lr=0.1' },
  { file: 'beale.ts', minima: [[3, 0.5]], last: 'adam lr=0.1' },
  { file: 'saddle-point.ts', minima: [[0, 1], [0, -1]], last: 'adam lr=0.05' },
] as const;

for (const { file, minima, last } of CLASSIC_RACES) {
  panelTest(`${file}: six optimizers race across its map from one start, a path and a legend entry each, the grid's lowest point at its minimum`, { timeout: RUN_TIMEOUT }, async (page) => {
    const text = readFileSync(path.join(EXAMPLES_DIR, file), 'utf8');
    // Each entry's label as the example writes it: its name and rate, and "nesterov" for momentum with useNesterov.
    const labels = [...text.matchAll(/\{ name: '(\w+)', learningRate: ([\d.]+)([^}]*)\}/g)].map(([, name, rate, rest]) => `${name} lr=${rate}${rest.includes('useNesterov: true') ? ' nesterov' : ''}`);
    const cell = await runToCompletion(page, await runRequest(1, file, text));
    const figure = cell.locator('.surface-figure');
    const caption = figure.locator('figcaption');
    await caption.filter({ hasText: `${last}: ` }).waitFor({ timeout: RUN_TIMEOUT });
    assert.deepEqual(await figure.locator('.figure-legend .legend-label').allTextContents(), labels);
    const captionText = (await caption.textContent()) ?? '';
    const [, x0, x1, y0, y1, lowX, lowY] = /^Loss over x from (\S+) to (\S+), y from (\S+) to (\S+) \(41 × 41 points\), lowest loss \S+ at x = (\S+), y = (\S+) · /.exec(captionText) ?? [];
    assert.ok(lowY !== undefined, captionText);
    const [xStep, yStep] = [(Number(x1) - Number(x0)) / 40, (Number(y1) - Number(y0)) / 40];
    assert.ok(
      minima.some(([x, y]) => Math.abs(Number(lowX) - x) <= xStep && Math.abs(Number(lowY) - y) <= yStep),
      `the grid's lowest point (${lowX}, ${lowY}) is a minimum to a grid step: ${captionText}`,
    );
    const name = file.replace('.ts', '');
    await figure.screenshot({ path: path.join(RESULTS, `figure-${name}-light.png`) });
    await useTheme(page, DARK_MODERN, 'vscode-dark');
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
    await figure.screenshot({ path: path.join(RESULTS, `figure-${name}-dark.png`) });
  });
}

panelTest('the cell\'s Pause, Step and Resume hold a live run, advance it one epoch a click and let it go', { timeout: RUN_TIMEOUT }, async (page) => {
  const long = LESSON_TEXT.replace(/epochs: \d+/, 'epochs: 2000000').replace(/learningRate: [\d.e-]+/, 'learningRate: 0.0000001');
  await send(page, await runRequest(1, 'long.ts', long));
  const cell = page.locator('.run-cell');
  await cell.locator('.run-status:text("live")').waitFor({ timeout: RUN_TIMEOUT });
  const controls = cell.locator('.run-controls');
  assert.deepEqual(await controls.locator('button').allTextContents(), ['‖ Pause', '⇥ Step', '▶ Resume']);
  assert.equal(await controls.locator('.resume-button').isDisabled(), true, 'nothing to resume while it trains');
  await controls.locator('.pause-button').click();
  const status = cell.locator('.run-status');
  await status.filter({ hasText: /paused at epoch \d+/ }).waitFor({ timeout: RUN_TIMEOUT });
  const pausedAt = async () => Number(/paused at epoch (\d+)/.exec((await status.textContent()) ?? '')?.[1]);
  const epoch = await pausedAt();
  assert.equal(await controls.locator('.pause-button').isDisabled(), true, 'a paused run cannot be paused again');
  for (let k = 1; k <= 3; k++) {
    await controls.locator('.step-button').click();
    await status.filter({ hasText: `paused at epoch ${epoch + k}` }).waitFor({ timeout: RUN_TIMEOUT });
  }
  // The trainer's x after those epochs is sgd's, and the cell shows it once it has drawn its next frame.
  const expected = 4.12 * (1 - 348e-7) ** (epoch + 3);
  const lastProgress = trainerEvents(await postedMessages(page), 1).filter((e) => e.type === 'progress').at(-1);
  assert.ok(lastProgress?.type === 'progress' && lastProgress.firstEpoch + lastProgress.losses.length - 1 === epoch + 3, JSON.stringify(lastProgress));
  const trained = lastProgress.variables.x as number;
  assert.ok(Math.abs(trained - expected) <= 1e-5 * expected, `x = ${trained} after epoch ${epoch + 3}, expected ${expected}`);
  const shownX = cell.locator('.live-values .variable-value[data-name="x"]');
  // Six digits shown.
  await page.waitForFunction(([element, value]) => Math.abs(Number(element?.textContent) - value) <= 1e-5 * value, [await shownX.elementHandle(), trained] as const, { timeout: RUN_TIMEOUT });
  // While paused, the figure reasons from where the run holds.
  await cell.locator('.figure-downhill').filter({ hasText: `↘ epoch ${epoch + 3}:` }).waitFor({ timeout: RUN_TIMEOUT });
  await page.screenshot({ path: path.join(RESULTS, 'webview-paused.png'), fullPage: true });
  await controls.locator('.resume-button').click();
  await status.filter({ hasText: 'live' }).waitFor({ timeout: RUN_TIMEOUT });
  await page.click('.stop-button');
  await cell.locator('.run-status:text("stopped")').waitFor();
  assert.equal(await controls.isHidden(), true, 'a run that ended has nothing to step');
});

panelTest("under the figure, the optimizer's step taken apart: adam's first step, and momentum's from where a pause holds, in two themes", { timeout: RUN_TIMEOUT }, async (page) => {
  /** The step line for x: its numbers, the rule's step and the step taken. */
  const stepLine = async (cell: Locator) => {
    const lines = ((await cell.locator('.figure-downhill').innerText()) ?? '').split('\n');
    const line = lines.find((text) => text.startsWith('x: gradient')) ?? '';
    const number = (text: string | undefined) => Number(text?.replace('−', '-'));
    const [, explained, moved] = /· step .* = (\S+) · moved (\S+)$/.exec(line) ?? [];
    return { lines, line, explained: number(explained), moved: number(moved) };
  };
  const adam = LESSON_TEXT.replace("optimizer: 'sgd'", "optimizer: 'adam'").replace('learningRate: 0.0001', 'learningRate: 0.1').replace('epochs: 200', 'epochs: 20');
  const first = (await runToCompletion(page, await runRequest(1, 'adam.ts', adam))).last();
  await first.locator('.figure-downhill').filter({ hasText: 'x: gradient' }).waitFor({ timeout: RUN_TIMEOUT });
  const atStart = await stepLine(first);
  assert.match(atStart.lines[0], /^↘ start: x = 4\.12, loss 2953\.55/, 'which way is down, then the step');
  // m = (1 − β₁)·g and v = (1 − β₂)·g² after the first step; m̂ and v̂ are g and g² again.
  assert.match(atStart.line, /^x: gradient 1433\.76 · adam's state m = 143\.37\d*, v = 2055\.6\d* · m̂ = 1433\.7\d*, v̂ = 2\.055\d*e\+6 · step size lr\/\(√v̂ \+ ε\) = \S+ · step −size × m̂ = \S+ · moved \S+$/, atStart.line);
  assert.ok(Math.abs(atStart.moved + 0.1) < 1e-5 && Math.abs(atStart.explained - atStart.moved) <= 1e-5 * 0.1, atStart.line);
  await first.locator('.run-figures').screenshot({ path: path.join(RESULTS, 'figure-step-adam-light.png') });

  const momentum = LESSON_TEXT.replace("optimizer: 'sgd'", "optimizer: [{ name: 'momentum', momentum: 0.9 }]").replace('learningRate: 0.0001', 'learningRate: 0.0000001').replace('epochs: 200', 'epochs: 2000000');
  await send(page, await runRequest(2, 'momentum.ts', momentum));
  const cell = page.locator('.run-cell').last();
  await cell.locator('.run-status:text("live")').waitFor({ timeout: RUN_TIMEOUT });
  await cell.locator('.run-controls .pause-button').click();
  const status = cell.locator('.run-status');
  await status.filter({ hasText: /paused at epoch \d+/ }).waitFor({ timeout: RUN_TIMEOUT });
  const epoch = Number(/paused at epoch (\d+)/.exec((await status.textContent()) ?? '')?.[1]);
  await cell.locator('.figure-downhill').filter({ hasText: `↘ epoch ${epoch}:` }).waitFor({ timeout: RUN_TIMEOUT });
  const held = await stepLine(cell);
  assert.match(held.line, /^x: gradient \S+ · momentum's state momentum = \S+ · step size lr = 1e−7 · step −size × momentum = \S+ · moved \S+$/, held.line);
  // x near 4 moves by about 0.001 here: float32 holds it to about 5e-7, and the step taken to no better.
  const float32 = 1e-6 * 4.12;
  // The velocity has gathered every epoch's gradient, each worth 0.9 of the one after it; x falls all
  // the way, so those gradients lie between this one and the first (1433.76): the step is at least
  // lr × g × (1 − 0.9ⁿ⁺¹) / (1 − 0.9) and at most the same with the first gradient.
  const gradient = Number(/^x: gradient (\S+)/.exec(held.line)?.[1]);
  const gathered = (1 - 0.9 ** (epoch + 1)) / (1 - 0.9);
  const [least, most] = [1e-7 * gradient * gathered, 1e-7 * 1433.76 * gathered];
  assert.ok(held.moved < 0 && -held.moved >= least - float32 && -held.moved <= most + float32, `momentum's step at epoch ${epoch}, ${held.moved}, is between −${least} and −${most}`);
  assert.ok(Math.abs(held.explained - held.moved) <= float32, held.line);
  // Step takes the step the line took apart.
  await cell.locator('.run-controls .step-button').click();
  await status.filter({ hasText: `paused at epoch ${epoch + 1}` }).waitFor({ timeout: RUN_TIMEOUT });
  const progress = trainerEvents(await postedMessages(page), 2).filter((e) => e.type === 'progress');
  const [before, after] = [epoch, epoch + 1].map((e) => {
    const event = progress.find((p) => p.type === 'progress' && p.firstEpoch <= e && e < p.firstEpoch + p.losses.length);
    return event?.type === 'progress' ? (event.path?.x[e - event.firstEpoch] as number) : NaN;
  });
  assert.ok(Math.abs(after - before - held.moved) <= float32, `epoch ${epoch + 1} moved x by ${after - before}; the line said ${held.moved}`);
  await cell.locator('.run-figures').screenshot({ path: path.join(RESULTS, 'figure-step-momentum-paused-light.png') });
  await useTheme(page, DARK_MODERN, 'vscode-dark');
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
  await cell.locator('.run-figures').screenshot({ path: path.join(RESULTS, 'figure-step-momentum-paused-dark.png') });
  await page.click('.stop-button');
  await cell.locator('.run-status:text("stopped")').waitFor();
});

panelTest('three variables: a chart of each over the epochs, and the surface sliced through the two the learner picks, the third held', { timeout: RUN_TIMEOUT }, async (page) => {
  const cell = await runToCompletion(page, await runRequest(1, 'parabola.ts', PARABOLA_TEXT));
  assert.deepEqual(await cell.locator('.variable-chart').evaluateAll((charts) => charts.map((c) => (c as HTMLElement).dataset.name)), ['a', 'b', 'c']);
  const figure = cell.locator('.surface-figure');
  const caption = figure.locator('figcaption');
  await caption.filter({ hasText: '150 steps' }).waitFor({ timeout: RUN_TIMEOUT });
  assert.match((await caption.textContent()) ?? '', /^Loss over a from \S+ to \S+, b from \S+ to \S+ \(41 × 41 points\) with c = \S+ held, lowest loss/);
  await cell.locator('.slice-up').selectOption('c');
  await caption.filter({ hasText: /^Loss over a from \S+ to \S+, c from \S+ to \S+ \(41 × 41 points\) with b = \S+ held/ }).waitFor({ timeout: RUN_TIMEOUT });
  const text = (await caption.textContent()) ?? '';
  assert.match(text, /start a = 0\.5, c = 0, loss \S+ · adam lr=0\.1: 150 steps, now a = \S+, c = \S+, loss \S+$/, text);
  // Picking the other axis's variable swaps the two.
  await cell.locator('.slice-across').selectOption('c');
  assert.equal(await cell.locator('.slice-up').inputValue(), 'a');
  await caption.filter({ hasText: /^Loss over c from \S+ to \S+, a from/ }).waitFor({ timeout: RUN_TIMEOUT });
  await cell.screenshot({ path: path.join(RESULTS, 'webview-slice.png') });
});

panelTest("a tensor variable: charts of its components and its norm, and a slice through two of its components, the third held", { timeout: RUN_TIMEOUT }, async (page) => {
  const cell = await runToCompletion(page, await runRequest(1, 'vector.ts', PARABOLA_VECTOR_TEXT));
  assert.deepEqual(await cell.locator('.variable-chart').evaluateAll((charts) => charts.map((c) => (c as HTMLElement).dataset.name)), ['p[0]', 'p[1]', 'p[2]', '‖p‖']);
  // Read back on WebGL in joined batches: each epoch's norm is that epoch's components', and the path ends where p does.
  const events = trainerEvents(await postedMessages(page), 1);
  const progress = events.filter((e) => e.type === 'progress');
  const series = (name: string) => progress.flatMap((e) => (e.type === 'progress' ? (e.path?.[name] ?? []) : [])) as number[];
  const [p0, p1, p2, norm] = ['p[0]', 'p[1]', 'p[2]', '‖p‖'].map(series);
  assert.equal(norm.length, 150);
  norm.forEach((n, k) => assert.ok(Math.abs(n - Math.hypot(p0[k], p1[k], p2[k])) <= 1e-5 * n, `‖p‖ after epoch ${k + 1}: ${n}`));
  const [end] = runEnds(events);
  assert.deepEqual([p0.at(-1), p1.at(-1), p2.at(-1)], end.variables.p);

  const figure = cell.locator('.surface-figure');
  const caption = figure.locator('figcaption');
  // Once the run has ended, the slice is held where it ended.
  const ended = end.variables.p as number[];
  await caption.filter({ hasText: `with p[2] = ${formatNumber(ended[2])} held` }).filter({ hasText: '150 steps' }).waitFor({ timeout: RUN_TIMEOUT });
  const [, held] = /^Loss over p\[0\] from \S+ to \S+, p\[1\] from \S+ to \S+ \(41 × 41 points\) with p\[2\] = (\S+) held, lowest loss/.exec((await caption.textContent()) ?? '') ?? [];
  assert.ok(held !== undefined, (await caption.textContent()) ?? '');
  // Hovering reads the loss on the slice: p[2] where the caption holds it.
  await figure.scrollIntoViewIfNeeded();
  const box = await figure.locator('canvas').boundingBox();
  assert.ok(box);
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.45);
  const readout = (await figure.locator('.figure-readout').textContent()) ?? '';
  const [, a, b, loss] = /^L\(p\[0\] = (\S+), p\[1\] = (\S+)\) = (\S+)$/.exec(readout) ?? [];
  const expected = parabolaLoss(Number(a), Number(b), Number(held));
  // The readout and the caption show six significant digits.
  assert.ok(Math.abs(Number(loss) - expected) <= 1e-4 * expected, `${readout} with p[2] = ${held}: expected ${expected}`);
  await cell.locator('.slice-up').selectOption('p[2]');
  await caption.filter({ hasText: new RegExp(`^Loss over p\\[0\\] from \\S+ to \\S+, p\\[2\\] from \\S+ to \\S+ \\(41 × 41 points\\) with p\\[1\\] = ${formatNumber(ended[1]).replace(/[.-]/g, '\\$&')} held`) }).waitFor({ timeout: RUN_TIMEOUT });
  const sliced = (await caption.textContent()) ?? '';
  assert.match(sliced, /start p\[0\] = 0\.5, p\[2\] = 0, loss \S+ · adam lr=0\.1: 150 steps, now p\[0\] = \S+, p\[2\] = \S+, loss \S+$/);
  assert.equal(await figure.locator('.figure-readout').textContent(), 'Point at the surface to read its loss.', "the last slice's reading is gone");
  const [, heldB] = /with p\[1\] = (\S+) held/.exec(sliced) ?? [];
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.6);
  await page.mouse.move(box.x + box.width * 0.35, box.y + box.height * 0.55);
  const across = (await figure.locator('.figure-readout').textContent()) ?? '';
  const [, a2, c2, loss2] = /^L\(p\[0\] = (\S+), p\[2\] = (\S+)\) = (\S+)$/.exec(across) ?? [];
  const expected2 = parabolaLoss(Number(a2), Number(heldB), Number(c2));
  assert.ok(Math.abs(Number(loss2) - expected2) <= 1e-4 * expected2, `${across} with p[1] = ${heldB}: expected ${expected2}`);
  await cell.screenshot({ path: path.join(RESULTS, 'webview-tensor.png') });
  await assertNoCspViolations(page);
});

panelTest("a run takes the trainer that stood ready and warmed, a new one stands by after it, and no run sees another's globals", { timeout: RUN_TIMEOUT }, async (page) => {
  // As the panel opens, before any run is asked for, one worker gets ready: a backend and the warm-up.
  const [spare] = await workersWhen(page, 'a spare trainer to be ready', (logs) => logs[0]?.heard.includes('warmed'));
  assert.deepEqual(spare.posted, ['warm webgl']);
  const marking = LESSON_TEXT.replace(
    'export default',
    "const scope = globalThis as Record<string, unknown>;\nconsole.log(`left by a run before: ${String(scope.leftByARun)}`);\nscope.leftByARun = 1;\nexport default",
  );
  await send(page, await runRequest(1, 'lesson.ts', marking));
  assert.equal((await waitForFinished(page, 1)).error, null);
  const afterFirst = await workersWhen(page, 'a new spare after the run', (logs) => logs.some((log, i) => i > 0 && log.posted.join() === 'warm webgl' && log.heard.includes('warmed')));
  const trainers = () => afterFirst.filter((log) => log.posted.includes('start'));
  assert.equal(trainers().length, 1);
  assert.equal(afterFirst.indexOf(trainers()[0]), 0, 'the run trained in the spare');
  assert.deepEqual(trainers()[0].posted.slice(0, 2), ['warm webgl', 'start']);
  assert.ok(trainers()[0].terminated, "the run's worker ended with the run");

  await send(page, await runRequest(2, 'lesson.ts', marking));
  assert.equal((await waitForFinished(page, 2)).error, null);
  const logs = await workerLogs(page);
  const second = logs.filter((log) => log.posted.includes('start'))[1];
  assert.ok(second && logs.indexOf(second) === afterFirst.findIndex((log, i) => i > 0 && log.posted[0] === 'warm webgl'), 'the second run took the spare started after the first');
  const posted = await postedMessages(page);
  for (const requestId of [1, 2]) {
    const prints = trainerEvents(posted, requestId).flatMap((e) => (e.type === 'print' && e.text.startsWith('left by') ? [e.text] : []));
    assert.deepEqual(prints, ['left by a run before: undefined'], `run ${requestId} starts with clean globals`);
  }
  await assertNoCspViolations(page);
});

panelTest("a run's figures come from the landscape worker that stood ready on the cpu backend, and a new one stands by after it", { timeout: RUN_TIMEOUT }, async (page) => {
  const warmed = (logs: WorkerLog[], posted: string, after = -1) => logs.findIndex((log, i) => i > after && log.posted.join() === posted && log.heard.includes('warmed'));
  // The landscape's spare starts once the trainer's is ready.
  const ready = await workersWhen(page, 'both spares to be ready', (logs) => warmed(logs, 'warm webgl') >= 0 && warmed(logs, 'warm cpu') >= 0);
  const spare = warmed(ready, 'warm cpu');
  const cell = await runToCompletion(page, await runRequest(1, 'lesson.ts', LESSON_TEXT));
  await cell.locator('.curve-figure figcaption').filter({ hasText: '200 steps, now x = 0.00' }).waitFor({ timeout: RUN_TIMEOUT });
  const logs = await workersWhen(page, 'a new landscape spare after the run', (all) => warmed(all, 'warm cpu', spare) >= 0);
  assert.deepEqual(logs.flatMap((log, i) => (log.posted.includes('probe') ? [i] : [])), [spare], 'the figures asked the landscape spare, and no other worker');
  assert.deepEqual(logs[spare].posted.slice(0, 3), ['warm cpu', 'probe', 'landscapeRequest']);
  assert.ok(logs[spare].heard.includes('landscape'), 'it answered with the landscape');
  await assertNoCspViolations(page);
});

panelTest('a spare trainer that dies is reported and replaced, and the next run starts as ever', { timeout: RUN_TIMEOUT }, async (page) => {
  await workersWhen(page, 'a spare trainer to start', (logs) => logs[0]?.heard.includes('workerStarted'));
  const [spare] = page.workers();
  await spare.evaluate(() => setTimeout(() => {
    throw new Error('the spare broke');
  }, 0));
  await page.waitForFunction(
    () => (window as unknown as HostWindow).__posted.some(({ message: m }) => m.type === 'log' && /spare trainer was set aside \(it stopped: .*the spare broke\)/.test(m.text)),
    undefined,
    { timeout: RUN_TIMEOUT },
  );
  const logs = await workersWhen(page, 'another spare', (all) => all[1]?.posted[0] === 'warm webgl');
  assert.ok(logs[0].terminated, 'the broken spare is stopped');
  const cell = await runToCompletion(page, await runRequest(1, 'lesson.ts', LESSON_TEXT));
  assert.ok(Math.abs(parseShownNumber(await cell.locator('.result-variable[data-name="x"]').textContent()) - LESSON_FINAL_X) < 1e-5);
  assert.equal((await workerLogs(page)).findIndex((log) => log.posted.includes('start')), 1, 'the run took the new spare');
});

panelTest('an error thrown outside the trainer ends the run with that error', { timeout: RUN_TIMEOUT }, async (page) => {
  const late = `setTimeout(() => { throw new Error('thrown later'); }, 300);\n${LESSON_TEXT.replace('epochs: 200', 'epochs: 5000000')}`;
  await send(page, await runRequest(9, 'lesson.ts', late));
  const finished = await waitForFinished(page, 9);
  assert.equal(finished.error?.kind, 'runtime');
  assert.match(finished.error?.message ?? '', /thrown later/);
  assert.match((await page.locator('.run-cell .run-error').textContent()) ?? '', /lesson\.ts: .*thrown later/);
  assert.equal(await page.locator('.run-cell').getAttribute('data-status'), 'error');
  assert.equal(await page.isEnabled('.stop-button'), false);
});

panelTest('a compile error shows file:line:column in its own cell, after the earlier ones', { timeout: RUN_TIMEOUT }, async (page) => {
  await send(page, await runRequest(1, 'lesson.ts', LESSON_TEXT));
  await waitForFinished(page, 1);
  const broken = LESSON_TEXT.replace('epochs: 200,', 'epochs: 200 +,');
  const compiled = await compileScratch({ text: broken, file: 'lesson.ts', dir: EXAMPLES_DIR });
  assert.equal(compiled.ok, false);
  if (compiled.ok) return;
  await send(page, { type: 'compileError', requestId: 2, file: 'lesson.ts', source: broken, error: compiled.error });

  const cells = page.locator('.run-cell');
  assert.equal(await cells.count(), 2, 'the earlier run stays');
  const text = (await cells.nth(1).locator('.run-error').textContent()) ?? '';
  assert.match(text, new RegExp(`lesson\\.ts:${compiled.error.line}:${compiled.error.column}: `));
  assert.equal(await cells.nth(1).getAttribute('data-status'), 'error');
  assert.equal(await page.locator('.source-line.error-line').textContent(), '  epochs: 200 +,');
  await assertNoCspViolations(page);
});

panelTest('malformed host messages are dropped and reported once', { timeout: RUN_TIMEOUT }, async (page) => {
  await page.evaluate(() => {
    window.postMessage({ type: 'run', requestId: 'one' }, '*');
    window.postMessage({ type: 'explode' }, '*');
  });
  await page.waitForFunction(() => (window as unknown as HostWindow).__posted.some(({ message }) => message.type === 'log'));
  await send(page, { type: 'stop' });
  const logs = (await postedMessages(page)).filter((m) => m.type === 'log');
  assert.equal(logs.length, 1);
  assert.match(logs[0].type === 'log' ? logs[0].text : '', /ignored a malformed message: message\(run\)\.requestId should be a whole number/);
  assert.equal(await page.locator('.run-cell').count(), 0);
});

panelTest('runs the lesson on WebAssembly under the panel\'s Content-Security-Policy, and the cell says wasm', { timeout: RUN_TIMEOUT }, async (page) => {
  await send(page, { ...(await runRequest(1, 'lesson.ts', LESSON_TEXT)), backend: 'wasm' });
  const finished = await waitForFinished(page, 1);
  assert.equal(finished.error, null);
  const [result] = finished.runs;
  assert.deepEqual([result.backend, result.status, result.epochs], ['wasm', 'completed', 200]);
  assert.ok(Math.abs((result.variables.x as number) - LESSON_FINAL_X) < 1e-6, `final x ${String(result.variables.x)}`);
  const cell = page.locator('.run-cell').first();
  await cell.locator('.run-status:text("completed")').waitFor();
  assert.equal(await cell.locator('.run-backend').textContent(), 'wasm');
  await assertNoCspViolations(page);
});

panelTest("backend 'auto' times webgl, wasm and cpu, trains on the fastest and says so in the cell", { timeout: RUN_TIMEOUT }, async (page) => {
  await send(page, { ...(await runRequest(1, 'lesson.ts', LESSON_TEXT)), backend: 'auto' });
  const finished = await waitForFinished(page, 1);
  assert.equal(finished.error, null);
  const started = trainerEvents(await postedMessages(page), 1).find((e) => e.type === 'runStart');
  assert.ok(started?.type === 'runStart');
  const reason = /^auto: (webgl|wasm|cpu) [\d.e-]+ ms\/epoch, (webgl|wasm|cpu) [\d.e-]+, (webgl|wasm|cpu) [\d.e-]+$/.exec(started.plan.backendReason ?? '');
  assert.ok(reason, `every backend timed: ${started.plan.backendReason}`);
  assert.deepEqual(reason.slice(1).sort(), ['cpu', 'wasm', 'webgl']);
  const chosen = reason[1];
  assert.equal(started.plan.backend, chosen, 'the fastest is chosen');
  assert.equal(finished.runs[0].backend, chosen, 'and trained on');
  assert.ok(Math.abs((finished.runs[0].variables.x as number) - LESSON_FINAL_X) < 1e-5);
  const cell = page.locator('.run-cell').first();
  await cell.locator('.run-status:text("completed")').waitFor();
  assert.equal(await cell.locator('.run-backend').textContent(), `${chosen} (${started.plan.backendReason})`);
  await assertNoCspViolations(page);
});

panelTest('ended cells go to the host, and come back from it, charts, results and baseline included, when the panel is restored', { timeout: RUN_TIMEOUT }, async (page) => {
  await runToCompletion(page, await runRequest(1, 'lesson.ts', LESSON_TEXT));
  const losses = trainerEvents(await postedMessages(page), 1).flatMap((e) => (e.type === 'progress' ? e.losses : []));
  await page.locator('.run-cell').first().locator('.pin-button').click();
  await send(page, await runRequest(2, 'lesson.ts', LESSON_TEXT.replace("optimizer: 'sgd'", "optimizer: 'adam'")));
  await waitForFinished(page, 2);
  await send(page, await runRequest(3, 'lesson.ts', LESSON_TEXT.replace('epochs: 200', 'epochs: 20')));
  await waitForFinished(page, 3);
  await page.locator('.run-cell').nth(2).locator('.run-exports button', { hasText: 'Remove' }).click();

  // What the host keeps is what the panel told it: each ended cell, the pin, the removal.
  let runs = noStoredRuns('file:///work/lesson.ts');
  for (const message of await postedMessages(page)) {
    if (message.type === 'keep') runs = withCell(runs, message.cell);
    if (message.type === 'baseline') runs = withBaseline(runs, message.run);
    if (message.type === 'forget') runs = withoutCells(runs, message.runs);
  }
  assert.deepEqual(runs.cells.map((cell) => cell.number), [1, 2]);
  assert.equal(runs.baseline, 1);

  await page.reload();
  await panelReady(page);
  assert.equal(await page.locator('.run-cell').count(), 0, 'a new page starts empty until the host restores it');
  await send(page, { type: 'restore', runs, settings: { logEvery: null, chartScale: 'linear', keptRuns: 20 } });
  const cells = page.locator('.run-cell');
  await cells.nth(1).waitFor();
  assert.equal(await cells.count(), 2);
  assert.equal(await page.evaluate(() => sessionStorage.getItem('descent-panel-state')), JSON.stringify({ scratch: 'file:///work/lesson.ts' }), 'the panel names its scratch for VS Code to bring it back');
  const [first, second] = [cells.nth(0), cells.nth(1)];
  assert.match((await first.locator('.cell-header').textContent()) ?? '', /Run 1.*sgd lr=0\.0001.*200 epochs.*completed in.*x = 0\.00345.*pinned as baseline/);
  assert.equal(await second.locator('.run-changes').textContent(), 'vs Run 1: optimizer sgd → adam');
  assert.equal(await page.locator('.source-file').textContent(), 'lesson.ts');

  // The chart is drawn again from the kept losses, once the closed cell is opened: pointing at it reads them.
  assert.equal(await first.locator('.loss-chart').count(), 0, 'a closed cell makes its charts only when it is opened');
  await first.locator('summary').click();
  const chart = first.locator('.loss-chart');
  const box = await chart.locator('canvas').boundingBox();
  assert.ok(box);
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
  await page.mouse.move(box.x + box.width * 0.3 + 1, box.y + box.height / 2);
  const text = (await chart.locator('.chart-readout').textContent()) ?? '';
  const [, epoch, loss] = /^epoch (\d+) · sgd lr=0\.0001: loss (\S+) at x = \S+$/.exec(text) ?? [];
  assert.ok(epoch, text);
  const kept = losses[Number(epoch) - 1] as number;
  assert.ok(Math.abs(Number(loss) - kept) <= 1e-5 * kept, `${text}: epoch ${epoch}'s loss is ${kept}`);
  assert.equal(await first.locator('.result-row').count(), 1, 'its results table');
  assert.equal(await second.locator('.baseline-key').textContent(), '┄ baseline: Run 1: sgd lr=0.0001', 'the pinned run is the baseline again');

  // The next run is numbered after the kept ones, and says what it changes from the latest.
  await send(page, await runRequest(4, 'lesson.ts', LESSON_TEXT.replace("optimizer: 'sgd'", "optimizer: 'adam'")));
  await waitForFinished(page, 4);
  const next = cells.nth(2);
  assert.match((await next.locator('.run-title').textContent()) ?? '', /Run 4/);
  assert.equal(await next.locator('.run-changes').textContent(), 'as Run 2');
  await assertNoCspViolations(page);
});

panelTest("Compare draws the runs the learner ticks, from any cells, in one chart with their labels", { timeout: RUN_TIMEOUT }, async (page) => {
  await runToCompletion(page, await runRequest(1, 'lesson.ts', LESSON_TEXT));
  await send(page, await runRequest(2, 'lesson.ts', LESSON_TEXT.replace("optimizer: 'sgd'", "optimizer: ['adam', 'rmsprop']").replace('learningRate: 0.0001', 'learningRate: 0.01')));
  await waitForFinished(page, 2);
  const losses = (requestId: number, run: number) =>
    postedMessages(page).then((posted) => trainerEvents(posted, requestId).flatMap((e) => (e.type === 'progress' && e.run === run ? e.losses : [])) as number[]);
  const view = page.locator('.compare-view');
  assert.equal(await view.isVisible(), false);
  await page.locator('.compare-button').click();
  assert.equal(await page.locator('.compare-button').getAttribute('aria-pressed'), 'true');
  const choices = view.locator('.compare-run');
  assert.deepEqual(await choices.allTextContents(), [' Run 1: sgd lr=0.0001', ' Run 2: adam lr=0.01', ' Run 2: rmsprop lr=0.01']);
  assert.deepEqual(await view.locator('.compare-choice').evaluateAll((boxes) => boxes.map((box) => (box as HTMLInputElement).checked)), [true, true, true], 'the latest two cells are ticked first');
  assert.deepEqual(await view.locator('.legend-item').allTextContents(), ['Run 1: sgd lr=0.0001', 'Run 2: adam lr=0.01', 'Run 2: rmsprop lr=0.01']);

  // Pointing reads each ticked run's own loss at that epoch.
  await choices.nth(2).locator('input').uncheck();
  assert.deepEqual(await view.locator('.legend-item').allTextContents(), ['Run 1: sgd lr=0.0001', 'Run 2: adam lr=0.01']);
  const box = await view.locator('.loss-chart canvas').boundingBox();
  assert.ok(box);
  // The new chart draws in a coming frame; until it has, pointing reads nothing.
  let text = '';
  for (let tries = 0; tries < 50 && !text.startsWith('epoch'); tries++) {
    await nextFrames(page);
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
    await page.mouse.move(box.x + box.width * 0.3 + 1, box.y + box.height / 2);
    text = (await view.locator('.chart-readout').textContent()) ?? '';
  }
  const [, epoch, sgd, adam] = /^epoch (\d+) · Run 1: sgd lr=0\.0001: loss (\S+) at x = \S+ · Run 2: adam lr=0\.01: loss (\S+) at x = \S+$/.exec(text) ?? [];
  assert.ok(epoch, text);
  const near = (shown: string, expected: number) => Math.abs(Number(shown) - expected) <= 1e-5 * Math.abs(expected) + 1e-9;
  assert.ok(near(sgd, (await losses(1, 0))[Number(epoch) - 1]), `${text}: Run 1's loss`);
  assert.ok(near(adam, (await losses(2, 0))[Number(epoch) - 1]), `${text}: Run 2's adam loss`);

  // A removed cell leaves the choices; closing the view hides it.
  await page.locator('.run-cell').first().locator('summary').click();
  await page.locator('.run-cell').first().locator('.run-exports button', { hasText: 'Remove' }).click();
  assert.deepEqual(await view.locator('.legend-item').allTextContents(), ['Run 2: adam lr=0.01']);
  await page.locator('.compare-button').click();
  assert.equal(await view.isVisible(), false);
  await assertNoCspViolations(page);
});

panelTest('twenty kept runs of 100,000 epochs each come back with the panel, its heap bounded', { timeout: 10 * 60_000 }, async (page) => {
  const epochs = 100_000;
  const long = LESSON_TEXT.replace('epochs: 200,', `epochs: ${epochs},\n  backend: 'cpu',`).replace('logEvery: 20,', 'logEvery: 100000,');
  await send(page, await runRequest(1, 'long.ts', long));
  await waitForFinished(page, 1);
  // The cell the host was given to keep, twenty times over: what a scratch's store holds at most.
  const keptBytes = await page.evaluate(() => {
    const kept = (window as unknown as HostWindow).__posted.find(({ message: m }) => m.type === 'keep')?.message;
    if (kept?.type !== 'keep') return 0;
    const text = JSON.stringify(kept.cell);
    sessionStorage.setItem('kept-cell', text);
    return new Blob([text]).size;
  });
  await page.reload();
  await panelReady(page);
  const memoryUsed = await memoryMeter(page);
  const before = await memoryUsed();
  const restored = await page.evaluate((count) => {
    const cell = JSON.parse(sessionStorage.getItem('kept-cell') ?? 'null') as { number: number } | null;
    if (!cell) return 0;
    const cells = Array.from({ length: count }, (_, k) => ({ ...cell, number: k + 1 }));
    const runs = { type: 'runs', version: 1, scratch: 'file:///work/long.ts', nextNumber: count + 1, baseline: null, cells };
    (window as unknown as { __restoreAsked: number }).__restoreAsked = performance.now();
    window.postMessage({ type: 'restore', runs, settings: { logEvery: null, chartScale: 'linear', keptRuns: count } }, '*');
    sessionStorage.removeItem('kept-cell');
    return cells.length;
  }, 20);
  assert.equal(restored, 20, 'the run was handed to the host to keep');
  await page.locator('.run-cell[data-status="completed"]').nth(19).waitFor();
  // From the restore message to the twenty cells drawn: a figure for the notes, not a bound.
  const restoreMs = await page.evaluate(
    () => new Promise<number>((done) => requestAnimationFrame(() => done(performance.now() - (window as unknown as { __restoreAsked: number }).__restoreAsked))),
  );
  assert.match((await page.locator('.run-cell').last().locator('.cell-header').textContent()) ?? '', /Run 20.*100000 epochs.*completed/);
  await nextFrames(page);
  const grown = grownMb(before, await memoryUsed());
  console.log(
    `# 20 kept runs of ${epochs} epochs restored in ${Math.round(restoreMs)} ms: JS heap +${grown.js.toFixed(1)} MB, with typed arrays and the DOM +${grown.total.toFixed(1)} MB ` +
      `(${(grown.total / 20).toFixed(2)} MB a run); a kept run is ${(keptBytes / 2 ** 20).toFixed(2)} MB as stored`,
  );
  // Each run keeps 1.3 MB as float32 (its loss and x, and the loss chart's buffer); what is drawn is decimated.
  assert.ok(grown.total < 20 * 3, `the page's memory grew by ${grown.total.toFixed(1)} MB for twenty kept runs`);
});

// ---- the panel's surroundings ----

/** A test on a fresh panel page; skipped, saying why, where there is no Chromium. */
/** `query`: the page's, e.g. `?figures=off`. */
function panelTest(title: string, { query, ...options }: { timeout?: number; query?: string }, body: (page: Page) => Promise<void>): void {
  test(title, options, async (t) => {
    const page = await openPanel(t, query);
    if (page) await body(page);
  });
}

/** A fresh panel page, with the stand-in for VS Code's webview API that records what it posts. */
async function openPanel(t: TestContext, query?: string): Promise<Page | null> {
  if (!browser || !server) {
    t.skip('no Chromium found (`command -v chromium`): install Debian\'s chromium to run the webview tests');
    return null;
  }
  const context = await browser.newContext({ viewport: PANEL_VIEWPORT });
  t.after(() => context.close());
  const page = await context.newPage();
  const onConsole = (message: { text(): string }) => {
    if (/Content.Security.Policy/i.test(message.text())) consoleCspErrors.push(message.text());
  };
  page.on('console', onConsole);
  page.on('worker', (worker) => worker.on('console', onConsole));
  await installHostStandIn(page);
  await loadPanel(page, server.origin, query);
  return page;
}

async function runRequest(requestId: number, file: string, text: string): Promise<RunRequest> {
  const compiled = await compileScratch({ text, file, dir: EXAMPLES_DIR });
  if (!compiled.ok) throw new Error(`the test scratch does not compile: ${compiled.error.message}`);
  return { type: 'run', requestId, file, source: text, code: compiled.code, sourceMap: compiled.sourceMap, backend: 'webgl' };
}

/** Runs a request that must end without an error, and gives its cell once it says completed. */
async function runToCompletion(page: Page, request: RunRequest): Promise<Locator> {
  await send(page, request);
  assert.equal((await waitForFinished(page, request.requestId)).error, null);
  const cell = page.locator('.run-cell');
  await cell.locator('.run-status:text("completed")').waitFor();
  return cell;
}

async function send(page: Page, message: ToWebview): Promise<void> {
  // As unknown: the message's type is too deep for playwright's check of what it can serialise.
  const raw: unknown = message;
  await page.evaluate((m) => window.postMessage(m, '*'), raw);
}

function trainerEvents(posted: FromWebview[], requestId: number): PanelEvent[] {
  return posted.flatMap((m) => (m.type === 'trainer' && m.requestId === requestId ? [m.event] : []));
}

function runEnds(events: PanelEvent[]): RunSummary[] {
  return events.flatMap((e) => (e.type === 'runEnd' ? [e.result] : []));
}

async function waitForFinished(page: Page, requestId: number): Promise<Extract<PanelEvent, { type: 'finished' }>> {
  await page.waitForFunction(
    (id) => (window as unknown as HostWindow).__posted.some(({ message: m }) => m.type === 'trainer' && m.requestId === id && m.event.type === 'finished'),
    requestId,
    { timeout: RUN_TIMEOUT },
  );
  const finished = trainerEvents(await postedMessages(page), requestId).find((e) => e.type === 'finished');
  assert.ok(finished?.type === 'finished');
  return finished;
}

/** The panel's workers once `done` holds of them. */
async function workersWhen(page: Page, what: string, done: (logs: WorkerLog[]) => boolean | undefined): Promise<WorkerLog[]> {
  const deadline = Date.now() + RUN_TIMEOUT;
  for (;;) {
    const logs = await workerLogs(page);
    if (done(logs)) return logs;
    if (Date.now() > deadline) assert.fail(`waited for ${what}; the workers: ${JSON.stringify(logs)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function parseShownNumber(text: string | null): number {
  const shown = /=\s*(\S+)/.exec(text ?? '');
  assert.ok(shown, `no value in "${text}"`);
  return Number(shown[1]);
}

/** Reads `read` until `done` says yes, for a few seconds of frames (the panel paces its redraws), and gives the last reading. */
async function settled<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  let value = await read();
  for (let tries = 0; tries < 50 && !done(value); tries++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}

interface PageMemory {
  /** The JS heap, in bytes. */
  js: number;
  /** With the typed arrays' contents (kept outside the JS heap) and the DOM's heap. */
  total: number;
}

/** Reads the page's memory in use after a garbage collection. */
async function memoryMeter(page: Page): Promise<() => Promise<PageMemory>> {
  const cdp = await page.context().newCDPSession(page);
  return async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; embedderHeapUsedSize?: number; backingStorageSize?: number };
    return { js: usage.usedSize, total: usage.usedSize + (usage.embedderHeapUsedSize ?? 0) + (usage.backingStorageSize ?? 0) };
  };
}

/** How much the page's memory grew, in MB. */
function grownMb(before: PageMemory, after: PageMemory): PageMemory {
  return { js: (after.js - before.js) / 2 ** 20, total: (after.total - before.total) / 2 ** 20 };
}

async function nextFrames(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))));
}

/**
 * Pixels a chart of the n-th run cell has painted: all of them, those in each legend colour, and
 * those in the warning colour (a leak mark).
 */
async function chartPixels(page: Page, cellIndex: number, chart: 'loss' | 'memory'): Promise<{ painted: number; series: number[]; warning: number }> {
  return page.evaluate(
    ([index, which]) => {
      const cell = document.querySelectorAll('.run-cell')[index];
      const canvas = cell.querySelector(`canvas.${which}-canvas`) as HTMLCanvasElement;
      const pixels = (canvas.getContext('2d') as CanvasRenderingContext2D).getImageData(0, 0, canvas.width, canvas.height).data;
      const rgb = (css: string) => (/rgb\((\d+), (\d+), (\d+)\)/.exec(css) ?? []).slice(1).map(Number);
      // The colour the page gives --descent-warn, resolved by a probe element.
      const probe = document.createElement('span');
      probe.style.color = 'var(--descent-warn)';
      document.body.append(probe);
      const warningColour = rgb(getComputedStyle(probe).color);
      probe.remove();
      const colours = [...Array.from(cell.querySelectorAll('.legend-swatch'), (s) => rgb(getComputedStyle(s).backgroundColor)), warningColour];
      let painted = 0;
      const counts = colours.map(() => 0);
      for (let i = 0; i < pixels.length; i += 4) {
        if (pixels[i + 3] === 0) continue;
        painted++;
        colours.forEach(([r, g, b], k) => {
          const distance = Math.abs(pixels[i] - r) + Math.abs(pixels[i + 1] - g) + Math.abs(pixels[i + 2] - b);
          if (pixels[i + 3] > 200 && distance < 40) counts[k]++;
        });
      }
      return { painted, series: counts.slice(0, -1), warning: counts[counts.length - 1] };
    },
    [cellIndex, chart] as const,
  );
}

/**
 * Whether the tensors line of the first run cell's memory chart climbs from left to right: the
 * topmost pixel in its colour in the right quarter of the canvas lies above the one in the left quarter.
 */
async function chartTensorsRise(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const cell = document.querySelector('.run-cell') as HTMLElement;
    const canvas = cell.querySelector('canvas.memory-canvas') as HTMLCanvasElement;
    const context = canvas.getContext('2d') as CanvasRenderingContext2D;
    const [r, g, b] = (/rgb\((\d+), (\d+), (\d+)\)/.exec(getComputedStyle(cell.querySelector('.legend-swatch') as Element).backgroundColor) ?? []).slice(1).map(Number);
    const topmost = (from: number, to: number) => {
      const { data, width } = context.getImageData(from, 0, to - from, canvas.height);
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3] > 200 && Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b) < 40) return Math.floor(i / 4 / width);
      }
      return Infinity;
    };
    const quarter = Math.floor(canvas.width / 4);
    return topmost(canvas.width - quarter, canvas.width) < topmost(0, quarter);
  });
}

/** Dark Modern's colours, as VS Code gives them to a webview. */
const DARK_MODERN: Record<string, string> = {
  '--vscode-editor-background': '#1f1f1f',
  '--vscode-foreground': '#cccccc',
  '--vscode-descriptionForeground': '#9d9d9d',
  '--vscode-panel-border': '#2b2b2b',
  '--vscode-editorWidget-background': '#202020',
  '--vscode-editorWidget-border': '#454545',
  '--vscode-list-hoverBackground': '#2a2d2e',
  '--vscode-textCodeBlock-background': '#2b2b2b',
  '--vscode-editorLineNumber-foreground': '#6e7681',
  '--vscode-button-background': '#0078d4',
  '--vscode-button-foreground': '#ffffff',
  '--vscode-button-hoverBackground': '#026ec1',
  '--vscode-button-secondaryBackground': '#313131',
  '--vscode-button-secondaryForeground': '#cccccc',
  '--vscode-button-secondaryHoverBackground': '#3c3c3c',
  '--vscode-disabledForeground': '#cccccc80',
  '--vscode-focusBorder': '#0078d4',
  '--vscode-errorForeground': '#f85149',
  '--vscode-inputValidation-errorBackground': '#5a1d1d',
  '--vscode-inputValidation-errorBorder': '#be1100',
  '--vscode-editorWarning-foreground': '#cca700',
  '--vscode-testing-iconPassed': '#73c991',
  '--vscode-progressBar-background': '#0078d4',
  '--vscode-editorHoverWidget-background': '#202020',
  '--vscode-editorHoverWidget-foreground': '#cccccc',
  '--vscode-editorHoverWidget-border': '#454545',
  '--vscode-charts-blue': '#3794ff',
  '--vscode-charts-red': '#f14c4c',
  '--vscode-charts-green': '#89d185',
  '--vscode-charts-orange': '#d18616',
  '--vscode-charts-purple': '#b180d7',
  '--vscode-charts-yellow': '#cca700',
};

/** Dark High Contrast's: it sets no button backgrounds at all. */
const DARK_HIGH_CONTRAST: Record<string, string> = {
  '--vscode-editor-background': '#000000',
  '--vscode-foreground': '#ffffff',
  '--vscode-descriptionForeground': '#ffffff',
  '--vscode-disabledForeground': '#a5a5a5',
  '--vscode-contrastBorder': '#6fc3df',
  '--vscode-focusBorder': '#f38518',
  '--vscode-button-foreground': '#ffffff',
  '--vscode-button-secondaryForeground': '#ffffff',
  '--vscode-button-border': '#6fc3df',
  '--vscode-editorWidget-background': '#0c141f',
};

/** What VS Code does when the user picks a theme: its colours as variables on the root, its kind as a class on the body. */
async function useTheme(page: Page, colours: Record<string, string>, kind: 'vscode-dark' | 'vscode-high-contrast'): Promise<void> {
  await page.evaluate(
    ([variables, bodyClass]) => {
      for (const [name, value] of Object.entries(variables)) document.documentElement.style.setProperty(name, value);
      document.body.classList.add(bodyClass);
    },
    [colours, kind] as const,
  );
}

/**
 * Moves the pointer over the curve until its readout names the grid point `x`, searching by the
 * readout's own x, and gives what it reads there.
 */
async function hoverCurveAt(page: Page, figure: Locator, x: number): Promise<{ x: number; loss: number }> {
  const box = await figure.locator('canvas').boundingBox();
  assert.ok(box, 'the curve has a box');
  const read = async (px: number) => {
    await page.mouse.move(px, box.y + box.height / 2);
    // Chart.js hands a pointer move to onHover in the next animation frame.
    await nextFrames(page);
    const text = (await figure.locator('.figure-readout').textContent()) ?? '';
    const [, at, loss] = /^L\((-?[\d.e+-]+)\) = (-?[\d.e+-]+)$/.exec(text) ?? [];
    return { x: Number(at), loss: Number(loss), text };
  };
  let [low, high] = [box.x, box.x + box.width];
  for (let i = 0; i < 24; i++) {
    const middle = (low + high) / 2;
    const shown = await read(middle);
    if (shown.x === x) return shown;
    if (Number.isNaN(shown.x) || shown.x < x) low = middle;
    else high = middle;
  }
  return read((low + high) / 2);
}

async function assertNoCspViolations(page: Page): Promise<void> {
  const violations = await page.evaluate(() => (window as unknown as HostWindow).__cspViolations);
  assert.deepEqual([...violations, ...consoleCspErrors], [], 'no Content-Security-Policy violations');
}
