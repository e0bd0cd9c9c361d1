// Playing with a finished run in the panel, in Chromium, on the lesson's 200 epochs with the figures
// on: how many previewed paths a drag of the start gets each second, and how long from letting go
// (of the start, or of the learning rate's slider) to the new run's whole path drawn. The bench's
// page answers the panel's `play` at once with the run request VS Code's host would send, so the
// time is the panel's: the host's compile is not in it (it re-sends the compiled code).
import type { Browser, Locator } from 'playwright-core';
import type { FromWebview, RunRequest } from '../../src/shared/protocol';
import { PREVIEW_MARK, RUN_STAGES } from '../../webview/ui/base/runMarks';
import type { HostWindow } from '../support/panelHost';
import { PanelPage } from './panelPage';
import { compileLesson, runRequest, type CompiledLesson } from './scratches';
import { median, round } from './stats';

const EPOCHS = 200;
/** Longer than the panel's own bound on a spare getting ready (SPARE_READY_MS), past which it replaces it. */
const SPARE_WAIT_MS = 60_000;

export interface PlayFigures {
  epochs: number;
  backend: 'webgl';
  /** Median over the drags of the previews that reached the figure per second of dragging. */
  previewsPerSecond: number;
  /** The same while the learning rate's slider is moved. */
  sliderPreviewsPerSecond: number;
  /** Median from the release to the new cell's whole path drawn (its first frame showing all epochs). */
  releaseToPathMs: number;
  dragMs: number;
  previewsPerSecondRuns: number[];
  /** Each release, with when (ms after it) the new run reached each of the page's marks (runMarks.ts). */
  releaseToPathRuns: { kind: 'drag' | 'slider'; ms: number; timeline: Record<string, number> }[];
}

export interface PlayOptions {
  rounds: number;
  dragMs: number;
  progress(line: string): void;
}

export async function measurePlay(browser: Browser, origin: string, options: PlayOptions): Promise<PlayFigures> {
  const lesson = await compileLesson(EPOCHS);
  const panel = await PanelPage.open(browser, origin);
  try {
    let requestId = panel.nextRunId();
    const first = await panel.runInPanel(runRequest(lesson, requestId, 'webgl', true));
    if (first.error || first.runs[0]?.status !== 'completed') throw new Error(`the lesson's run did not complete: ${first.error?.message ?? JSON.stringify(first.runs)}`);
    await pathDrawn(panel, requestId);
    const rates: number[] = [];
    const sliderRates: number[] = [];
    const releases: PlayFigures['releaseToPathRuns'] = [];
    for (let round = 1; round <= options.rounds; round++) {
      const cell = panel.page.locator(`.run-cell[data-request-id="${requestId}"]`);
      await sparesReady(panel, requestId);
      const rate = await dragPreviews(panel, cell, options.dragMs);
      rates.push(rate);
      const next = panel.nextRunId();
      const answered = await answerPlay(panel, lesson, next);
      await panel.page.mouse.up();
      const drag = await answered.pathShown;
      releases.push({ kind: 'drag', ...drag });
      requestId = next;
      options.progress(`play round ${round}: ${rate.toFixed(1)} previews/s while dragging; release to path ${Math.round(drag.ms)} ms (${timelineText(drag.timeline)})`);

      const slider = panel.page.locator(`.run-cell[data-request-id="${requestId}"] .play-slider`).first();
      await slider.waitFor();
      await sparesReady(panel, requestId);
      // The slider swept over ×0.25 to ×4 of the rate (its middle, 100, is ×1), as a learner slides it.
      const sliderRate = await previewsWhile(panel, options.dragMs, (step) => slider.fill(String(100 + Math.round(30 * Math.sin(step / 8)))));
      sliderRates.push(sliderRate);
      const slid = panel.nextRunId();
      const slidAnswered = await answerPlay(panel, lesson, slid);
      await slider.press('Enter');
      const slide = await slidAnswered.pathShown;
      releases.push({ kind: 'slider', ...slide });
      requestId = slid;
      options.progress(`play round ${round}: ${sliderRate.toFixed(1)} previews/s while sliding; let go to path ${Math.round(slide.ms)} ms (${timelineText(slide.timeline)})`);
    }
    return {
      epochs: EPOCHS,
      backend: 'webgl',
      previewsPerSecond: round(median(rates)),
      sliderPreviewsPerSecond: round(median(sliderRates)),
      releaseToPathMs: round(median(releases.map((r) => r.ms))),
      dragMs: options.dragMs,
      previewsPerSecondRuns: rates.map(round),
      releaseToPathRuns: releases.map((r) => ({ ...r, ms: round(r.ms) })),
    };
  } finally {
    await panel.close();
  }
}

function timelineText(timeline: Record<string, number>): string {
  return Object.entries(timeline).map(([stage, ms]) => `${stage} ${ms}`).join(' · ');
}

