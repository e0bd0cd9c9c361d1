// Records, in a page, when each animation frame began and every long task the main thread ran:
// a frame gap is how long the page could not paint.
import type { Page } from 'playwright-core';

export interface FrameRecord {
  /** Frame start times, page clock (performance.now()). */
  frames: number[];
  longTasks: { start: number; duration: number }[];
}

interface RecorderWindow {
  __frameRecord: FrameRecord;
  __frameRecorderOn: boolean;
}

export async function startFrameRecorder(page: Page): Promise<void> {
  await page.evaluate(() => {
    const recorder = window as unknown as RecorderWindow;
    const record: FrameRecord = { frames: [], longTasks: [] };
    recorder.__frameRecord = record;
    recorder.__frameRecorderOn = true;
    const tick = (time: number) => {
      record.frames.push(time);
      if (recorder.__frameRecorderOn) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    new PerformanceObserver((list) => {
      for (const task of list.getEntries()) record.longTasks.push({ start: task.startTime, duration: task.duration });
    }).observe({ type: 'longtask' });
  });
}

export async function stopFrameRecorder(page: Page): Promise<FrameRecord> {
  return page.evaluate(() => {
    const recorder = window as unknown as RecorderWindow;
    recorder.__frameRecorderOn = false;
    return recorder.__frameRecord;
  });
}

/** The gaps between consecutive frames that overlap [from, to]. */
export function frameGapsOverlapping(record: FrameRecord, from: number, to: number): number[] {
  return frameGaps(record).filter((gap) => gap.end >= from && gap.start <= to).map((gap) => gap.end - gap.start);
}

/** The gaps that end in [from, to]: the frames the page managed to paint in that time. */
export function frameGapsEndingWithin(record: FrameRecord, from: number, to: number): number[] {
  return frameGaps(record).filter((gap) => gap.end >= from && gap.end <= to).map((gap) => gap.end - gap.start);
}

function frameGaps(record: FrameRecord): { start: number; end: number }[] {
  return record.frames.slice(1).map((end, i) => ({ start: record.frames[i], end }));
}

export function longTasksWithin(record: FrameRecord, from: number, to: number): number[] {
  return record.longTasks.filter((t) => t.start + t.duration >= from && t.start <= to).map((t) => t.duration);
}
