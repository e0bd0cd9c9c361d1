// A long run streamed into the panel's live chart: the longest the page goes without a frame
// while the losses arrive. The run trains on the CPU backend, which produces epochs fastest
// for the lesson, so the chart gets the heaviest stream the trainer can send, with the figures on
// (the error curve and the path drawn beside it).
import type { Browser } from 'playwright-core';
import type { Backend } from '../../src/shared/protocol';
import { frameGapsEndingWithin, frameGapsOverlapping, longTasksWithin, startFrameRecorder, stopFrameRecorder } from './frameRecorder';
import { PanelPage } from './panelPage';
import { compileLesson, runRequest } from './scratches';
import { epochsPerSecond, median, round } from './stats';

/** How long to keep recording after the run's end: the last redraw happens in the frames after it. */
const TAIL_MS = 500;
const SLOW_FRAME_MS = 50;

export interface ChartFigures {
  epochs: number;
  backend: Backend;
  /** The run's own rate (its result's epochs and ms) while the chart drew. */
  epochsPerSec: number;
  /** The longest frame gap from the run's start event to its finished event. */
  maxFrameMs: number;
  /** The same until the run's end event: the losses streaming in, without the final results. */
  progressMaxFrameMs: number;
  medianFrameMs: number;
  framesOver50Ms: number;
  longestTaskMs: number;
  /** The longest gap from handing over the run to the end of the recording, start-up included. */
  wholeRunMaxFrameMs: number;
}

export interface ChartOptions {
  epochs: number;
  backend: Backend;
  progress(line: string): void;
}

export async function measureChart(browser: Browser, origin: string, options: ChartOptions): Promise<ChartFigures> {
  const lesson = await compileLesson(options.epochs);
  const panel = await PanelPage.open(browser, origin);
  try {
    const requestId = panel.nextRunId();
    await startFrameRecorder(panel.page);
    const outcome = await panel.runInPanel(runRequest(lesson, requestId, options.backend, true));
    await panel.page.waitForTimeout(TAIL_MS);
    const record = await stopFrameRecorder(panel.page);
    const result = outcome.runs[0];
    if (outcome.error || !result || result.epochs !== options.epochs) {
      throw new Error(`the chart run did not complete: ${outcome.error?.message ?? JSON.stringify(result ?? null)}`);
    }
    const times = await panel.eventTimes(requestId);
    if (times.runStart === undefined || times.runEnd === undefined || times.finished === undefined) {
      throw new Error('the chart run posted no runStart, runEnd or finished event');
    }
    const streaming = frameGapsOverlapping(record, times.runStart, times.finished);
    const figures: ChartFigures = {
      epochs: options.epochs,
      backend: options.backend,
      epochsPerSec: round(epochsPerSecond(result.epochs, result.ms)),
      maxFrameMs: round(Math.max(...streaming)),
      progressMaxFrameMs: round(Math.max(...frameGapsEndingWithin(record, times.runStart, times.runEnd))),
      medianFrameMs: round(median(streaming)),
      framesOver50Ms: streaming.filter((gap) => gap > SLOW_FRAME_MS).length,
      longestTaskMs: round(Math.max(0, ...longTasksWithin(record, times.runStart, times.finished))),
      wholeRunMaxFrameMs: round(Math.max(...frameGapsOverlapping(record, -Infinity, Infinity))),
    };
    options.progress(`chart: ${options.epochs} epochs at ${figures.epochsPerSec} epochs/s, longest frame ${figures.maxFrameMs} ms`);
    return figures;
  } finally {
    await panel.close();
  }
}