/**
 * Waits until the spare trainer and the spare landscape worker that the panel readies after run
 * `requestId` are ready, as they are by the time a learner has looked at its result.
 */
async function sparesReady(panel: PanelPage, requestId: number): Promise<void> {
  await panel.page.waitForFunction((requestId) => {
    const [finished] = performance.getEntriesByName(`descent finished ${requestId}`);
    const readySince = (role: string) => finished && performance.getEntriesByName(`descent spare ${role} ready`).some((mark) => mark.startTime > finished.startTime);
    return readySince('trainer') && readySince('landscape worker');
  }, requestId, { timeout: SPARE_WAIT_MS });
}

/** Takes the cell's start and sweeps it to and fro across the curve for `ms`, holding it at the end; previews per second. */
async function dragPreviews(panel: PanelPage, cell: Locator, ms: number): Promise<number> {
  const { page } = panel;
  const handle = cell.locator('.curve-figure .start-handle');
  await handle.waitFor();
  // The newest cell is at the bottom of a growing notebook: the pointer reaches only what is in view.
  await cell.locator('.curve-figure').scrollIntoViewIfNeeded();
  const from = await handle.boundingBox();
  const area = await cell.locator('.curve-figure canvas').boundingBox();
  if (!from || !area) throw new Error('the start handle or the curve is not on the page');
  const y = from.y + from.height / 2;
  await page.mouse.move(from.x + from.width / 2, y);
  await page.mouse.down();
  let share = 0.5;
  let direction = -1;
  return previewsWhile(panel, ms, async () => {
    share += direction * 0.02;
    if (share < 0.15 || share > 0.85) direction = -direction;
    await page.mouse.move(area.x + area.width * share, y);
  });
}

/** Takes steps for `ms`; the previews that reached the figure meanwhile, per second. */
async function previewsWhile(panel: PanelPage, ms: number, step: (count: number) => Promise<void>): Promise<number> {
  const { page } = panel;
  const started = await page.evaluate((mark) => {
    performance.clearMarks(mark);
    return performance.now();
  }, PREVIEW_MARK);
  for (let count = 1, now = started; now - started < ms; count++) {
    await step(count);
    now = await page.evaluate(() => performance.now());
  }
  return page.evaluate(
    ({ mark, started }) => (performance.getEntriesByName(mark).filter((entry) => entry.startTime >= started).length * 1000) / (performance.now() - started),
    { mark: PREVIEW_MARK, started },
  );
}

/**
 * Readies the page to answer the panel's next `play` as the host does, with the same compiled lesson
 * and the change, at once; its promise then resolves with the time from that `play` to the first
 * frame showing the new cell's whole path.
 */
async function answerPlay(panel: PanelPage, lesson: CompiledLesson, requestId: number): Promise<{ pathShown: Promise<{ ms: number; timeline: Record<string, number> }> }> {
  const request = runRequest(lesson, requestId, 'webgl', true);
  await panel.page.evaluate((request: RunRequest) => {
    const host = window as unknown as HostWindow & { __played?: Promise<number> };
    host.__played = new Promise<number>((resolve) => {
      host.__waiters.push(({ at, message }: { at: number; message: FromWebview }) => {
        if (message.type !== 'play') return false;
        window.postMessage({ ...request, play: { from: message.from, change: message.change } }, '*');
        resolve(at);
        return true;
      });
    });
  }, request);
  const pathShown = panel.page.evaluate(async ({ requestId, epochs, stages }) => {
    const released = await (window as unknown as { __played: Promise<number> }).__played;
    const drawn = await new Promise<number>((resolve) => {
      const look = (time: number) => {
        const cell = document.querySelector(`.run-cell[data-request-id="${requestId}"]`);
        const caption = cell?.querySelector('.curve-figure figcaption')?.textContent ?? '';
        if (cell?.querySelector('.curve-figure .start-handle') && caption.includes(`: ${epochs} steps`)) resolve(time);
        else requestAnimationFrame(look);
      };
      requestAnimationFrame(look);
    });
    const timeline = Object.fromEntries(stages.flatMap((stage) => performance.getEntriesByName(`descent ${stage} ${requestId}`).map((mark) => [stage, Math.round(mark.startTime - released)])));
    return { ms: drawn - released, timeline };
  }, { requestId, epochs: EPOCHS, stages: RUN_STAGES });
  // Left unawaited when the release fails; the release's error is the one to report.
  pathShown.catch(() => undefined);
  return { pathShown };
}

/** Waits for the cell's figure to show the whole path, with the start ready to be taken. */
async function pathDrawn(panel: PanelPage, requestId: number): Promise<void> {
  const figure = panel.page.locator(`.run-cell[data-request-id="${requestId}"] .curve-figure`);
  await figure.locator('figcaption').filter({ hasText: `: ${EPOCHS} steps` }).waitFor();
  await figure.locator('.start-handle').waitFor();
}
