// Coalesces redraws: however many progress batches arrive, each task runs at most once per
// frame, due tasks run in the same frame until it has used FRAME_BUDGET_MS, and the frames are
// spaced by a FramePacer. Every repaint competes with training for the CPU (and, on WebGL, for the
// GPU), so fewer repaints mean faster training.
import { FramePacer } from './framePacer';

const FRAME_BUDGET_MS = 12;

const due = new Set<() => void>();
const pacer = new FramePacer();
/** Its message arrives once the frame that posted it has been rendered. */
const afterRender = new MessageChannel();
let scheduled = false;
/** The timer that waits out the pacer's gap before asking for the next frame. */
let gapTimer: ReturnType<typeof setTimeout> | undefined;
let lastFrame = -Infinity;
/** Set by drawAllDue: frames come without the gap until no task is due. */
let drainingWithoutGap = false;

afterRender.port1.onmessage = ({ data: frameStart }: MessageEvent<number>) => pacer.record(performance.now() - frameStart);

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  const wait = drainingWithoutGap ? 0 : lastFrame + pacer.gapMs - performance.now();
  if (wait > 0) gapTimer = setTimeout(requestFrame, wait);
  else requestFrame();
}

function requestFrame(): void {
  gapTimer = undefined;
  requestAnimationFrame(runDue);
}

/** The next frame comes without waiting out the gap: for a run's first epochs, which the learner waits for. */
export function drawInNextFrame(): void {
  if (gapTimer === undefined) return;
  clearTimeout(gapTimer);
  requestFrame();
}

/**
 * Every due task runs in the next frames, one after the other, even when the frame budget splits
 * them: for a run's end, whose last points and marks should not wait out a gap.
 */
export function drawAllDue(): void {
  if (!due.size) return;
  drainingWithoutGap = true;
  drawInNextFrame();
}

function runDue(): void {
  scheduled = false;
  lastFrame = performance.now();
  for (const task of [...due]) {
    // A frame that has run long leaves the rest to the next one (a cell's two charts drawing for
    // the first time, while the code is still cold, would otherwise hold one frame for both).
    if (performance.now() - lastFrame > FRAME_BUDGET_MS) break;
    due.delete(task);
    task();
  }
  afterRender.port2.postMessage(lastFrame);
  if (due.size) schedule();
  else drainingWithoutGap = false;
}

export class FrameTask {
  constructor(private readonly work: () => void) {}

  request(): void {
    due.add(this.work);
    schedule();
  }

  /** Not due any more: for a task whose drawing is gone. */
  cancel(): void {
    due.delete(this.work);
  }
}
