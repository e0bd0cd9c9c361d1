// How far apart the panel's frames come. Cheap frames come every MIN_GAP_MS (20 a second). A
// frame that costs the page's main thread more (callbacks, style, layout, paint, commit: about
// 12 ms each under software rendering, where compositing also costs CPU) spaces the next one out,
// so that drawing keeps to MAX_DRAW_SHARE of the main thread and leaves the cores to training.

const MIN_GAP_MS = 50;
/** The chart never looks stuck: at least four frames a second, however dear. */
const MAX_GAP_MS = 250;
const MAX_DRAW_SHARE = 1 / 8;
/** Weight of the newest frame in the running cost: one slow frame alone moves it little. */
const NEWEST_WEIGHT = 0.25;

export class FramePacer {
  /** The running cost starts as that of a cheap frame: the first frames, drawing the charts for the first time, are the dearest. */
  private cost = 0;

  /** A frame's main-thread time, from its first callback until the page could run the next task. */
  record(ms: number): void {
    this.cost += NEWEST_WEIGHT * (ms - this.cost);
  }

  /** The least time from one frame's start to the next one's. */
  get gapMs(): number {
    return Math.min(MAX_GAP_MS, Math.max(MIN_GAP_MS, this.cost / MAX_DRAW_SHARE));
  }
}
