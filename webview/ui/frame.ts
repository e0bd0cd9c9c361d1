// Coalesces redraws: however many progress batches arrive, each task runs at most once per
// frame, due tasks run in the same frame until it has used FRAME_BUDGET_MS, and frames come at
// most every MIN_FRAME_MS. Every repaint competes with the trainer's WebGL work for the GPU (for
// the CPU, under software rendering), so fewer repaints mean faster training; 20 per second
// still look smooth.
const MIN_FRAME_MS = 50;
const FRAME_BUDGET_MS = 12;

const due = new Set<() => void>();
let scheduled = false;
let lastFrame = -Infinity;

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  const wait = lastFrame + MIN_FRAME_MS - performance.now();
  if (wait > 0) setTimeout(() => requestAnimationFrame(runDue), wait);
  else requestAnimationFrame(runDue);
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
  if (due.size) schedule();
}

export class FrameTask {
  constructor(private readonly work: () => void) {}

  request(): void {
    due.add(this.work);
    schedule();
  }
}
