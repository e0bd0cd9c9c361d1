// Coalesces redraws: however many progress batches arrive, each task runs at most once per
// frame, all due tasks run in the same frame, and frames come at most every MIN_FRAME_MS. Every
// repaint competes with the trainer's WebGL work for the GPU (for the CPU, under software
// rendering), so fewer repaints mean faster training; 20 per second still look smooth.
const MIN_FRAME_MS = 50;

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
  const tasks = [...due];
  due.clear();
  for (const task of tasks) task();
}

export class FrameTask {
  constructor(private readonly work: () => void) {}

  request(): void {
    due.add(this.work);
    schedule();
  }
}
